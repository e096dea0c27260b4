// SaaS users (the people who granted apps, not Grantscope accounts): a list ranked by the riskiest app each
// authorized, and one user with those apps merged per app.
import type { AppKind, RiskLevel } from '../../core/domain.ts';
import type { Sql } from '../db.ts';
import { likePattern } from './apps.ts';
import { type MergedGrant, mergeGrants, runsOf, toGrantPart } from './grant-merge.ts';
import { Params } from './sql.ts';

/**
 * A SaaS user's API id: `${integrationId}:${saasId}`. SaaS ids are only unique within a tenant, so the integration
 * is part of it; a uuid holds no colon, so the first colon splits it (SaaS ids may contain colons).
 */
export function userRef(integrationId: string, saasId: string): string {
  return `${integrationId}:${saasId}`;
}

export function parseUserRef(ref: string): { integrationId: string; saasId: string } | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(.+)$/i.exec(ref);
  return m ? { integrationId: (m[1] as string).toLowerCase(), saasId: m[2] as string } : null;
}

export interface SaasUserRow {
  id: string;
  integrationId: string;
  saasId: string;
  name: string | null;
  email: string | null;
  role: string | null;
  active: boolean | null;
  suspended: boolean | null;
  appCount: number;
  /** The riskiest live app the user authorized; null when none. */
  highestRisk: { level: RiskLevel; score: number } | null;
}

/** Where a page of users starts: the last row's rank (risk score, -1 for none; app count) and identity. */
export interface UserKey {
  score: number;
  apps: number;
  integrationId: string;
  saasId: string;
}

function toUser(r: Record<string, unknown>): SaasUserRow {
  const score = r.max_score === null || r.max_score === undefined ? null : Number(r.max_score);
  return {
    id: userRef(r.integration_id as string, r.saas_id as string),
    integrationId: r.integration_id as string,
    saasId: r.saas_id as string,
    name: (r.name as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    role: (r.role as string | null) ?? null,
    active: (r.active as boolean | null) ?? null,
    suspended: (r.suspended as boolean | null) ?? null,
    appCount: Number(r.app_count ?? 0),
    highestRisk: score === null ? null : { level: r.max_level as RiskLevel, score },
  };
}

// Distinct (user, app) pairs first, then per user: two hash aggregates, where count(DISTINCT) and an ordered
// array_agg sort every grant (2–3× slower at 100k grants). The riskiest app's level rides in the low bits of its
// score: 4 × score + rank of level.
const LEVEL_RANK = `CASE a.risk_level WHEN 'low' THEN 0 WHEN 'medium' THEN 1 WHEN 'high' THEN 2 ELSE 3 END`;

/**
 * Stores each user's rank in the users list — live apps authorized and the riskiest of them — for one integration,
 * from its live grants and apps. Runs inside a complete sync's transaction, after reconcile; rewrites only the
 * users whose rank moved. (Migration 0004 computed the same for inventories that existed before.)
 */
export async function refreshUserRanks(tx: Sql, integrationId: string): Promise<void> {
  await tx.query(
    `WITH pairs AS (
       SELECT DISTINCT g.user_id, a.id, 4 * a.risk_score + ${LEVEL_RANK} AS top
       FROM grants g JOIN apps a ON a.integration_id = g.integration_id AND a.key = g.app_key AND a.removed_at IS NULL
       WHERE g.integration_id = $1 AND g.removed_at IS NULL AND g.user_id IS NOT NULL),
     p AS (
       SELECT user_id, count(*)::int AS app_count, max(top) / 4 AS max_score,
         (ARRAY['low', 'medium', 'high', 'critical'])[max(top) % 4 + 1] AS max_level
       FROM pairs GROUP BY user_id)
     UPDATE saas_users u
     SET app_count = COALESCE(p.app_count, 0), max_risk_score = p.max_score, max_risk_level = p.max_level
     FROM saas_users x LEFT JOIN p ON p.user_id = x.saas_id
     WHERE x.integration_id = $1 AND u.integration_id = $1 AND u.saas_id = x.saas_id
       AND (u.app_count, u.max_risk_score, u.max_risk_level)
         IS DISTINCT FROM (COALESCE(p.app_count, 0), p.max_score, p.max_level)`,
    [integrationId],
  );
}

export async function listUsers(
  db: Sql,
  o: { integrationId?: string | undefined; q?: string | undefined; limit: number; after: UserKey | null },
): Promise<{ items: SaasUserRow[]; next: UserKey | null }> {
  const p = new Params();
  const where = [
    'u.removed_at IS NULL',
    'EXISTS (SELECT 1 FROM integrations i WHERE i.id = u.integration_id)',
  ];
  if (o.integrationId) where.push(`u.integration_id = ${p.add(o.integrationId)}::uuid`);
  if (o.q) {
    const like = p.add(likePattern(o.q));
    where.push(
      `(u.name ILIKE ${like} ESCAPE '\\' OR u.email ILIKE ${like} ESCAPE '\\' OR u.saas_id = ${p.add(o.q)})`,
    );
  }
  // Ranked by negated score and count so that one ascending row comparison expresses the keyset; the same
  // expressions as the saas_users_rank index, which a page then walks instead of every grant.
  const rank = `(-COALESCE(u.max_risk_score, -1)), (-u.app_count), u.integration_id, u.saas_id`;
  if (o.after) {
    const a = o.after;
    where.push(
      `(${rank}) > (${p.add(-a.score)}::int, ${p.add(-a.apps)}::int, ${p.add(a.integrationId)}::uuid, ${p.add(a.saasId)}::text)`,
    );
  }
  const rows = await db.query(
    `SELECT u.integration_id::text AS integration_id, u.saas_id, u.name, u.email, u.role, u.active, u.suspended,
       u.app_count, u.max_risk_score AS max_score, u.max_risk_level AS max_level
     FROM saas_users u
     WHERE ${where.join(' AND ')} ORDER BY ${rank} LIMIT ${p.add(o.limit + 1)}::int`,
    p.values,
  );
  const items = rows.slice(0, o.limit).map(toUser);
  const last = items[o.limit - 1];
  return {
    items,
    next:
      rows.length > o.limit && last
        ? {
            score: last.highestRisk?.score ?? -1,
            apps: last.appCount,
            integrationId: last.integrationId,
            saasId: last.saasId,
          }
        : null,
  };
}

export interface UserApp extends MergedGrant {
  id: string;
  key: string;
  name: string;
  kind: AppKind;
  risk: { level: RiskLevel; score: number };
}

/** A user (live, or still referenced by live grants after leaving the SaaS) with the live apps they granted. */
export async function getUser(
  db: Sql,
  ref: { integrationId: string; saasId: string },
  clock: { now: number; staleDays: number },
): Promise<{ user: SaasUserRow; apps: UserApp[] } | null> {
  const rows = await db.query(
    `SELECT a.id::text AS app_id, a.key, a.name, a.kind, a.risk_level, a.risk_score,
       g.saas_id AS grant_id, g.scopes, g.created_at_saas, g.expires_at, g.last_used_at
     FROM grants g JOIN apps a ON a.integration_id = g.integration_id AND a.key = g.app_key AND a.removed_at IS NULL
     WHERE g.integration_id = $1::uuid AND g.user_id = $2 AND g.removed_at IS NULL
     ORDER BY a.risk_score DESC, a.id, g.saas_id`,
    [ref.integrationId, ref.saasId],
  );
  const [u] = await db.query(
    `SELECT u.integration_id::text AS integration_id, u.saas_id, u.name, u.email, u.role, u.active, u.suspended
     FROM saas_users u JOIN integrations i ON i.id = u.integration_id
     WHERE u.integration_id = $1::uuid AND u.saas_id = $2 AND u.removed_at IS NULL`,
    [ref.integrationId, ref.saasId],
  );
  if (!u && rows.length === 0) return null;
  const apps: UserApp[] = [];
  for (const run of runsOf(rows, (r) => r.app_id as string)) {
    const a = run[0] as Record<string, unknown>;
    apps.push({
      id: a.app_id as string,
      key: a.key as string,
      name: a.name as string,
      kind: a.kind as AppKind,
      risk: { level: a.risk_level as RiskLevel, score: Number(a.risk_score) },
      ...mergeGrants(run.map(toGrantPart), clock),
    });
  }
  const top = apps[0];
  const user = toUser({
    integration_id: ref.integrationId,
    saas_id: ref.saasId,
    ...u,
    app_count: apps.length,
    max_score: top?.risk.score ?? null,
    max_level: top?.risk.level ?? null,
  });
  return { user, apps };
}
