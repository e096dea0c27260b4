// The dashboard's numbers: live apps by risk, kind and category, totals, new apps, stale grants, integrations.
import { AppKind, Category, RiskLevel } from '../../core/domain.ts';
import type { Sql } from '../db.ts';
import type { IntegrationStatus } from './integrations.ts';
import { iso } from './sql.ts';

const STATUSES: readonly IntegrationStatus[] = ['connected', 'syncing', 'warning', 'failure', 'disabled'];

export interface IntegrationSync {
  integrationId: string;
  name: string;
  saas: string;
  tenantUrl: string;
  status: IntegrationStatus;
  /** When the last complete inventory became live. */
  lastSyncAt: string | null;
  /** The most recent run, whatever its outcome. */
  lastRun: {
    id: string;
    status: string;
    queuedAt: string;
    finishedAt: string | null;
    error: { code: string; message: string } | null;
  } | null;
}

export interface Summary {
  apps: {
    total: number;
    byRisk: Record<RiskLevel, number>;
    byKind: Record<AppKind, number>;
    byCategory: Record<Category, number>;
  };
  grants: number;
  users: number;
  staleGrants: number;
  newAppsLast7Days: {
    count: number;
    items: {
      id: string;
      name: string;
      kind: AppKind;
      risk: { level: RiskLevel; score: number };
      firstSeenAt: string;
    }[];
  };
  integrations: { byStatus: Record<IntegrationStatus, number>; lastSync: IntegrationSync[] };
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export async function getSummary(
  db: Sql,
  o: { integrationId?: string | undefined; staleCutoff: string; newSince: string },
): Promise<Summary> {
  // The optional integration is always $1; a query's own parameter follows it.
  const params: unknown[] = o.integrationId ? [o.integrationId] : [];
  const only = (column: string) => (o.integrationId ? ` AND ${column} = $1::uuid` : '');
  const next = params.length + 1;
  const q = (text: string, extra: unknown[] = []) => db.query(text, [...params, ...extra]);
  const live = `a.removed_at IS NULL AND EXISTS (SELECT 1 FROM integrations i WHERE i.id = a.integration_id)${only('a.integration_id')}`;
  const [apps, categories, grants, users, fresh, integrations] = await Promise.all([
    q(
      `SELECT a.risk_level, a.kind, count(*)::int AS n FROM apps a WHERE ${live} GROUP BY a.risk_level, a.kind`,
    ),
    q(`SELECT c, count(*)::int AS n FROM apps a, unnest(a.categories) c WHERE ${live} GROUP BY c`),
    q(
      `SELECT count(*)::int AS n,
         count(*) FILTER (WHERE COALESCE(g.last_used_at, g.created_at_saas) <= $${next}::timestamptz)::int AS stale
       FROM grants g WHERE g.removed_at IS NULL${only('g.integration_id')}`,
      [o.staleCutoff],
    ),
    q(`SELECT count(*)::int AS n FROM saas_users u WHERE u.removed_at IS NULL${only('u.integration_id')}`),
    q(
      `SELECT a.id::text AS id, a.name, a.kind, a.risk_level, a.risk_score, a.first_seen_at, count(*) OVER ()::int AS total
       FROM apps a WHERE ${live} AND a.first_seen_at >= $${next}::timestamptz
       ORDER BY a.first_seen_at DESC, a.id DESC LIMIT 10`,
      [o.newSince],
    ),
    q(
      `SELECT i.id::text AS id, i.name, i.saas, i.tenant_url, i.status, i.last_sync_at, r.id::text AS run_id,
         r.status AS run_status, r.queued_at, r.finished_at, r.error_code, r.error_message
       FROM integrations i LEFT JOIN LATERAL (
         SELECT * FROM sync_runs s WHERE s.integration_id = i.id ORDER BY s.queued_at DESC LIMIT 1) r ON TRUE
       WHERE TRUE${only('i.id')} ORDER BY i.name, i.id`,
    ),
  ]);
  const byRisk = zeros(RiskLevel.options);
  const byKind = zeros(AppKind.options);
  let total = 0;
  for (const r of apps) {
    const n = Number(r.n);
    total += n;
    byRisk[r.risk_level as RiskLevel] = (byRisk[r.risk_level as RiskLevel] ?? 0) + n;
    byKind[r.kind as AppKind] = (byKind[r.kind as AppKind] ?? 0) + n;
  }
  const byCategory = zeros(Category.options);
  for (const r of categories) byCategory[r.c as Category] = Number(r.n);
  const byStatus = zeros(STATUSES);
  for (const i of integrations) byStatus[i.status as IntegrationStatus] += 1;
  return {
    apps: { total, byRisk, byKind, byCategory },
    grants: Number(grants[0]?.n ?? 0),
    users: Number(users[0]?.n ?? 0),
    staleGrants: Number(grants[0]?.stale ?? 0),
    newAppsLast7Days: {
      count: Number(fresh[0]?.total ?? 0),
      items: fresh.map((r) => ({
        id: r.id as string,
        name: r.name as string,
        kind: r.kind as AppKind,
        risk: { level: r.risk_level as RiskLevel, score: Number(r.risk_score) },
        firstSeenAt: iso(r.first_seen_at) as string,
      })),
    },
    integrations: {
      byStatus,
      lastSync: integrations.map((r) => ({
        integrationId: r.id as string,
        name: r.name as string,
        saas: r.saas as string,
        tenantUrl: r.tenant_url as string,
        status: r.status as IntegrationStatus,
        lastSyncAt: iso(r.last_sync_at),
        lastRun: r.run_id
          ? {
              id: r.run_id as string,
              status: r.run_status as string,
              queuedAt: iso(r.queued_at) as string,
              finishedAt: iso(r.finished_at),
              error: r.error_code
                ? { code: r.error_code as string, message: (r.error_message as string) ?? '' }
                : null,
            }
          : null,
      })),
    },
  };
}
