// The job queue (pg-boss): in-process on the embedded database, a Postgres pool on a server. One sync per
// integration at a time (stately queue keyed by integration), retried with backoff on transient failures,
// scheduled by a minute tick that enqueues integrations whose next sync is due.
import { fromPglite, PgBoss } from 'pg-boss';
import type { Store } from '../store/db.ts';
import { claimDueIntegrations } from '../store/queries/integrations.ts';
import { createRun, getRun, type RunTrigger } from '../store/queries/runs.ts';

export const SYNC_QUEUE = 'sync';
const TICK_QUEUE = 'sync-tick';

export interface SyncJobData {
  integrationId: string;
  runId: string | null;
  trigger: RunTrigger;
}

export interface Queue {
  boss: PgBoss;
  /** Queues a sync; when one is already waiting for this integration, that run is returned instead. */
  enqueue(integrationId: string, trigger: RunTrigger): Promise<{ runId: string; queued: boolean }>;
  depth(): Promise<number>;
  stop(opts?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

export async function startQueue(
  store: Store,
  opts: { schedule?: boolean; pollingSeconds?: number } = {},
): Promise<Queue> {
  const boss = store.pglite
    ? new PgBoss({
        db: fromPglite(store.pglite),
        backend: 'pglite',
        schedule: opts.schedule ?? true,
        superviseIntervalSeconds: 10,
      })
    : new PgBoss({
        connectionString: store.databaseUrl as string,
        max: 4,
        schedule: opts.schedule ?? true,
        superviseIntervalSeconds: 10,
      });
  boss.on('error', (error) => {
    // pg-boss reports background failures here; they must not crash the process.
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: 'job queue error', error: String(error) })}\n`,
    );
  });
  await boss.start();
  await ensureQueue(boss, SYNC_QUEUE, {
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 900,
    // A sync heartbeats while it runs; one that stops (its worker was killed) is failed and retried.
    heartbeatSeconds: 30,
    expireInSeconds: 4 * 3600,
    deleteAfterSeconds: 7 * 86_400,
  });
  await ensureQueue(boss, TICK_QUEUE, { policy: 'singleton', retryLimit: 0, expireInSeconds: 60 });
  if (opts.schedule ?? true) await boss.schedule(TICK_QUEUE, '* * * * *');
  return {
    boss,
    async enqueue(integrationId, trigger) {
      const runId = await createRun(store, integrationId, trigger);
      const jobId = await boss.send(SYNC_QUEUE, { integrationId, runId, trigger } satisfies SyncJobData, {
        singletonKey: integrationId,
      });
      if (jobId) return { runId, queued: true };
      // One is already waiting: this trigger is served by it.
      await store.query('DELETE FROM sync_runs WHERE id = $1', [runId]);
      const [waiting] = await store.query<{ id: string }>(
        "SELECT id FROM sync_runs WHERE integration_id = $1 AND status = 'queued' ORDER BY queued_at DESC LIMIT 1",
        [integrationId],
      );
      if (waiting && (await getRun(store, waiting.id))) return { runId: waiting.id, queued: false };
      const running = await store.query<{ id: string }>(
        "SELECT id FROM sync_runs WHERE integration_id = $1 AND status = 'running' ORDER BY started_at DESC LIMIT 1",
        [integrationId],
      );
      return { runId: running[0]?.id ?? runId, queued: false };
    },
    async depth() {
      const q = await boss.getQueue(SYNC_QUEUE);
      return q ? q.queuedCount : 0;
    },
    async stop(o = {}) {
      await boss.stop({ graceful: o.graceful ?? true, timeout: o.timeoutMs ?? 30_000 });
    },
  };
}

/** Queue options are fixed when the queue is first created; processes starting later find it there. */
async function ensureQueue(
  boss: PgBoss,
  name: string,
  options: Parameters<PgBoss['createQueue']>[1],
): Promise<void> {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    // Another process created it between our check and our create.
    if (!(await boss.getQueue(name))) throw error;
  }
}

/** Enqueues every integration whose scheduled sync is due (run once a minute by the tick). */
export async function enqueueDue(store: Store, queue: Queue): Promise<number> {
  const due = await claimDueIntegrations(store);
  for (const id of due) await queue.enqueue(id, 'scheduled');
  return due.length;
}

export { TICK_QUEUE };
