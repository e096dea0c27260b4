// Sign-in throttling shared by every process of a deployment (rows in login_attempts): after 5 failures for one email
// or 20 from one client address within 15 minutes, sign-in answers 429 with Retry-After.
import type { Sql } from '../../store/db.ts';
import { sha256 } from './secrets.ts';

export const WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES = { email: 5, ip: 20 } as const;

export interface Attempt {
  emailKey: string;
  ipRowId: string;
}

export type Begin = { ok: true; attempt: Attempt } | { ok: false; retryAfterSeconds: number };

// Hashed: people sometimes type their password into the email field, and this table keeps what was typed.
const emailKey = (email: string) => `email:${sha256(email.trim().toLowerCase())}`;
const ipKey = (ip: string) => `ip:${ip}`;
const IN_WINDOW = `key = $1 AND at > now() - make_interval(secs => ${WINDOW_SECONDS})`;

/**
 * Records the attempt BEFORE the password is checked, then counts: of many concurrent guesses, at most the allowed
 * number get to verify a password. An attempt that is refused is not counted.
 */
export async function beginAttempt(db: Sql, email: string, ip: string): Promise<Begin> {
  const keys = [
    { key: emailKey(email), max: MAX_FAILURES.email },
    { key: ipKey(ip), max: MAX_FAILURES.ip },
  ];
  const ids: string[] = [];
  for (const { key } of keys) {
    const [row] = await db.query<{ id: string }>(
      'INSERT INTO login_attempts (key) VALUES ($1) RETURNING id::text AS id',
      [key],
    );
    ids.push((row as { id: string }).id);
  }
  const blocked: { key: string; max: number }[] = [];
  for (const k of keys) {
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM login_attempts WHERE ${IN_WINDOW}`,
      [k.key],
    );
    if ((row?.n ?? 0) > k.max) blocked.push(k);
  }
  if (blocked.length === 0)
    return { ok: true, attempt: { emailKey: keys[0]?.key as string, ipRowId: ids[1] as string } };
  await db.query('DELETE FROM login_attempts WHERE id = $1 OR id = $2', ids);
  let retryAfterSeconds = 1;
  for (const k of blocked) {
    // Sign-in reopens when the max-th most recent failure leaves the window.
    const [row] = await db.query<{ s: number }>(
      `SELECT ceil(extract(epoch FROM at + make_interval(secs => ${WINDOW_SECONDS}) - now()))::int AS s
       FROM login_attempts WHERE ${IN_WINDOW} ORDER BY at DESC OFFSET $2 LIMIT 1`,
      [k.key, k.max - 1],
    );
    retryAfterSeconds = Math.max(retryAfterSeconds, row?.s ?? 1);
  }
  return { ok: false, retryAfterSeconds };
}

/** A success clears the email's failures; the address keeps its other failures. */
export async function succeeded(db: Sql, attempt: Attempt): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE key = $1 OR id = $2', [attempt.emailKey, attempt.ipRowId]);
}

/** A failure stays counted; rows older than the window are pruned on the way. */
export async function failed(db: Sql, attempt: Attempt, ip: string): Promise<void> {
  await db.query(
    `DELETE FROM login_attempts WHERE (key = $1 OR key = $2) AND at <= now() - make_interval(secs => ${WINDOW_SECONDS})`,
    [attempt.emailKey, ipKey(ip)],
  );
}
