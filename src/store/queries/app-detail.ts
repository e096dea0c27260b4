// One live app for its detail page: the app with its integration, and the users who granted it, merged per user.
import type { Sql } from '../db.ts';
import { type AppRow, toAppRow } from './apps.ts';
import { byRecentUse, type MergedGrant, mergeGrants, runsOf, toGrantPart } from './grant-merge.ts';
import { userRef } from './saas-users.ts';
import { iso } from './sql.ts';

export interface AppDetailRow extends AppRow {
  description: string | null;
  saasId: string;
  createdAt: string | null;
  riskModel: string;
  integration: { id: string; name: string; saas: string; tenantUrl: string };
}

export interface AppUser extends MergedGrant {
  /** `${integrationId}:${saasId}` (see GET /api/v1/users/{id}); null for grants Zendesk ties to nobody. */
  id: string | null;
  saasId: string | null;
  /** Null when the user no longer exists in the SaaS; the id is kept. */
  name: string | null;
  email: string | null;
  role: string | null;
}

/** A live app of an existing integration, or null (unknown, removed, or not an id at all). */
export async function getApp(db: Sql, id: string): Promise<AppDetailRow | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const [r] = await db.query(
    `SELECT a.id::text AS id, a.integration_id::text AS integration_id, a.key, a.kind, a.name, a.publisher,
       a.risk_level, a.risk_score, a.risk_reasons, a.scopes, a.categories, a.user_count, a.grant_count, a.last_used_at,
       a.first_seen_at, a.destination_host, a.enabled, a.description, a.saas_id, a.created_at_saas, a.risk_model,
       i.name AS integration_name, i.saas, i.tenant_url
     FROM apps a JOIN integrations i ON i.id = a.integration_id
     WHERE a.id = $1::bigint AND a.removed_at IS NULL`,
    [id],
  );
  if (!r) return null;
  return {
    ...toAppRow(r),
    description: (r.description as string | null) ?? null,
    saasId: r.saas_id as string,
    createdAt: iso(r.created_at_saas),
    riskModel: r.risk_model as string,
    integration: {
      id: r.integration_id as string,
      name: r.integration_name as string,
      saas: r.saas as string,
      tenantUrl: r.tenant_url as string,
    },
  };
}

/** Everyone holding a live grant of the app, one line per user, most recently used first. */
export async function appUsers(
  db: Sql,
  app: { integrationId: string; key: string },
  clock: { now: number; staleDays: number },
): Promise<AppUser[]> {
  const rows = await db.query(
    `SELECT g.user_id, g.saas_id AS grant_id, g.scopes, g.created_at_saas, g.expires_at, g.last_used_at,
       u.name, u.email, u.role
     FROM grants g
     LEFT JOIN saas_users u ON u.integration_id = g.integration_id AND u.saas_id = g.user_id AND u.removed_at IS NULL
     WHERE g.integration_id = $1::uuid AND g.app_key = $2 AND g.removed_at IS NULL
     ORDER BY g.user_id NULLS FIRST, g.saas_id`,
    [app.integrationId, app.key],
  );
  const users: AppUser[] = [];
  for (const run of runsOf(rows, (r) => (r.user_id === null ? '' : `u${r.user_id as string}`))) {
    const first = run[0] as Record<string, unknown>;
    const saasId = (first.user_id as string | null) ?? null;
    users.push({
      id: saasId === null ? null : userRef(app.integrationId, saasId),
      saasId,
      name: (first.name as string | null) ?? null,
      email: (first.email as string | null) ?? null,
      role: (first.role as string | null) ?? null,
      ...mergeGrants(run.map(toGrantPart), clock),
    });
  }
  return users.sort(byRecentUse((u) => u.saasId ?? ''));
}
