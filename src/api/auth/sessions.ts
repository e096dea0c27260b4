// Browser sessions: a random id in an HttpOnly cookie, only its hash stored, 12 hours from sign-in at most, with the
// CSRF token that state-changing requests must echo.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Sql } from '../../store/db.ts';
import type { AppEnv } from '../context.ts';
import { SESSION_COOKIE } from './middleware.ts';
import { newToken, sha256 } from './secrets.ts';

export const SESSION_SECONDS = 12 * 60 * 60;

export interface NewSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  csrfToken: string;
}

export async function createSession(db: Sql, accountId: string): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  await db.query(
    `INSERT INTO sessions (id_hash, account_id, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
    [sha256(token), accountId, csrfToken, SESSION_SECONDS],
  );
  return { token, csrfToken };
}

/** Secure over https, including behind a proxy that terminates TLS and says so. */
function isHttps(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/**
 * Signs the request's browser in as `accountId`: always a new random session id (a session id planted before sign-in
 * must not become authenticated), and the one the request came with is deleted.
 */
export async function startSession(c: Context<AppEnv>, db: Sql, accountId: string): Promise<string> {
  await deleteRequestSession(c, db);
  // Expired sessions are swept here, at the rare moment a new one is made.
  await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  const session = await createSession(db, accountId);
  await db.query('UPDATE accounts SET last_login_at = now() WHERE id = $1', [accountId]);
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: SESSION_SECONDS,
  });
  return session.csrfToken;
}

async function deleteRequestSession(c: Context<AppEnv>, db: Sql): Promise<boolean> {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) await db.query('DELETE FROM sessions WHERE id_hash = $1', [sha256(cookie)]);
  return cookie !== undefined;
}

/** Deletes the request's session server-side (if any) and clears the cookie. */
export async function endSession(c: Context<AppEnv>, db: Sql): Promise<void> {
  if (!(await deleteRequestSession(c, db))) return;
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c), httpOnly: true, sameSite: 'Lax' });
}
