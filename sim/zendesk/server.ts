// The simulated Zendesk: one request handler (usable in-process as `fetch`) and a real HTTP server around it.
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { authenticate, authorize, hasScope } from './auth.ts';
import { type CompiledRoute, type Ctx, compile, type SimRuntime } from './context.ts';
import { json, missingScope, serverError, tooManyRequests } from './errors.ts';
import { createFaultPlan, type FaultPlan, type FaultRule } from './faults.ts';
import { generateTenant, type TenantOptions } from './generator.ts';
import type { Tenant } from './model.ts';
import { createRateLimiter, PLAN_LIMITS, type RateLimitState, rateLimitHeaders } from './rate-limit.ts';
import { createRng } from './rng.ts';
import { accountRoutes } from './routes-account.ts';
import { grantRoutes } from './routes-grant.ts';
import { oauthRoutes } from './routes-oauth.ts';
import { userRoutes } from './routes-users.ts';
import { mangle, type Outcome, RESET, truncatedResponse } from './transport.ts';

export interface SimulatorOptions extends TenantOptions {
  /** Use an existing tenant instead of generating one. */
  tenant?: Tenant;
  /** Requests per window; defaults to the plan's per-minute limit. */
  rateLimit?: number;
  /** Rate-limit window in ms (default 60,000; tests use 1,000). */
  rateWindowMs?: number;
  faults?: FaultRule[];
  /** Who approves consent requests (default: the admin); null shows a sign-in page instead. */
  consentUserId?: number | null;
  now?: () => number;
}

export interface SimulatorStats {
  requests: number;
  byRoute: Record<string, number>;
  rateLimited: number;
  faultsInjected: number;
}

export interface ZendeskSimulator {
  tenant: Tenant;
  faults: FaultPlan;
  runtime: SimRuntime;
  /** A `fetch` that answers in-process, as the network would (resets and aborts included). */
  fetch: typeof fetch;
  /** Answers one request; `RESET` asks the transport to drop the connection. */
  handle(req: Request): Promise<Outcome>;
  stats(): SimulatorStats;
  listen(port?: number, host?: string): Promise<{ url: string; close(): Promise<void> }>;
}

const ROUTES: CompiledRoute[] = [...userRoutes, ...oauthRoutes, ...accountRoutes, ...grantRoutes].map(
  compile,
);

function match(
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((k, i) => {
      params[k] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return null;
}

function delay(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

export function createZendeskSimulator(options: SimulatorOptions = {}): ZendeskSimulator {
  const tenant = options.tenant ?? generateTenant(options);
  const now = options.now ?? Date.now;
  const rng = createRng((options.seed ?? 1) ^ 0x5eed);
  const faults = createFaultPlan(rng, options.faults);
  const limiter = createRateLimiter(
    options.rateLimit ?? PLAN_LIMITS[tenant.plan],
    options.rateWindowMs ?? 60_000,
  );
  const admin = tenant.usersByEmail.get(tenant.credentials.adminEmail.toLowerCase());
  const runtime: SimRuntime = {
    consentUserId: options.consentUserId === undefined ? (admin?.id ?? null) : options.consentUserId,
    consentDecision: 'approve',
    authCodes: new Map(),
    // Issued secrets must be unguessable even though the tenant itself is deterministic.
    newSecret: () => crypto.randomUUID().replaceAll('-', '') + crypto.randomUUID().replaceAll('-', ''),
  };
  const stats: SimulatorStats = { requests: 0, byRoute: {}, rateLimited: 0, faultsInjected: 0 };

  async function handle(req: Request): Promise<Outcome> {
    const url = new URL(req.url);
    const path = url.pathname.replace(/\.json$/, '');
    const found = match(req.method, path);
    stats.requests++;
    if (!found) return json({ error: 'InvalidEndpoint', description: 'Not found' }, 404);
    const { route, params } = found;
    stats.byRoute[route.name] = (stats.byRoute[route.name] ?? 0) + 1;
    const fault = faults.pick(route.name);
    if (fault) stats.faultsInjected++;
    const isApi = path.startsWith('/api/');
    let limit: RateLimitState | null = null;
    const withHeaders = (res: Response): Response => {
      if (limit) for (const [k, v] of Object.entries(rateLimitHeaders(limit))) res.headers.set(k, v);
      return res;
    };
    switch (fault?.kind) {
      case 'reset':
        return RESET;
      case '429':
        stats.rateLimited++;
        if (isApi) limit = { ...limiter.peek(now()), remaining: 0 };
        return withHeaders(tooManyRequests(fault.param ?? 1));
      case '500':
      case '502':
      case '503':
        return serverError(Number(fault.kind));
      case 'slow':
        await delay(fault.param ?? 30_000, req.signal);
        break;
    }
    if (isApi) {
      limit = limiter.take(now());
      if (!limit.allowed) {
        stats.rateLimited++;
        return withHeaders(tooManyRequests(limit.resetSeconds));
      }
    }
    const caller =
      route.auth === 'none'
        ? ({ kind: 'anonymous' } as const)
        : authenticate(req.headers.get('authorization'), tenant, now());
    if (caller instanceof Response) return withHeaders(caller);
    if (route.auth !== 'none') {
      // `optional` (users/me): anyone may ask who they are, suspended or not, as long as a token's scopes allow it.
      const denied =
        route.auth === 'optional'
          ? caller.kind === 'user' && caller.scopes && !hasScope(caller.scopes, route.resource, route.access)
            ? missingScope(route.access)
            : null
          : authorize(caller, route.auth, route.resource, route.access);
      if (denied) return withHeaders(denied);
    }
    const ctx: Ctx = {
      req,
      url,
      origin: url.origin,
      params,
      tenant,
      caller,
      now: now(),
      pageFault: fault?.kind === 'loop-cursor' || fault?.kind === 'foreign-next' ? fault.kind : null,
      sim: runtime,
    };
    const res = withHeaders(await route.handle(ctx));
    return fault?.kind === 'truncate' || fault?.kind === 'invalid-json' ? mangle(res, fault.kind) : res;
  }

  const inProcessFetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    if (req.signal.aborted) throw req.signal.reason;
    const outcome = await handle(req);
    if (outcome === RESET) {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      });
    }
    return outcome instanceof Response ? outcome : truncatedResponse(outcome);
  }) as typeof fetch;

  return {
    tenant,
    faults,
    runtime,
    fetch: inProcessFetch,
    handle,
    stats: () => structuredClone(stats),
    listen: (port = 0, host = '127.0.0.1') => listen(handle, port, host),
  };
}

function listen(handle: (req: Request) => Promise<Outcome>, port: number, host: string) {
  const server = createAdaptorServer({
    fetch: async (req, env) => {
      const outcome = await handle(req);
      if (outcome instanceof Response) return outcome;
      const out = env.outgoing as ServerResponse;
      if (outcome === RESET) out.socket?.destroy();
      else {
        // Promise the whole body, send half of it, then drop the connection.
        out.writeHead(outcome.status, {
          ...Object.fromEntries(outcome.headers),
          'content-length': outcome.fullLength,
        });
        out.write(outcome.partial, () => out.socket?.destroy());
      }
      return RESPONSE_ALREADY_SENT;
    },
  });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${actual}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
