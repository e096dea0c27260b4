// Who is calling: an API key (`Authorization: Bearer gs_…`) or a session cookie; state-changing requests with a
// cookie must carry the session's CSRF token; each route names the role it needs.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor, AppEnv, Role } from '../context.ts';
import { ApiError } from '../errors.ts';
import { sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'gs_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The only API paths open to callers who are not signed in. */
const PUBLIC_PATHS = new Set([
  '/api/v1/auth/status',
  '/api/v1/auth/setup',
  '/api/v1/auth/login',
  '/api/v1/auth/logout',
  '/api/openapi.json',
  '/api/docs',
  '/api/docs.js',
]);

/** Refuses anonymous callers of every non-public API path before any input is validated or described. */
export function requireSignedIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.get('actor') && !PUBLIC_PATHS.has(c.req.path)) {
      throw new ApiError('unauthenticated', 'Sign in, or send an API key as `Authorization: Bearer <key>`.');
    }
    return next();
  };
}

export function resolveActor(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { store } = c.get('deps');
    c.set('actor', null);
    const header = c.req.header('authorization');
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new ApiError('unauthenticated', 'Use `Authorization: Bearer <API key>`.');
      const [key] = await store.query<{ id: string; name: string; role: Role; last_used_at: Date | null }>(
        'SELECT id, name, role, last_used_at FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
        [sha256(m[1] as string)],
      );
      if (!key) throw new ApiError('unauthenticated', 'This API key is unknown or revoked.');
      // Last use is recorded at most once a minute per key: no write on every request.
      if (!key.last_used_at || Date.now() - new Date(key.last_used_at).getTime() > 60_000) {
        await store.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [key.id]);
      }
      c.set('actor', {
        kind: 'api_key',
        id: key.id,
        label: `API key ${key.name}`,
        role: key.role,
        csrfToken: null,
      });
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const [s] = await store.query<{ account_id: string; email: string; role: Role; csrf_token: string }>(
        `SELECT s.account_id, a.email, a.role, s.csrf_token FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT a.disabled`,
        [sha256(cookie)],
      );
      if (s) {
        c.set('actor', {
          kind: 'session',
          id: s.account_id,
          label: s.email,
          role: s.role,
          csrfToken: s.csrf_token,
        });
        // Signing in (again) replaces the session, so it needs no token of the one it replaces.
        const signIn = c.req.path === '/api/v1/auth/login' || c.req.path === '/api/v1/auth/setup';
        if (!SAFE.has(c.req.method) && !signIn && c.req.header(CSRF_HEADER) !== s.csrf_token) {
          throw new ApiError(
            'csrf_failed',
            'This request lacks the X-CSRF-Token of your session. Reload the page and try again.',
          );
        }
      }
    }
    return next();
  };
}

const RANK: Record<Role, number> = { viewer: 1, admin: 2 };

/** The signed-in caller with at least `role`; otherwise 401 (nobody) or 403 (too little). */
export function requireActor(c: Context<AppEnv>, role: Role): Actor {
  const actor = c.get('actor');
  if (!actor)
    throw new ApiError('unauthenticated', 'Sign in, or send an API key as `Authorization: Bearer <key>`.');
  if (RANK[actor.role] < RANK[role])
    throw new ApiError(
      'forbidden',
      `This needs the ${role} role; you are ${actor.role === 'viewer' ? 'a viewer' : 'an admin'}.`,
    );
  return actor;
}
