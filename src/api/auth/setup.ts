// First-run setup: while no account exists, a one-time token (printed by `grantscope serve` as a /setup URL) lets
// whoever reads the server log create the first admin. Only its hash is stored; the plaintext lives in the memory of
// the process that printed it, so a restart prints a new one.
import { timingSafeEqual } from 'node:crypto';
import type { Sql } from '../../store/db.ts';
import { hasAccounts } from './accounts.ts';
import { newToken, sha256 } from './secrets.ts';

const META_KEY = 'setup_token_hash';
/** Per store: a test process opens many. */
const issued = new WeakMap<object, string>();

/** The setup token to print, or null when an account exists (setup is over). */
export async function ensureSetupToken(store: Sql): Promise<string | null> {
  if (await hasAccounts(store)) {
    await store.query('DELETE FROM meta WHERE key = $1', [META_KEY]);
    return null;
  }
  const mine = issued.get(store);
  if (mine) {
    const [row] = await store.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [META_KEY]);
    if (row?.value === sha256(mine)) return mine;
  }
  const token = newToken();
  await store.query(
    'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
    [META_KEY, sha256(token)],
  );
  issued.set(store, token);
  return token;
}

/** Whether `token` is the current setup token; compares hashes in constant time. */
export async function checkSetupToken(db: Sql, token: string): Promise<boolean> {
  const [row] = await db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [META_KEY]);
  const expected = Buffer.from(row?.value ?? '', 'hex');
  const actual = Buffer.from(sha256(token), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Setup is done: the token can never be used again. */
export async function consumeSetupToken(db: Sql): Promise<void> {
  await db.query('DELETE FROM meta WHERE key = $1', [META_KEY]);
}
