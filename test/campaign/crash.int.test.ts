// The crash campaign in short for CI: the whole embedded server (`grantscope serve` on PGlite) killed with SIGKILL
// mid-sync 3 times, and `grantscope worker` processes on PostgreSQL killed during 3 syncs. After every kill each
// inventory equals its last complete run; after every restart the dead run is failed as worker_lost and its retry
// completes; at the end nothing is running, queued or staged. The long version is `npm run campaign:crash`.
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../../src/store/test-store.ts';
import { crashServer } from './crash-server.ts';
import { type CrashResult, crashWorkers } from './crash-workers.ts';
import { table } from './report.ts';

const SEED = Number(process.env.CAMPAIGN_SEED ?? 1);

const report = (r: CrashResult) =>
  table(
    ['kill', 'sync of', 'killed after (ms)', 'where the run was', 'inventories after the kill', 'next start'],
    r.rows.map((x) => [x.n + 1, x.target, x.delayMs, x.stage, x.inventory, x.recovered]),
  );

describe('crash campaign (short)', () => {
  it('SIGKILL of the embedded server mid-sync loses nothing, and the restarted server recovers every run', async () => {
    const r = await crashServer({ seed: SEED, kills: 3 });
    console.info(report(r));
    expect(r.violations).toEqual([]);
    expect(r.rows).toHaveLength(3);
    expect(r.rows.every((x) => x.inventory === 'ok')).toBe(true);
    // The final graceful stop and the last syncs ran: no run left open, nothing staged.
    expect(r.summary).toContainEqual(['runs left running or queued', 0]);
    expect(r.summary).toContainEqual(['staged rows left', 0]);
  }, 240_000);

  it.skipIf(!TEST_DATABASE_URL)(
    'SIGKILL of sync workers on PostgreSQL loses nothing, and the next worker recovers every run',
    async () => {
      const r = await crashWorkers({ seed: SEED, syncs: 3, serverUrl: TEST_DATABASE_URL as string });
      console.info(report(r));
      expect(r.violations).toEqual([]);
      expect(r.rows).toHaveLength(3);
      expect(r.rows.every((x) => x.inventory === 'ok')).toBe(true);
    },
    240_000,
  );
  if (!TEST_DATABASE_URL)
    console.info(
      'TEST_DATABASE_URL is not set: the worker crash campaign on PostgreSQL is skipped (it runs in CI).',
    );
});
