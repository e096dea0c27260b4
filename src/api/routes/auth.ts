// Signing in and out: first-run status and setup, login (auth-login.ts), logout, and who the caller is.
import { createRoute, z } from '@hono/zod-openapi';
import { audit } from '../audit.ts';
import { Email, hasAccounts, insertAccount, lockAccounts, Name } from '../auth/accounts.ts';
import { requireActor } from '../auth/middleware.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/secrets.ts';
import { endSession, startSession } from '../auth/sessions.ts';
import { checkSetupToken, consumeSetupToken } from '../auth/setup.ts';
import type { App } from '../context.ts';
import { ApiError, ErrorBody, errorResponses } from '../errors.ts';
import { registerLogin, signedInResponse } from './auth-login.ts';

const statusRoute = createRoute({
  method: 'get',
  path: '/api/v1/auth/status',
  tags: ['Auth'],
  summary: 'Whether first-run setup is still required',
  security: [],
  responses: {
    200: {
      description: 'setupRequired is true while no account exists',
      content: { 'application/json': { schema: z.object({ setupRequired: z.boolean() }) } },
    },
  },
});

const Setup = z.object({
  email: Email,
  name: Name,
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1024),
  setupToken: z
    .string()
    .min(1)
    .max(200)
    .openapi({ description: 'From the /setup URL the server printed at start' }),
});

const setupRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/setup',
  tags: ['Auth'],
  summary: 'Create the first admin (only while no account exists) and sign in',
  security: [],
  request: { body: { required: true, content: { 'application/json': { schema: Setup } } } },
  responses: {
    201: signedInResponse,
    ...errorResponses,
    409: { description: 'Setup is already done', content: { 'application/json': { schema: ErrorBody } } },
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  tags: ['Auth'],
  summary: 'Sign out: the session is deleted on the server and the cookie cleared',
  security: [{ session: [] }],
  responses: { 204: { description: 'Signed out' }, ...errorResponses },
});

const Me = z
  .object({
    kind: z.enum(['session', 'api_key']),
    id: z.string(),
    label: z.string(),
    role: z.enum(['admin', 'viewer']),
    csrfToken: z.string().nullable().openapi({ description: 'Sessions only' }),
  })
  .openapi('Me');

const meRoute = createRoute({
  method: 'get',
  path: '/api/v1/auth/me',
  tags: ['Auth'],
  summary: 'The caller: a session (with its CSRF token) or an API key',
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: Me } } },
    ...errorResponses,
  },
});

export function registerAuth(app: App): void {
  app.openapi(statusRoute, async (c) => {
    const { store } = c.get('deps');
    return c.json({ setupRequired: !(await hasAccounts(store)) }, 200);
  });

  app.openapi(setupRoute, async (c) => {
    const { store } = c.get('deps');
    const body = c.req.valid('json');
    const passwordHash = await hashPassword(body.password);
    const result = await store.transaction(async (tx) => {
      await lockAccounts(tx);
      if (await hasAccounts(tx))
        throw new ApiError('conflict', 'Setup is already done: sign in, or ask an admin for an account.');
      if (!(await checkSetupToken(tx, body.setupToken)))
        throw new ApiError(
          'forbidden',
          'This setup token is not valid: use the /setup URL from the log of the running server (a restart prints a new one).',
        );
      const account = await insertAccount(tx, {
        email: body.email,
        name: body.name,
        role: 'admin',
        passwordHash,
      });
      if (!account) throw new Error('the first account collided with an existing email');
      await consumeSetupToken(tx);
      const actor = {
        kind: 'session',
        id: account.id,
        label: account.email,
        role: 'admin',
        csrfToken: null,
      } as const;
      await audit(tx, actor, 'account.setup', 'account', account.id, { email: account.email });
      const csrfToken = await startSession(c, tx, account.id);
      return { account, csrfToken };
    });
    const { id, email, name, role } = result.account;
    return c.json({ account: { id, email, name, role }, csrfToken: result.csrfToken }, 201);
  });

  registerLogin(app);

  app.openapi(logoutRoute, async (c) => {
    const { store } = c.get('deps');
    // With an API key the cookie was not checked against CSRF, so it is left alone.
    if (c.get('actor')?.kind !== 'api_key') await endSession(c, store);
    return c.body(null, 204);
  });

  app.openapi(meRoute, (c) => {
    const actor = requireActor(c, 'viewer');
    return c.json(actor, 200);
  });
}
