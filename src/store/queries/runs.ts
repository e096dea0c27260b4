// Sync runs: queued, running (with a heartbeat), then completed or failed with counts, API figures and a reason.
import type { Sql } from '../db.ts';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';
export type RunTrigger = 'created' | 'manual' | 'scheduled' | 'retry';

export interface RunStatsRecord {
  apps: number;
  grants: number;
  users: number;
  apiCalls: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export interface SyncRun {
  id: string;
  integrationId: string;
  status: RunStatus;
  trigger: RunTrigger;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  stats: RunStatsRecord | null;
  warnings: { code: string; message: string }[];
  error: { code: string; message: string } | null;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

function toRun(r: Record<string, unknown>): SyncRun {
  const finished = r.status === 'completed' || r.status === 'failed';
  return {
    id: r.id as string,
    integrationId: r.integration_id as string,
    status: r.status as RunStatus,
    trigger: r.trigger as RunTrigger,
    queuedAt: iso(r.queued_at) as string,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    durationMs: (r.duration_ms as number | null) ?? null,
    stats: finished
      ? {
          apps: (r.apps as number) ?? 0,
          grants: (r.grants as number) ?? 0,
          users: (r.users as number) ?? 0,
          apiCalls: (r.api_calls as number) ?? 0,
          retries: (r.retries as number) ?? 0,
          rateLimitWaits: (r.rate_limit_waits as number) ?? 0,
          rateLimitWaitMs: Number(r.rate_limit_wait_ms ?? 0),
        }
      : null,
    warnings: (r.warnings as SyncRun['warnings'] | null) ?? [],
    error: r.error_code ? { code: r.error_code as string, message: (r.error_message as string) ?? '' } : null,
  };
}

export async function createRun(db: Sql, integrationId: string, trigger: RunTrigger): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO sync_runs (integration_id, status, trigger) VALUES ($1, 'queued', $2) RETURNING id",
    [integrationId, trigger],
  );
  return (row as { id: string }).id;
}

/** Marks a queued run (or a new one) running; returns its id. */
export async function startRun(
  db: Sql,
  integrationId: string,
  runId: string | null,
  jobId: string,
  worker: string,
  trigger: RunTrigger,
): Promise<string> {
  if (runId) {
    const rows = await db.query<{ id: string }>(
      "UPDATE sync_runs SET status = 'running', started_at = now(), heartbeat_at = now(), job_id = $3, worker = $4 WHERE id = $1 AND integration_id = $2 AND status = 'queued' RETURNING id",
      [runId, integrationId, jobId, worker],
    );
    if (rows[0]) return rows[0].id;
  }
  const [row] = await db.query<{ id: string }>(
    "INSERT INTO sync_runs (integration_id, status, trigger, started_at, heartbeat_at, job_id, worker) VALUES ($1, 'running', $2, now(), now(), $3, $4) RETURNING id",
    [integrationId, trigger, jobId, worker],
  );
  return (row as { id: string }).id;
}

export async function heartbeat(db: Sql, runId: string): Promise<void> {
  await db.query("UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'", [runId]);
}

export async function completeRun(
  db: Sql,
  runId: string,
  s: RunStatsRecord,
  warnings: unknown[],
): Promise<void> {
  await db.query(
    `UPDATE sync_runs SET status = 'completed', finished_at = now(), duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int,
       apps = $2, grants = $3, users = $4, api_calls = $5, retries = $6, rate_limit_waits = $7, rate_limit_wait_ms = $8, warnings = $9
     WHERE id = $1`,
    [
      runId,
      s.apps,
      s.grants,
      s.users,
      s.apiCalls,
      s.retries,
      s.rateLimitWaits,
      s.rateLimitWaitMs,
      JSON.stringify(warnings),
    ],
  );
}

export async function failRun(
  db: Sql,
  runId: string,
  code: string,
  message: string,
  s?: Partial<RunStatsRecord>,
): Promise<void> {
  await db.query(
    `UPDATE sync_runs SET status = 'failed', finished_at = now(),
       duration_ms = CASE WHEN started_at IS NULL THEN NULL ELSE (extract(epoch FROM now() - started_at) * 1000)::int END,
       error_code = $2, error_message = $3, api_calls = $4, retries = $5, rate_limit_waits = $6, apps = $7, grants = $8, users = $9
     WHERE id = $1 AND status IN ('queued', 'running')`,
    [
      runId,
      code,
      message.slice(0, 2000),
      s?.apiCalls ?? null,
      s?.retries ?? null,
      s?.rateLimitWaits ?? null,
      s?.apps ?? null,
      s?.grants ?? null,
      s?.users ?? null,
    ],
  );
}

export async function listRuns(db: Sql, integrationId: string, limit = 50): Promise<SyncRun[]> {
  return (
    await db.query('SELECT * FROM sync_runs WHERE integration_id = $1 ORDER BY queued_at DESC, id LIMIT $2', [
      integrationId,
      limit,
    ])
  ).map(toRun);
}

export async function getRun(db: Sql, runId: string): Promise<SyncRun | null> {
  const [row] = await db.query('SELECT * FROM sync_runs WHERE id = $1', [runId]);
  return row ? toRun(row) : null;
}

/**
 * Runs left "running" by a process that died: no heartbeat for `staleSeconds` (0 at the start of the sole owner
 * of an embedded database: any run still marked running died with an earlier process). They are failed with the reason and their staging is dropped.
 */
export async function failAbandonedRuns(
  db: Sql,
  opts: { staleSeconds: number; integrationId?: string },
): Promise<{ id: string; integrationId: string; jobId: string | null }[]> {
  const rows = await db.query<{ id: string; integration_id: string; job_id: string | null }>(
    `UPDATE sync_runs SET status = 'failed', finished_at = now(), error_code = 'worker_lost',
       error_message = 'The worker running this sync stopped (crash, kill or restart) before it finished. The previous inventory was kept; the next sync starts afresh.'
     WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) AND ($2::uuid IS NULL OR integration_id = $2::uuid)
     RETURNING id, integration_id, job_id`,
    [opts.staleSeconds, opts.integrationId ?? null],
  );
  for (const { id } of rows) await dropStage(db, id);
  return rows.map((r) => ({ id: r.id, integrationId: r.integration_id, jobId: r.job_id }));
}

export async function dropStage(db: Sql, runId: string): Promise<void> {
  await db.query('DELETE FROM stage_grants WHERE run_id = $1', [runId]);
  await db.query('DELETE FROM stage_apps WHERE run_id = $1', [runId]);
  await db.query('DELETE FROM stage_users WHERE run_id = $1', [runId]);
}
