// The sync worker: takes sync jobs in batches (so it never idles between jobs), runs each, and settles each job on
// its own — a transient failure is retried by the queue with backoff, a permanent one is not. Stopping it takes no
// new job and lets in-flight syncs finish within a grace period; past it they are aborted, failed as
// worker_stopped and queued again at once, so another worker (or this server's next start) runs them.
import type { Job } from 'pg-boss';
import { enqueueDue, type Queue, SYNC_QUEUE, type SyncJobData, TICK_QUEUE } from './queue.ts';
import { recoverAbandoned } from './recovery.ts';
import { runSync, type SyncDeps, type SyncOutcome, WorkerStopping } from './run-sync.ts';

export interface WorkerOptions {
  concurrency: number;
  pollingSeconds?: number;
  onOutcome?: (job: SyncJobData, outcome: SyncOutcome) => void;
}

export async function startWorker(
  deps: SyncDeps,
  queue: Queue,
  opts: WorkerOptions,
): Promise<{ stop(graceMs?: number): Promise<void> }> {
  const controller = new AbortController();
  // The sole owner of an embedded database knows any run still marked running died with an earlier process.
  await recoverAbandoned(deps.store, queue, deps.store.engine === 'pglite' ? 0 : deps.abandonedAfterSeconds);
  const ids: [string, string][] = [];
  ids.push([
    SYNC_QUEUE,
    await queue.boss.work<SyncJobData>(
      SYNC_QUEUE,
      {
        batchSize: opts.concurrency,
        pollingIntervalSeconds: opts.pollingSeconds ?? 1,
        burstWhenBatchFull: true,
        perJobResults: true,
      },
      async (jobs: Job<SyncJobData>[]) =>
        Promise.all(
          jobs.map(async (job) => {
            const data = job.data;
            const trigger = job.retryCount > 0 ? 'retry' : data.trigger;
            try {
              const outcome = await runSync(
                deps,
                { ...data, runId: job.retryCount > 0 ? null : data.runId, trigger, jobId: job.id },
                controller.signal,
              );
              opts.onOutcome?.(data, outcome);
              // Stopped by a shutdown: queued again now, not after the queue's retry delay; this job is done.
              if (outcome.status === 'failed' && outcome.problem.code === 'worker_stopped') {
                await queue.enqueue(data.integrationId, 'retry');
                return { id: job.id, status: 'completed' as const, output: outcome };
              }
              const failed = outcome.status === 'failed' && outcome.retriable;
              return {
                id: job.id,
                status: failed ? ('failed' as const) : ('completed' as const),
                output: outcome,
              };
            } catch (error) {
              return { id: job.id, status: 'failed' as const, output: { error: String(error) } };
            }
          }),
        ),
    ),
  ]);
  ids.push([
    TICK_QUEUE,
    await queue.boss.work(TICK_QUEUE, { pollingIntervalSeconds: 5 }, async () =>
      enqueueDue(deps.store, queue),
    ),
  ]);
  return {
    async stop(graceMs = 0) {
      // Take no new job and wait for the running ones (pg-boss waits for the handler), aborting them once the
      // grace period has passed.
      const timer = setTimeout(
        () => controller.abort(new WorkerStopping('the worker is stopping')),
        Math.max(0, graceMs),
      );
      await Promise.all(
        ids.map(([name, id]) => queue.boss.offWork(name, { id, wait: true }).catch(() => {})),
      );
      clearTimeout(timer);
    },
  };
}
