// The queue and worker in one process on each engine: a queued sync runs once, a second trigger while one waits is
// served by it, due integrations are scheduled, and a run left by a dead worker is recovered.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../store/test-store.ts';
import { enqueueDue, type Queue, startQueue } from './queue.ts';
import { recoverAbandoned } from './recovery.ts';
import { type SyncFixture, syncFixture } from './test-support.ts';
import { startWorker } from './worker.ts';

afterAll(closeTemplates);

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(engines())('queue and worker on %s', (engine) => {
  let f: SyncFixture | null = null;
  let queue: Queue | null = null;
  let worker: { stop(): Promise<void> } | null = null;
  afterEach(async () => {
    await worker?.stop();
    await queue?.stop({ graceful: false, timeoutMs: 1000 });
    await f?.t.dispose();
    f = null;
    queue = null;
    worker = null;
  });

  const runStatus = async (fx: SyncFixture, runId: string) =>
    (await fx.t.store.query<{ status: string }>('SELECT status FROM sync_runs WHERE id = $1', [runId]))[0]
      ?.status;

  it('runs a queued sync once, and serves a second trigger with the one already waiting', async () => {
    f = await syncFixture(engine);
    queue = await startQueue(f.t.store, { schedule: false });
    const first = await queue.enqueue(f.integration.id, 'manual');
    const second = await queue.enqueue(f.integration.id, 'manual');
    expect(first.queued).toBe(true);
    expect(second).toEqual({ runId: first.runId, queued: false });
    worker = await startWorker(f.deps, queue, { concurrency: 2, pollingSeconds: 0.5 });
    const fx = f;
    await waitFor(async () => (await runStatus(fx, first.runId)) === 'completed');
    const runs = await f.t.store.query('SELECT id FROM sync_runs WHERE integration_id = $1', [
      f.integration.id,
    ]);
    expect(runs).toHaveLength(1);
    expect(f.sim.stats().byRoute['users.me']).toBe(2); // once when connecting, once for the sync
  });

  it('queues integrations whose scheduled sync is due, once per period', async () => {
    f = await syncFixture(engine);
    queue = await startQueue(f.t.store, { schedule: false });
    await f.t.store.query(
      "UPDATE integrations SET next_sync_at = now() - interval '1 minute' WHERE id = $1",
      [f.integration.id],
    );
    expect(await enqueueDue(f.t.store, queue)).toBe(1);
    expect(await enqueueDue(f.t.store, queue)).toBe(0);
    const [run] = await f.t.store.query<{ trigger: string }>(
      'SELECT trigger FROM sync_runs WHERE integration_id = $1',
      [f.integration.id],
    );
    expect(run?.trigger).toBe('scheduled');
  });

  it('fails a run whose worker died, keeps the inventory, and completes a fresh sync', async () => {
    f = await syncFixture(engine);
    queue = await startQueue(f.t.store, { schedule: false });
    const [row] = await f.t.store.query<{ id: string }>(
      "INSERT INTO sync_runs (integration_id, status, trigger, started_at, heartbeat_at) VALUES ($1, 'running', 'manual', now() - interval '10 minutes', now() - interval '10 minutes') RETURNING id",
      [f.integration.id],
    );
    await f.t.store.query("INSERT INTO stage_apps (run_id, key, body) VALUES ($1, 'x', '{}')", [row?.id]);
    expect(await recoverAbandoned(f.t.store, queue, 60)).toBe(1);
    const fx = f;
    const [dead] = await f.t.store.query<{ status: string; error_code: string }>(
      'SELECT status, error_code FROM sync_runs WHERE id = $1',
      [row?.id],
    );
    expect(dead).toEqual({ status: 'failed', error_code: 'worker_lost' });
    expect(await f.t.store.query('SELECT 1 FROM stage_apps')).toHaveLength(0);
    worker = await startWorker(f.deps, queue, { concurrency: 2, pollingSeconds: 0.5 });
    await waitFor(
      async () =>
        (
          await fx.t.store.query(
            "SELECT 1 FROM sync_runs WHERE integration_id = $1 AND status = 'completed'",
            [fx.integration.id],
          )
        ).length === 1,
    );
  });
});
