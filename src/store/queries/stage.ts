// The staging area of a running sync: records are appended in batches as the connector yields them (one
// statement per batch, arrays unnested server-side), then read back app by app for the risk pass.
import type { App, Grant, SaasUser } from '../../core/domain.ts';
import type { Sql } from '../db.ts';

export async function stageApps(db: Sql, runId: string, apps: readonly App[]): Promise<void> {
  if (apps.length === 0) return;
  await db.query(
    `INSERT INTO stage_apps (run_id, key, body) SELECT $1, k, b::jsonb FROM unnest($2::text[], $3::text[]) AS t(k, b)
     ON CONFLICT (run_id, key) DO UPDATE SET body = excluded.body`,
    [runId, apps.map((a) => a.key), apps.map((a) => JSON.stringify(a))],
  );
}

export async function stageGrants(db: Sql, runId: string, grants: readonly Grant[]): Promise<void> {
  if (grants.length === 0) return;
  await db.query(
    `INSERT INTO stage_grants (run_id, app_key, saas_id, user_id, scopes, created_at_saas, expires_at, last_used_at)
     SELECT $1, a, s, u, COALESCE(string_to_array(NULLIF(sc, ''), ' '), '{}'), c::timestamptz, e::timestamptz, l::timestamptz
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(a, s, u, sc, c, e, l)`,
    [
      runId,
      grants.map((g) => g.appKey),
      grants.map((g) => g.saasId),
      grants.map((g) => g.userId),
      // OAuth scopes never contain spaces: they are space-separated by definition.
      grants.map((g) => g.scopes.join(' ')),
      grants.map((g) => g.createdAt),
      grants.map((g) => g.expiresAt),
      grants.map((g) => g.lastUsedAt),
    ],
  );
}

export async function stageUsers(db: Sql, runId: string, users: readonly SaasUser[]): Promise<void> {
  if (users.length === 0) return;
  await db.query(
    `INSERT INTO stage_users (run_id, saas_id, name, email, role, active, suspended)
     SELECT $1, i, n, e, r, a, s FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[]) AS t(i, n, e, r, a, s)
     ON CONFLICT (run_id, saas_id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role,
       active = excluded.active, suspended = excluded.suspended`,
    [
      runId,
      users.map((u) => u.id),
      users.map((u) => u.name),
      users.map((u) => u.email),
      users.map((u) => u.role),
      users.map((u) => u.active),
      users.map((u) => u.suspended),
    ],
  );
}

export async function stagedApps(db: Sql, runId: string): Promise<App[]> {
  return (await db.query<{ body: App }>('SELECT body FROM stage_apps WHERE run_id = $1', [runId])).map(
    (r) => r.body,
  );
}

export interface StagedGrant extends Grant {
  userRole: string | null;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/** Every staged grant with its user's role, grouped by app (consecutive), read in bounded pages. */
export async function* stagedGrantsByApp(
  db: Sql,
  runId: string,
  pageSize = 5000,
): AsyncGenerator<StagedGrant[]> {
  let after: [string, number] | null = null;
  let group: StagedGrant[] = [];
  for (;;) {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT g.seq, g.app_key, g.saas_id, g.user_id, g.scopes, g.created_at_saas, g.expires_at, g.last_used_at, u.role
       FROM stage_grants g LEFT JOIN stage_users u ON u.run_id = g.run_id AND u.saas_id = g.user_id
       WHERE g.run_id = $1 AND ($2::text IS NULL OR (g.app_key, g.seq) > ($2::text, $3::bigint))
       ORDER BY g.app_key, g.seq LIMIT $4`,
      [runId, after?.[0] ?? null, after?.[1] ?? null, pageSize],
    );
    for (const r of rows) {
      const grant: StagedGrant = {
        appKey: r.app_key as string,
        saasId: r.saas_id as string,
        userId: (r.user_id as string | null) ?? null,
        scopes: r.scopes as string[],
        createdAt: iso(r.created_at_saas),
        expiresAt: iso(r.expires_at),
        lastUsedAt: iso(r.last_used_at),
        userRole: (r.role as string | null) ?? null,
      };
      if (group.length > 0 && group[0]?.appKey !== grant.appKey) {
        yield group;
        group = [];
      }
      group.push(grant);
    }
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1] as Record<string, unknown>;
    after = [last.app_key as string, Number(last.seq)];
  }
  if (group.length > 0) yield group;
}

export interface AppAssessment {
  key: string;
  scopes: string[];
  categories: string[];
  riskLevel: string;
  riskScore: number;
  riskReasons: unknown;
  riskModel: string;
  userCount: number;
  grantCount: number;
  lastUsedAt: string | null;
}

/** Stores the risk pass's results beside each staged app. */
export async function stageAssessments(
  db: Sql,
  runId: string,
  list: readonly AppAssessment[],
): Promise<void> {
  if (list.length === 0) return;
  await db.query(
    `UPDATE stage_apps s SET body = s.body || v.extra::jsonb FROM unnest($2::text[], $3::text[]) AS v(k, extra)
     WHERE s.run_id = $1 AND s.key = v.k`,
    [runId, list.map((a) => a.key), list.map((a) => JSON.stringify({ assessment: a }))],
  );
}
