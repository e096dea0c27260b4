// One live app for its detail page, with its integration (its users are paged by app-users.ts).
import type { Sql } from '../db.ts';
import { type AppRow, toAppRow } from './apps.ts';
import { iso } from './sql.ts';

export interface AppDetailRow extends AppRow {
  description: string | null;
  saasId: string;
  createdAt: string | null;
  riskModel: string;
  integration: { id: string; name: string; saas: string; tenantUrl: string };
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
