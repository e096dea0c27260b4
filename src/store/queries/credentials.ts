// Encrypted credentials, one per tenant: saved on connect, read by syncs, rotated atomically (OAuth refresh).
import type { Sql, Store } from '../db.ts';

export interface CredentialRow {
  id: string;
  saas: string;
  tenantUrl: string;
  kind: string;
  sanitized: unknown;
  version: number;
}

/** Saves (or replaces) the credential of a tenant; integrations of that tenant share it. Returns its id. */
export async function saveCredential(
  store: Store,
  tx: Sql,
  c: { saas: string; tenantUrl: string; kind: string; sanitized: unknown; plain: unknown },
): Promise<string> {
  const [existing] = await tx.query<{ id: string }>(
    'SELECT id FROM credentials WHERE saas = $1 AND tenant_url = $2 FOR UPDATE',
    [c.saas, c.tenantUrl],
  );
  const id = existing?.id ?? crypto.randomUUID();
  // The ciphertext is bound to the row id (AAD): copied to another row, it does not decrypt.
  const ciphertext = store.cipher.encrypt(JSON.stringify(c.plain), `credential:${id}`);
  if (existing) {
    await tx.query(
      'UPDATE credentials SET kind = $2, sanitized = $3, ciphertext = $4, version = version + 1, updated_at = now() WHERE id = $1',
      [id, c.kind, JSON.stringify(c.sanitized), ciphertext],
    );
  } else {
    await tx.query(
      'INSERT INTO credentials (id, saas, tenant_url, kind, sanitized, ciphertext) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, c.saas, c.tenantUrl, c.kind, JSON.stringify(c.sanitized), ciphertext],
    );
  }
  return id;
}

export async function findCredential(
  db: Sql,
  saas: string,
  tenantUrl: string,
): Promise<CredentialRow | null> {
  const [row] = await db.query<CredentialRow>(
    'SELECT id, saas, tenant_url AS "tenantUrl", kind, sanitized, version FROM credentials WHERE saas = $1 AND tenant_url = $2',
    [saas, tenantUrl],
  );
  return row ?? null;
}

/** The decrypted credential (secrets included): for the connector only, never for a response or a log. */
export async function loadCredential(store: Store, id: string): Promise<{ plain: unknown; version: number }> {
  const [row] = await store.query<{ ciphertext: string; version: number }>(
    'SELECT ciphertext, version FROM credentials WHERE id = $1',
    [id],
  );
  if (!row) throw new Error(`credential ${id} not found`);
  return {
    plain: JSON.parse(store.cipher.decrypt(row.ciphertext, `credential:${id}`)),
    version: row.version,
  };
}

/**
 * Stores a rotated credential only if nobody rotated it since `version` was read: a refresh token is single-use,
 * so the newest one must win. Returns the new version, or null when another writer was first.
 */
export async function rotateCredential(
  store: Store,
  id: string,
  version: number,
  plain: unknown,
  sanitized: unknown,
): Promise<number | null> {
  const ciphertext = store.cipher.encrypt(JSON.stringify(plain), `credential:${id}`);
  const rows = await store.query<{ version: number }>(
    'UPDATE credentials SET ciphertext = $3, sanitized = $4, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING version',
    [id, version, ciphertext, JSON.stringify(sanitized)],
  );
  return rows[0]?.version ?? null;
}
