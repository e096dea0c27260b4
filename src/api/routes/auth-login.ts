// POST /api/v1/auth/login: email and password for a session cookie, throttled per email and per client address, with
// one answer for every kind of wrong credentials.
import { getConnInfo } from '@hono/node-server/conninfo';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { RoleSchema } from '../auth/accounts.ts';
import { beginAttempt, failed, succeeded } from '../auth/login-throttle.ts';
import { DUMMY_HASH, verifyPassword } from '../auth/secrets.ts';
import { startSession } from '../auth/sessions.ts';
import type { App, AppEnv, Role } from '../context.ts';
import { ApiError, ErrorBody, errorResponses } from '../errors.ts';

export const SignedIn = z
  .object({
    account: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: RoleSchema }),
    csrfToken: z
      .string()
      .openapi({ description: 'Send it as X-CSRF-Token on every state-changing request.' }),
  })
  .openapi('SignedIn');

const Credentials = z.object({
  email: z.string().trim().min(1).max(320),
  // Bounded: a password is hashed before anything else is known about the request.
  password: z.string().min(1).max(1024),
});

export const signedInResponse = {
  description: 'Signed in; the session cookie (gs_session, HttpOnly, 12 hours) is set',
  content: { 'application/json': { schema: SignedIn } },
};

const route = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  tags: ['Auth'],
  summary: 'Sign in with email and password',
  security: [],
  request: { body: { required: true, content: { 'application/json': { schema: Credentials } } } },
  responses: {
    200: signedInResponse,
    ...errorResponses,
    429: {
      description: 'Too many failed sign-ins; Retry-After says when to try again',
      content: { 'application/json': { schema: ErrorBody } },
    },
  },
});

/** The socket's address; X-Forwarded-For is not trusted (any client can send it). */
function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const WRONG = 'The email or password is not correct.';

export function registerLogin(app: App): void {
  app.openapi(route, async (c) => {
    const { store } = c.get('deps');
    const { email, password } = c.req.valid('json');
    const ip = clientAddress(c);
    const begun = await beginAttempt(store, email, ip);
    if (!begun.ok) {
      const minutes = Math.ceil(begun.retryAfterSeconds / 60);
      throw new ApiError(
        'rate_limited',
        `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        { headers: { 'Retry-After': String(begun.retryAfterSeconds) } },
      );
    }
    const [account] = await store.query<{
      id: string;
      email: string;
      name: string;
      role: Role;
      password_hash: string;
      disabled: boolean;
    }>('SELECT id, email, name, role, password_hash, disabled FROM accounts WHERE lower(email) = lower($1)', [
      email,
    ]);
    // Always a full scrypt, so the response time does not tell whether the email exists.
    const valid = await verifyPassword(password, account?.password_hash ?? DUMMY_HASH);
    if (!account || !valid || account.disabled) {
      await failed(store, begun.attempt, ip);
      throw new ApiError('unauthenticated', WRONG);
    }
    await succeeded(store, begun.attempt);
    const csrfToken = await startSession(c, store, account.id);
    return c.json(
      {
        account: { id: account.id, email: account.email, name: account.name, role: account.role },
        csrfToken,
      },
      200,
    );
  });
}
