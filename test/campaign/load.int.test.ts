// The load campaign in short for CI, on PGlite (the sync inside `grantscope serve`) and on PostgreSQL (a
// `grantscope worker` process): while a sync makes a changed truth live, every summary read sees either the whole
// old inventory or the whole new one, and the apps list under load fails no request. Latencies are printed, never
// asserted (tests do not judge wall time). The long version is `npm run campaign:load`.
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../../src/store/test-store.ts';
import { type LoadResult, runLoadCampaign } from './load.ts';
import { totalsKey } from './load-measure.ts';
import { table } from './report.ts';

// 15k grants with every OAuth tokens page 30 ms slower during the second sync: it lasts seconds, so the probe
// (every 100 ms) reads the summary many times while the sync runs.
const SHORT = {
  sim: { seed: 7, tokens: 15_000, users: 3_000, localClients: 150, globalClients: 150 },
  slowTokenPagesMs: 30,
  idleSeconds: 3,
  connections: 4,
};

const report = (r: LoadResult) =>
  table(
    ['measure', 'value'],
    [
      ['engine', r.options.engine],
      ...(['idle', 'underSync'] as const).map((k) => [
        `${k} p50 / p95 / p99 ms`,
        `${r[k].p50.toFixed(1)} / ${r[k].p95.toFixed(1)} / ${r[k].p99.toFixed(1)} (${r[k].requests} requests, ${r[k].failed} failed)`,
      ]),
      ['first sync (run)', `${r.firstSync.status} in ${(r.firstSync.runMs / 1000).toFixed(1)} s`],
      [
        'second sync, trigger to seen finished (run)',
        `${r.secondSync.status} in ${r.secondSync.seconds.toFixed(1)} s (${(r.secondSync.runMs / 1000).toFixed(1)} s)`,
      ],
      ['inventory before → after', `${totalsKey(r.before)} → ${totalsKey(r.after)}`],
      [
        'truth changed by',
        `${r.mutation.revoked} revoked tokens, ${r.mutation.installationsRemoved} installations`,
      ],
      ['probes (during the sync, failed)', `${r.probes.taken} (${r.probes.duringSync}, ${r.probes.failed})`],
      ['distinct totals seen', r.probes.seen.map(([k, n]) => `${k} ×${n}`).join('; ')],
      ['probes in between (mixed)', `${r.probes.inBetween} (${r.probes.mixed})`],
      ['campaign wall time', `${(r.ms / 1000).toFixed(1)} s`],
    ],
  );

function expectConsistentUnderLoad(r: LoadResult): void {
  expect(r.firstSync.status).toBe('completed');
  expect(r.secondSync).toMatchObject({ status: 'completed', error: null });
  // The first sync made the whole truth live, and the second the whole changed truth.
  expect(r.before).toEqual(r.mutation.truthBefore);
  expect(r.after).toEqual(r.mutation.truthAfter);
  // The change removed exactly the revoked grants and the deleted installations' apps, and nothing else.
  expect(r.mutation.revoked).toBeGreaterThan(0);
  expect(r.mutation.installationsRemoved).toBe(3);
  expect(r.after).toEqual({
    apps: r.before.apps - r.mutation.installationsRemoved,
    grants: r.before.grants - r.mutation.revoked,
  });
  // Enough reads landed while the sync ran that "none in between" means something.
  expect(r.probes.duringSync).toBeGreaterThanOrEqual(10);
  expect(r.probes.failed).toBe(0);
  expect(r.probes.inBetween).toBe(0);
  expect(r.probes.mixed).toBe(0);
  expect(r.idle.requests).toBeGreaterThan(0);
  expect(r.underSync.requests).toBeGreaterThan(0);
  expect(r.idle.failed).toBe(0);
  expect(r.underSync.failed).toBe(0);
}

describe('load campaign (short)', () => {
  it('on PGlite, a sync inside the server leaves every summary read whole and fails no request', async () => {
    const r = await runLoadCampaign({ engine: 'pglite', ...SHORT });
    console.info(report(r));
    expectConsistentUnderLoad(r);
  }, 150_000);

  it.skipIf(!TEST_DATABASE_URL)(
    'on PostgreSQL, a sync in a worker process leaves every summary read whole and fails no request',
    async () => {
      const r = await runLoadCampaign({
        engine: 'postgres',
        adminUrl: TEST_DATABASE_URL as string,
        ...SHORT,
      });
      console.info(report(r));
      expectConsistentUnderLoad(r);
    },
    150_000,
  );
  if (!TEST_DATABASE_URL)
    console.info('TEST_DATABASE_URL is not set: the load campaign on PostgreSQL is skipped (it runs in CI).');
});
