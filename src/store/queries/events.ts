// Change events (apps added or removed, scopes expanded, grants, risk moves), newest first, in keyset pages.
import type { Sql } from '../db.ts';
import { iso, Params } from './sql.ts';

export const EVENT_TYPES = [
  'app_added',
  'app_removed',
  'scopes_expanded',
  'scopes_reduced',
  'grant_added',
  'grant_removed',
  'risk_changed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface ChangeEvent {
  id: string;
  type: EventType;
  integrationId: string;
  appKey: string;
  appName: string;
  /** The app's id while it is live (to link to it); null once removed. */
  appId: string | null;
  /** The SaaS user of a grant event, when there is one. */
  subject: string | null;
  details: Record<string, unknown>;
  runId: string;
  createdAt: string;
}

export interface EventFilter {
  integrationId?: string | undefined;
  types?: readonly EventType[] | undefined;
  appKey?: string | undefined;
  since?: string | undefined;
}

const SELECT = `SELECT e.id::text AS id, e.type, e.integration_id::text AS integration_id, e.app_key, e.app_name,
    a.id::text AS app_id, e.subject, e.details, e.run_id::text AS run_id, e.created_at
  FROM change_events e
  LEFT JOIN apps a ON a.integration_id = e.integration_id AND a.key = e.app_key AND a.removed_at IS NULL`;

function toEvent(r: Record<string, unknown>): ChangeEvent {
  return {
    id: r.id as string,
    type: r.type as EventType,
    integrationId: r.integration_id as string,
    appKey: r.app_key as string,
    appName: r.app_name as string,
    appId: (r.app_id as string | null) ?? null,
    subject: (r.subject as string | null) ?? null,
    details: (r.details as Record<string, unknown> | null) ?? {},
    runId: r.run_id as string,
    createdAt: iso(r.created_at) as string,
  };
}

/** Newest first; `beforeId` is the last id of the previous page (ids only grow, so they order by time). */
export async function listEvents(
  db: Sql,
  o: { filter: EventFilter; limit: number; beforeId: string | null },
): Promise<{ items: ChangeEvent[]; next: string | null }> {
  const p = new Params();
  const where = ['TRUE'];
  const f = o.filter;
  if (f.integrationId) where.push(`e.integration_id = ${p.add(f.integrationId)}::uuid`);
  if (f.types?.length) where.push(`e.type = ANY(${p.add(f.types)}::text[])`);
  if (f.appKey) where.push(`e.app_key = ${p.add(f.appKey)}`);
  if (f.since) where.push(`e.created_at >= ${p.add(f.since)}::timestamptz`);
  if (o.beforeId) where.push(`e.id < ${p.add(o.beforeId)}::bigint`);
  const rows = await db.query(
    `${SELECT} WHERE ${where.join(' AND ')} ORDER BY e.id DESC LIMIT ${p.add(o.limit + 1)}::int`,
    p.values,
  );
  const items = rows.slice(0, o.limit).map(toEvent);
  return { items, next: rows.length > o.limit ? (items[items.length - 1]?.id ?? null) : null };
}

/** The latest events of one app (by its key, so events from before a removal and return are included). */
export async function appEvents(
  db: Sql,
  app: { integrationId: string; key: string },
  limit: number,
): Promise<ChangeEvent[]> {
  const rows = await db.query(
    `${SELECT} WHERE e.integration_id = $1::uuid AND e.app_key = $2 ORDER BY e.id DESC LIMIT $3::int`,
    [app.integrationId, app.key, limit],
  );
  return rows.map(toEvent);
}
