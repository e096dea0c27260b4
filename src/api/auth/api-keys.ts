// API keys: `gs_` + 256 random bits, shown once at creation and stored only as a SHA-256 hash; shared by the API and
// `grantscope apikey create`.
import type { Sql } from '../../store/db.ts';
import type { Role } from '../context.ts';
import { newToken, sha256 } from './secrets.ts';

/** Enough to tell keys apart in a list, far too little to guess the rest. */
export const PREFIX_LENGTH = 8;

export interface CreatedApiKey {
  id: string;
  /** The only time the key exists in plaintext. */
  key: string;
  prefix: string;
  createdAt: string;
}

export async function createApiKey(
  db: Sql,
  input: { name: string; role: Role; createdBy: string | null },
): Promise<CreatedApiKey> {
  const key = newToken('gs_');
  const prefix = key.slice(0, PREFIX_LENGTH);
  const [row] = await db.query<{ id: string; created_at: Date | string }>(
    `INSERT INTO api_keys (name, role, prefix, key_hash, created_by) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, created_at`,
    [input.name, input.role, prefix, sha256(key), input.createdBy],
  );
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return { id: row.id, key, prefix, createdAt: new Date(row.created_at).toISOString() };
}
