// Load campaign: does a 100k-grant sync slow the API down, and can a reader ever see a half-written inventory?
// The campaign itself is test/campaign/load.ts (its short version runs in CI: test/campaign/load.int.test.ts);
// this prints its figures as a table (no assertions) and exits 1 when a probe saw totals other than the old or
// the new inventory's.
// Run: npm run campaign:load [-- [--engine pglite|postgres] [postgres://admin-url]]   (default: postgres, local server)
//      (LOAD_SECONDS, LOAD_CONNECTIONS; LOAD_TOKENS scales the tenant: users = tokens / 5, clients = tokens / 100 each)
import { parseArgs } from 'node:util';
import { LOAD_PATH, runLoadCampaign } from '../test/campaign/load.ts';
import { totalsKey } from '../test/campaign/load-measure.ts';
import { DEFAULT_DATABASE_URL } from '../test/campaign/store.ts';

const { values, positionals } = parseArgs({
  options: { engine: { type: 'string', default: 'postgres' } },
  allowPositionals: true,
});
if (values.engine !== 'postgres' && values.engine !== 'pglite') {
  throw new Error(`--engine must be pglite or postgres, not "${values.engine}"`);
}
const tokens = Number(process.env.LOAD_TOKENS ?? 100_000);
const r = await runLoadCampaign({
  engine: values.engine,
  adminUrl: positionals[0] ?? DEFAULT_DATABASE_URL,
  sim: { seed: 7, tokens, users: tokens / 5, localClients: tokens / 100, globalClients: tokens / 100 },
  idleSeconds: Number(process.env.LOAD_SECONDS ?? 10),
  connections: Number(process.env.LOAD_CONNECTIONS ?? 10),
});

const { sim, connections, idleSeconds } = r.options;
const f = (x: number) => x.toFixed(1);
const ratio = r.underSync.p95 / r.idle.p95;
const p = r.probes;
const rows: [string, string][] = [
  [
    'idle p50 / p95 / p99 ms',
    `${f(r.idle.p50)} / ${f(r.idle.p95)} / ${f(r.idle.p99)} (${r.idle.requests} requests, ${r.idle.failed} failed)`,
  ],
  [
    'under sync p50 / p95 / p99 ms',
    `${f(r.underSync.p50)} / ${f(r.underSync.p95)} / ${f(r.underSync.p99)} (${r.underSync.requests} requests over ${f(r.secondSync.seconds)} s, ${r.underSync.failed} failed)`,
  ],
  ['p95 under sync / p95 idle', `${ratio.toFixed(2)}× (target ≤ 2×) ${ratio <= 2 ? '✓' : '✗'}`],
  [
    'second sync',
    `${r.secondSync.status} in ${f(r.secondSync.seconds)} s (run ${f(r.secondSync.runMs / 1000)} s)`,
  ],
  ['inventory before → after', `${totalsKey(r.before)} → ${totalsKey(r.after)}`],
  ['consistency probes (summary, every 100 ms)', `${p.taken}${p.failed ? ` (${p.failed} failed)` : ''}`],
  ['distinct (apps, grants) totals seen', p.seen.map(([k, n]) => `${k} ×${n}`).join('; ')],
  [
    'probes in between (target 0)',
    `${p.inBetween}${p.mixed ? ` (of which mixed old/new totals: ${p.mixed})` : ''} ${p.inBetween === 0 ? '✓' : '✗'}`,
  ],
];
const engine =
  r.options.engine === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded, sync in the server process)';
console.log(
  `\nLoad campaign, ${engine}: simulator seed ${sim.seed}, ${sim.tokens / 1000}k OAuth tokens / ${sim.users / 1000}k users / ${sim.localClients}+${sim.globalClients} clients; truth changed by ${r.mutation.revoked} revoked tokens and ${r.mutation.installationsRemoved} deleted installations; GET ${LOAD_PATH}, ${connections} connections (idle ${idleSeconds} s; under sync: for the whole sync); ${r.cpus} CPUs, load average ${r.loadAtStart.toFixed(1)} at start\n`,
);
console.log('| measure | value |');
console.log('|---|---|');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
console.log(`\nCampaign took ${(r.ms / 1000).toFixed(0)} s.`);
process.exitCode = p.inBetween > 0 ? 1 : 0;
