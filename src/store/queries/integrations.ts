// Integrations: one configured connection to one tenant with its capabilities, status and schedule.
import type { Sql } from '../db.ts';

export type IntegrationStatus = 'connected' | 'syncing' | 'warning' | 'failure' | 'disabled';

export interface Integration {
  id: string;
  saas: string;
  tenantUrl: string;
  credentialId: string;
  capabilities: string[];
  name: string;
  status: IntegrationStatus;
  statusCode: string | null;
  statusMessage: string | null;
  enabled: boolean;
  scheduleMinutes: number;
  generation: number;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

const COLUMNS = `id, saas, tenant_url, credential_id, capabilities, name, status, status_code, status_message, enabled,
  schedule_minutes, generation, last_sync_at, next_sync_at, created_at, updated_at`;

function toIntegration(r: Record<string, unknown>): Integration {
  return {
    id: r.id as string,
    saas: r.saas as string,
    tenantUrl: r.tenant_url as string,
    credentialId: r.credential_id as string,
    capabilities: r.capabilities as string[],
    name: r.name as string,
    status: r.status as IntegrationStatus,
    statusCode: (r.status_code as string | null) ?? null,
    statusMessage: (r.status_message as string | null) ?? null,
    enabled: r.enabled as boolean,
    scheduleMinutes: r.schedule_minutes as number,
    generation: r.generation as number,
    lastSyncAt: iso(r.last_sync_at),
    nextSyncAt: iso(r.next_sync_at),
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  };
}

export async function insertIntegration(
  db: Sql,
  i: {
    saas: string;
    tenantUrl: string;
    credentialId: string;
    capabilities: string[];
    name: string;
    scheduleMinutes: number;
  },
): Promise<Integration> {
  const [row] = await db.query(
    `INSERT INTO integrations (saas, tenant_url, credential_id, capabilities, name, schedule_minutes, status, next_sync_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'connected', now() + make_interval(mins => $6)) RETURNING ${COLUMNS}`,
    [i.saas, i.tenantUrl, i.credentialId, i.capabilities, i.name, i.scheduleMinutes],
  );
  return toIntegration(row as Record<string, unknown>);
}

export async function getIntegration(db: Sql, id: string): Promise<Integration | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.query(`SELECT ${COLUMNS} FROM integrations WHERE id = $1`, [id]);
  return row ? toIntegration(row) : null;
}

export async function listIntegrations(db: Sql): Promise<Integration[]> {
  return (await db.query(`SELECT ${COLUMNS} FROM integrations ORDER BY created_at, id`)).map(toIntegration);
}

export async function findIntegrationsOfTenant(
  db: Sql,
  saas: string,
  tenantUrl: string,
): Promise<Integration[]> {
  return (
    await db.query(
      `SELECT ${COLUMNS} FROM integrations WHERE saas = $1 AND tenant_url = $2 ORDER BY created_at`,
      [saas, tenantUrl],
    )
  ).map(toIntegration);
}

export async function setStatus(
  db: Sql,
  id: string,
  status: IntegrationStatus,
  code: string | null = null,
  message: string | null = null,
): Promise<void> {
  await db.query(
    'UPDATE integrations SET status = $2, status_code = $3, status_message = $4, updated_at = now() WHERE id = $1',
    [id, status, code, message],
  );
}

export async function updateIntegration(
  db: Sql,
  id: string,
  patch: { name?: string; enabled?: boolean; scheduleMinutes?: number },
): Promise<Integration | null> {
  const [row] = await db.query(
    `UPDATE integrations SET
       name = COALESCE($2, name),
       enabled = COALESCE($3, enabled),
       schedule_minutes = COALESCE($4, schedule_minutes),
       next_sync_at = CASE WHEN $4::int IS NULL THEN next_sync_at ELSE COALESCE(last_sync_at, now()) + make_interval(mins => $4::int) END,
       status = CASE WHEN $3::boolean IS FALSE THEN 'disabled' WHEN $3::boolean IS TRUE AND status = 'disabled' THEN 'connected' ELSE status END,
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, patch.name ?? null, patch.enabled ?? null, patch.scheduleMinutes ?? null],
  );
  return row ? toIntegration(row) : null;
}

export async function deleteIntegration(db: Sql, id: string): Promise<boolean> {
  const rows = await db.query<{ credential_id: string }>(
    'DELETE FROM integrations WHERE id = $1 RETURNING credential_id',
    [id],
  );
  const credentialId = rows[0]?.credential_id;
  if (!credentialId) return false;
  // The credential goes with the tenant's last integration: nothing secret is kept that no integration uses.
  await db.query(
    'DELETE FROM credentials WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM integrations WHERE credential_id = $1)',
    [credentialId],
  );
  return true;
}

/** Integrations whose next scheduled sync is due; their next time moves on, so each is picked once per period. */
export async function claimDueIntegrations(db: Sql, limit = 100): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE integrations SET next_sync_at = now() + make_interval(mins => schedule_minutes)
     WHERE id IN (SELECT id FROM integrations WHERE enabled AND next_sync_at <= now() ORDER BY next_sync_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [limit],
  );
  return rows.map((r) => r.id);
}
