// The HTTP API: request ids, security headers, structured logs, metrics, authentication, the one error shape, and
// every route registered from its own file; the OpenAPI document is generated from the same zod schemas.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requireSignedIn, resolveActor } from './auth/middleware.ts';
import type { ApiDeps, AppEnv } from './context.ts';
import { ApiError, errorResponse } from './errors.ts';
import { inputGuard } from './input-guard.ts';
import { registerRoutes } from './routes/index.ts';
import { registerStatic } from './static.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  };
}

export function createApp(deps: ApiDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // Validation errors name the field, in the one error shape.
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue?.path.map(String).join('.') || undefined;
      return errorResponse(
        c,
        new ApiError(
          'validation_failed',
          `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid input'}`,
          { ...(field && { field }) },
        ),
      );
    },
  });
  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    c.set('requestId', given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID());
    c.set('deps', deps);
    c.header('X-Request-Id', c.get('requestId'));
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath || 'unmatched';
    deps.metrics.inc('grantscope_http_requests_total', {
      method: c.req.method,
      route,
      status: String(c.res.status),
    });
    deps.metrics.observe('grantscope_http_request_duration_seconds', seconds, { route });
    // Paths and status only: never headers, bodies or query strings, which can carry secrets.
    deps.log.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 1000),
      },
      'request',
    );
  });
  app.use('*', securityHeaders());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new ApiError('payload_too_large', 'The request body is larger than 1 MiB.');
      },
    }),
  );
  app.use('/api/*', resolveActor());
  app.use('/api/*', requireSignedIn());
  app.use('/api/*', inputGuard());
  // /metrics needs a viewer key too: without the caller resolved here, every scrape was refused as anonymous.
  app.use('/metrics', resolveActor());
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    // Malformed JSON bodies and other content types surface here from the validator. (HTTPException sets no
    // `name`: matching on it let every one of them through as a 500.)
    if (error instanceof SyntaxError || error instanceof HTTPException) {
      const status = error instanceof HTTPException ? error.status : 400;
      if (status === 401) return errorResponse(c, new ApiError('unauthenticated', 'Sign in first.'));
      if (status === 415)
        return errorResponse(
          c,
          new ApiError('bad_request', 'Send the body as JSON (Content-Type: application/json).'),
        );
      return errorResponse(c, new ApiError('bad_request', 'The request body is not valid JSON.'));
    }
    deps.log.error(
      {
        requestId: c.get('requestId'),
        err: {
          name: (error as Error).name,
          message: (error as Error).message,
          stack: (error as Error).stack,
        },
      },
      'unhandled error',
    );
    return errorResponse(
      c,
      new ApiError(
        'internal',
        'Something went wrong on our side. The request id identifies it in the server log.',
      ),
    );
  });
  app.notFound((c) =>
    errorResponse(c, new ApiError('not_found', `Nothing at ${c.req.method} ${c.req.path}.`)),
  );
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`grantscope apikey create`).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'gs_session',
    description: 'A browser session; state-changing requests also need the X-CSRF-Token header.',
  });
  registerRoutes(app);
  registerStatic(app);
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Grantscope API',
      version: '1.0.0',
      description:
        'Third-party access to your SaaS tenants: integrations, apps (plugins), grants, users, change events.',
    },
    security: [{ apiKey: [] }, { session: [] }],
  });
  return app;
}
