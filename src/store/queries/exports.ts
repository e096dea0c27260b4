// The exports' reads: every matching app, and every app × user line, in keyset batches so memory stays at one
// batch however large the inventory is.
import type { AppKind, RiskLevel } from '../../core/domain.ts';
import type { Sql } from '../db.ts';
import { type AppFilter, type AppKey, type AppRow, appConditions, listApps } from './apps.ts';
import { type GrantPart, type MergedGrant, mergeGrants, toGrantPart } from './grant-merge.ts';
import { userRef } from './saas-users.ts';
import { Params } from './sql.ts';

export const EXPORT_BATCH = 1000;

/** Every matching app by id: a sync finishing mid-download moves risk scores, never ids. */
export async function* exportApps(db: Sql, o: { filter: AppFilter; batch?: number }): AsyncGenerator<AppRow> {
  let after: AppKey | null = null;
  do {
    const page = await listApps(db, {
      filter: o.filter,
      sort: 'id',
      order: 'asc',
      limit: o.batch ?? EXPORT_BATCH,
      after,
    });
    yield* page.items;
    after = page.next;
  } while (after);
}

export interface GrantLine extends MergedGrant {
  appId: string;
  integrationId: string;
  appKey: string;
  appName: string;
  appKind: AppKind;
  risk: { level: RiskLevel; score: number };
  /** `${integrationId}:${saasId}`, as in GET /api/v1/users/{id}; null for grants tied to nobody. */
  userId: string | null;
  userSaasId: string | null;
  userName: string | null;
  userEmail: string | null;
  userRole: string | null;
}

interface Pending {
  key: string;
  head: Record<string, unknown>;
  parts: GrantPart[];
}

function line(p: Pending, clock: { now: number; staleDays: number }): GrantLine {
  const h = p.head;
  const saasId = (h.user_id as string | null) ?? null;
  return {
    appId: h.app_id as string,
    integrationId: h.integration_id as string,
    appKey: h.key as string,
    appName: h.app_name as string,
    appKind: h.kind as AppKind,
    risk: { level: h.risk_level as RiskLevel, score: Number(h.risk_score) },
    userId: saasId === null ? null : userRef(h.integration_id as string, saasId),
    userSaasId: saasId,
    userName: (h.user_name as string | null) ?? null,
    userEmail: (h.email as string | null) ?? null,
    userRole: (h.role as string | null) ?? null,
    ...mergeGrants(p.parts, clock),
  };
}

/**
 * One line per app × user, apps by id. Rows arrive ordered by (app, user, grant), so one user's grants of one
 * app are adjacent and are merged as they stream, even across a batch boundary.
 */
export async function* exportGrants(
  db: Sql,
  o: { filter: AppFilter; clock: { now: number; staleDays: number }; batch?: number },
): AsyncGenerator<GrantLine> {
  const batch = o.batch ?? EXPORT_BATCH;
  let after: { appId: string; userKey: string; grantId: string } | null = null;
  let pending: Pending | null = null;
  for (;;) {
    const p = new Params();
    const where = appConditions(o.filter, p);
    let resume = 'TRUE';
    if (after) {
      const appId = `${p.add(after.appId)}::bigint`;
      where.push(`a.id >= ${appId}`);
      resume = `(a.id > ${appId} OR (COALESCE(g.user_id, ''), g.saas_id) > (${p.add(after.userKey)}::text, ${p.add(after.grantId)}::text))`;
    }
    // Grants joined per app (LATERAL) in app id order: each batch reads about its own rows. A plain join let the
    // planner misjudge the keyset condition and hash the whole grants table for every late batch.
    const rows = await db.query(
      `SELECT a.id::text AS app_id, a.integration_id::text AS integration_id, a.key, a.name AS app_name, a.kind,
         a.risk_level, a.risk_score, g.user_id, g.user_key, g.grant_id, g.scopes, g.created_at_saas, g.expires_at,
         g.last_used_at, u.name AS user_name, u.email, u.role
       FROM apps a
       CROSS JOIN LATERAL (
         SELECT g.user_id, COALESCE(g.user_id, '') AS user_key, g.saas_id AS grant_id, g.scopes, g.created_at_saas,
           g.expires_at, g.last_used_at
         FROM grants g
         WHERE g.integration_id = a.integration_id AND g.app_key = a.key AND g.removed_at IS NULL AND ${resume}
         ORDER BY COALESCE(g.user_id, ''), g.saas_id) g
       LEFT JOIN saas_users u ON u.integration_id = a.integration_id AND u.saas_id = g.user_id AND u.removed_at IS NULL
       WHERE ${where.join(' AND ')}
       ORDER BY a.id, g.user_key, g.grant_id LIMIT ${p.add(batch)}::int`,
      p.values,
    );
    for (const r of rows) {
      const key = `${r.app_id as string}\u0000${r.user_key as string}`;
      if (pending && pending.key !== key) {
        yield line(pending, o.clock);
        pending = null;
      }
      pending ??= { key, head: r, parts: [] };
      pending.parts.push(toGrantPart(r));
    }
    const last = rows[rows.length - 1];
    if (rows.length < batch || !last) break;
    after = {
      appId: last.app_id as string,
      userKey: last.user_key as string,
      grantId: last.grant_id as string,
    };
  }
  if (pending) yield line(pending, o.clock);
}
