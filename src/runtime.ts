// The composition root: configuration, store, queue and worker wired together once, for every command that
// needs them. Platform access (fetch, clock) is created here and nowhere deeper.

import type { Config } from './config.ts';
import { systemPlatform } from './connectors/http.ts';
import { openStore, type Store } from './store/db.ts';
import type { SyncJobData } from './sync/queue.ts';
import { type Queue, startQueue } from './sync/queue.ts';
import type { SyncDeps, SyncOutcome } from './sync/run-sync.ts';
import { startWorker } from './sync/worker.ts';

export interface Runtime {
  config: Config;
  store: Store;
  queue: Queue;
  deps: SyncDeps;
  stop(): Promise<void>;
}

export async function startRuntime(
  config: Config,
  opts: { worker: boolean; schedule?: boolean; onOutcome?: (job: SyncJobData, outcome: SyncOutcome) => void },
): Promise<Runtime> {
  const store = await openStore(config);
  let queue: Queue;
  try {
    queue = await startQueue(store, { schedule: opts.schedule ?? opts.worker });
  } catch (e) {
    await store.close();
    throw e;
  }
  const deps: SyncDeps = {
    store,
    platform: systemPlatform(),
    allowedHosts: config.allowedHosts,
    staleDays: config.staleDays,
    abandonedAfterSeconds: config.abandonedAfterSeconds,
  };
  const worker = opts.worker
    ? await startWorker(deps, queue, {
        concurrency: config.workerConcurrency,
        ...(opts.onOutcome && { onOutcome: opts.onOutcome }),
      })
    : null;
  let stopped = false;
  return {
    config,
    store,
    queue,
    deps,
    async stop() {
      if (stopped) return;
      stopped = true;
      // In-flight syncs may finish within the grace period; past it they stop and are queued again (worker.ts).
      await worker?.stop(config.shutdownGraceSeconds * 1000);
      await queue.stop({ graceful: true, timeoutMs: 30_000 });
      await store.close();
    },
  };
}
