// Who holds a live grant of one app: pages of one line per user (their grants merged), most recently used first,
// paged by keyset in SQL so a request reads one page of users whatever the app's size; and the app's user counts.
import { DAY_MS } from '../../core/risk-usage.ts';
import type { Sql } from '../db.ts';
import { fromMicros, likePattern, toMicros } from './apps.ts';
import { type MergedGrant, mergeGrants, runsOf, toGrantPart } from './grant-merge.ts';
import { userRef } from './saas-users.ts';
import { Params } from './sql.ts';

export interface AppUser extends MergedGrant {
  /** `${integrationId}:${saasId}` (see GET /api/v1/users/{id}); null for grants Zendesk ties to nobody. */
  id: string | null;
  saasId: string | null;
  /** Null when the user no longer exists in the SaaS; the id is kept. */
  name: string | null;
  email: string | null;
  role: string | null;
}

/** Where a page starts: the last line's latest use (epoch microseconds, null for never) and its user id. */
export interface AppUserKey {
  lastUsed: string | null;
  /** '' for the one line of grants tied to no user, as it sorts among ties. */
  user: string;
}

export interface AppUserPage {
  items: AppUser[];
  /** Lines matching the filter, on every page. */
  total: number;
  next: AppUserKey | null;
}

type AppRef = { integrationId: string; key: string };
type Clock = { now: number; staleDays: number };

// The user's line key: grants without a user are one line, keyed '' (what sorts them among equals today).
// Byte order ("C") so the order and the keyset agree on every engine, whatever the database's collation.
const LINE = `COALESCE(g.user_id, '') COLLATE "C"`;
const ORDER = `last_used DESC NULLS LAST, line ASC`;

function keyset(after: AppUserKey, p: Params): string {
  const line = `${p.add(after.user)}::text COLLATE "C"`;
  if (after.lastUsed === null) return `last_used IS NULL AND line > ${line}`;
  const v = fromMicros(p.add(after.lastUsed));
  return `(last_used < ${v} OR (last_used = ${v} AND line > ${line}) OR last_used IS NULL)`;
}

/**
 * One page of the app's user lines. The grouping, filter, count and ORDER BY / LIMIT run in SQL over the app's
 * grants; only the page's users' grants come back to be merged.
 */
export async function appUsersPage(
  db: Sql,
  app: AppRef,
  o: { q?: string | undefined; limit: number; after: AppUserKey | null },
  clock: Clock,
): Promise<AppUserPage> {
  const p = new Params();
  const where = [
    `g.integration_id = ${p.add(app.integrationId)}::uuid`,
    `g.app_key = ${p.add(app.key)}`,
    'g.removed_at IS NULL',
  ];
  if (o.q) {
    const like = p.add(likePattern(o.q));
    where.push(`(g.user_id ILIKE ${like} ESCAPE '\\' OR EXISTS (
      SELECT 1 FROM saas_users u WHERE u.integration_id = g.integration_id AND u.saas_id = g.user_id
        AND u.removed_at IS NULL AND (u.name ILIKE ${like} ESCAPE '\\' OR u.email ILIKE ${like} ESCAPE '\\')))`);
  }
  const filterValues = p.values.length;
  const page = o.after ? `WHERE ${keyset(o.after, p)}` : '';
  // count(*) OVER () runs after GROUP BY: the number of lines, before the keyset narrows them.
  const rows = await db.query(
    `WITH lines AS (
       SELECT g.user_id, ${LINE} AS line, max(g.last_used_at) AS last_used, count(*) OVER ()::int AS total
       FROM grants g WHERE ${where.join(' AND ')} GROUP BY g.user_id)
     SELECT user_id, ${toMicros('last_used')} AS sort_value, total FROM lines ${page}
     ORDER BY ${ORDER} LIMIT ${p.add(o.limit + 1)}::int`,
    p.values,
  );
  const shown = rows.slice(0, o.limit);
  const total =
    rows[0] !== undefined
      ? Number(rows[0].total)
      : o.after
        ? await countLines(db, where, p.values.slice(0, filterValues))
        : 0;
  const last = shown[o.limit - 1];
  return {
    items: await mergedLines(
      db,
      app,
      shown.map((r) => (r.user_id as string | null) ?? null),
      clock,
    ),
    total,
    next:
      rows.length > o.limit && last
        ? {
            lastUsed: (last.sort_value as string | null) ?? null,
            user: (last.user_id as string | null) ?? '',
          }
        : null,
  };
}

/** A page past the end (the inventory changed since its cursor) still says how many lines there are. */
async function countLines(db: Sql, where: string[], values: unknown[]): Promise<number> {
  const [r] = await db.query(
    `SELECT count(DISTINCT ${LINE})::int AS n FROM grants g WHERE ${where.join(' AND ')}`,
    values,
  );
  return Number(r?.n ?? 0);
}

/** The given users' lines (null: the grants tied to no user), in the order given, each merged as mergeGrants does. */
async function mergedLines(db: Sql, app: AppRef, users: (string | null)[], clock: Clock): Promise<AppUser[]> {
  if (users.length === 0) return [];
  const ids = users.filter((u): u is string => u !== null);
  const rows = await db.query(
    `SELECT g.user_id, g.saas_id AS grant_id, g.scopes, g.created_at_saas, g.expires_at, g.last_used_at,
       u.name, u.email, u.role
     FROM grants g
     LEFT JOIN saas_users u ON u.integration_id = g.integration_id AND u.saas_id = g.user_id AND u.removed_at IS NULL
     WHERE g.integration_id = $1::uuid AND g.app_key = $2 AND g.removed_at IS NULL
       AND (g.user_id = ANY($3::text[]) OR ($4::boolean AND g.user_id IS NULL))
     ORDER BY g.user_id NULLS FIRST, g.saas_id`,
    [app.integrationId, app.key, ids, ids.length < users.length],
  );
  const lines = new Map<string | null, AppUser>();
  for (const run of runsOf(rows, (r) => (r.user_id === null ? '' : `u${r.user_id as string}`))) {
    const first = run[0] as Record<string, unknown>;
    const saasId = (first.user_id as string | null) ?? null;
    lines.set(saasId, {
      id: saasId === null ? null : userRef(app.integrationId, saasId),
      saasId,
      name: (first.name as string | null) ?? null,
      email: (first.email as string | null) ?? null,
      role: (first.role as string | null) ?? null,
      ...mergeGrants(run.map(toGrantPart), clock),
    });
  }
  return users.flatMap((u) => lines.get(u) ?? []);
}

/**
 * The app's users and how many of them are stale, by the risk model's rule as mergeGrants applies it to a user's
 * merged grants: last used at least `staleDays` ago, or never used and first granted at least that long ago.
 * Timestamps are cut to milliseconds first, as the merged line's ISO strings are.
 */
export async function appUserCounts(
  db: Sql,
  app: AppRef,
  clock: Clock,
): Promise<{ userCount: number; staleUserCount: number }> {
  const cutoff = new Date(clock.now - clock.staleDays * DAY_MS).toISOString();
  const [r] = await db.query(
    `SELECT count(*)::int AS users, count(*) FILTER (WHERE stale)::int AS stale FROM (
       SELECT CASE WHEN max(g.last_used_at) IS NOT NULL
           THEN date_trunc('milliseconds', max(g.last_used_at)) <= $3::timestamptz
           ELSE COALESCE(date_trunc('milliseconds', min(g.created_at_saas)) <= $3::timestamptz, false) END AS stale
       FROM grants g
       WHERE g.integration_id = $1::uuid AND g.app_key = $2 AND g.removed_at IS NULL AND g.user_id IS NOT NULL
       GROUP BY g.user_id) per_user`,
    [app.integrationId, app.key, cutoff],
  );
  return { userCount: Number(r?.users ?? 0), staleUserCount: Number(r?.stale ?? 0) };
}
