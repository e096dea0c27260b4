// Recovery from dead workers: a sync whose heartbeat stopped is failed with the reason, its staging dropped, its
// queue job cancelled (so it no longer holds the integration's slot) and a fresh sync queued in its place.

import type { Store } from '../store/db.ts';
import { setStatus } from '../store/queries/integrations.ts';
import { failAbandonedRuns } from '../store/queries/runs.ts';
import { type Queue, SYNC_QUEUE } from './queue.ts';

export async function recoverAbandoned(store: Store, queue: Queue, staleSeconds: number): Promise<number> {
  const dead = await failAbandonedRuns(store, { staleSeconds });
  for (const run of dead) {
    if (run.jobId) await queue.boss.cancel(SYNC_QUEUE, run.jobId).catch(() => {});
    await setStatus(
      store,
      run.integrationId,
      'warning',
      'worker_lost',
      'The last sync stopped with its worker; the previous inventory is shown and a new sync was queued.',
    );
    await queue.enqueue(run.integrationId, 'retry');
  }
  return dead.length;
}
