// Bench-only: one sync (runSync, unmodified) in its own process against the simulator over HTTP; prints "BENCH {json}".
// Argument: JSON {pass, databaseUrl, dataDir, simUrl, adminEmail, apiToken, integrationId?, analyze?}. Pass "prepare"
// only creates the store and connects the integration. Progress goes to stderr as "MARK {l, t}" lines.
// BENCH_WHATIF (experiments, never the default): "index" adds an index on stage_grants (run_id, app_key, saas_id);
// "analyze" runs ANALYZE on the staged and live tables as the risk pass starts (timed inside the sync).
import { readFileSync, writeFileSync } from 'node:fs';
import { tuneWorker } from '../src/cli/v8-tuning.ts';
import { systemPlatform } from '../src/connectors/http.ts';
import { createIntegration } from '../src/services/integrations.ts';
import { openStore } from '../src/store/db.ts';
import { runSync, type SyncDeps } from '../src/sync/run-sync.ts';
import { createProbe, memorySampler, timedPlatform, timedStore } from './sync-probe.ts';

type Args = {
  pass: 'prepare' | 'initial' | 'update' | 'update after ANALYZE';
  databaseUrl: string | null;
  dataDir: string;
  simUrl: string;
  adminEmail: string;
  apiToken: string;
  integrationId?: string;
  /** Run ANALYZE (what autovacuum would have done by the next scheduled sync) before the sync; not timed in it. */
  analyze?: boolean;
};
const args = JSON.parse(process.argv[2] ?? '{}') as Args;
// On PostgreSQL syncs run in `grantscope worker`: the same V8 settings, so the figure is that process's.
if (args.databaseUrl) tuneWorker();
const KEY = Buffer.alloc(32, 7).toString('base64');
const mb = (kb: number) => kb / 1024;
/** Peak RSS since start or since the last reset (VmHWM), in MiB. */
const hwmMb = () => mb(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]));

const tOpen = performance.now();
const store = await openStore({ databaseUrl: args.databaseUrl, dataDir: args.dataDir, secretKey: KEY });
const openMs = performance.now() - tOpen;
const host = new URL(args.simUrl).host;
const platform = systemPlatform();
let integrationId = args.integrationId;
if (!integrationId) {
  const created = await createIntegration(
    { store, queue: null, platform, allowedHosts: [host], defaultScheduleMinutes: 360 },
    {
      saas: 'zendesk',
      capabilities: ['third_party_apps'],
      credential: {
        kind: 'api_token',
        tenantUrl: args.simUrl,
        adminEmail: args.adminEmail,
        apiToken: args.apiToken,
      },
    },
  );
  if (!created.ok) throw new Error(created.problem.message);
  integrationId = created.integration.id;
}
const openPeakMb = hwmMb();
if (args.pass === 'prepare') {
  await store.close();
  process.stdout.write(`BENCH ${JSON.stringify({ pass: args.pass, integrationId, openMs, openPeakMb })}\n`);
  process.exit(0);
}
const WHATIF = (process.env.BENCH_WHATIF ?? '').split(',');
if (WHATIF.includes('index'))
  await store.query(
    'CREATE INDEX IF NOT EXISTS bench_whatif_stage_grants_key ON stage_grants (run_id, app_key, saas_id)',
  );
let analyzeMs: number | null = null;
if (args.analyze) {
  const t = performance.now();
  await store.query('ANALYZE');
  analyzeMs = performance.now() - t;
}
// From here on VmHWM is the sync's own peak: opening the store (PGlite loading its WASM) no longer counts.
writeFileSync('/proc/self/clear_refs', '5');
const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
/** PGlite's WASM linear memory (it grows and never shrinks), in MiB; null on a server. */
const wasmMb = () => {
  const heap = (store.pglite as unknown as { mod?: { HEAPU8?: Uint8Array } } | null)?.mod?.HEAPU8;
  return heap ? heap.length / 2 ** 20 : null;
};
const wasmBeforeMb = wasmMb();
const sampler = memorySampler();

const probe = createProbe();
const mark = (l: string) =>
  process.stderr.write(`MARK ${JSON.stringify({ l, t: performance.now() - t0 })}\n`);
let phase = '';
probe.onStart = (l, inTx) => {
  const next = inTx
    ? 'reconcile'
    : l === 'SELECT stage_apps'
      ? 'risk pass'
      : l.startsWith('INSERT stage')
        ? 'inventory'
        : '';
  if (inTx) mark(`reconcile: ${l}`);
  else if (next && next !== phase) mark(next);
  if (next) phase = next;
};
const timed = timedStore(store, probe);
let whatifAnalyzed = !WHATIF.includes('analyze');
const deps: SyncDeps = {
  store: {
    ...timed,
    async query(text, params) {
      if (!whatifAnalyzed && text.startsWith('SELECT body FROM stage_apps')) {
        whatifAnalyzed = true;
        await timed.query('ANALYZE stage_apps, stage_grants, stage_users, apps, grants, saas_users');
      }
      return timed.query(text, params);
    },
  },
  platform: timedPlatform(platform, probe),
  allowedHosts: [host],
  staleDays: 90,
  abandonedAfterSeconds: 90,
};
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const outcome = await runSync(deps, {
  integrationId,
  runId: null,
  trigger: args.pass === 'initial' ? 'created' : 'scheduled',
  jobId: `bench-${args.pass}`,
});
const t1 = performance.now();
const cpu = process.cpuUsage(cpu0);
const syncPeakMb = hwmMb();
const peaks = sampler.stop();
const wasmAfterMb = wasmMb();

const live = async (table: string) =>
  Number(
    (
      await store.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE integration_id = $1 AND removed_at IS NULL`,
        [integrationId],
      )
    )[0]?.n,
  );
const counts = { apps: await live('apps'), grants: await live('grants'), users: await live('saas_users') };
const [ev] = await store.query<{ n: string }>(
  'SELECT count(*) AS n FROM change_events WHERE integration_id = $1',
  [integrationId],
);
await store.close();

const m = probe.marks;
const since = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? null : b - a;
const result = {
  pass: args.pass,
  engine: store.engine,
  integrationId,
  outcome:
    outcome.status === 'completed'
      ? { status: 'completed', stats: outcome.stats }
      : outcome.status === 'failed'
        ? { status: 'failed', problem: outcome.problem }
        : outcome,
  openMs,
  analyzeMs,
  totalMs: t1 - t0,
  phases: {
    verifyMs: since(t0, m.inventory),
    inventoryMs: since(m.inventory, m.assess),
    assessMs: since(m.assess, m.finalizeStart),
    finalizeMs: since(m.finalizeStart, m.finalizeEnd),
  },
  httpMs: probe.httpMs,
  httpCalls: probe.httpCalls,
  byLabel: probe.byLabel,
  cpuMs: (cpu.user + cpu.system) / 1000,
  openPeakMb,
  rssBeforeMb,
  syncPeakMb,
  wasm: { beforeMb: wasmBeforeMb, afterMb: wasmAfterMb },
  peaks,
  live: counts,
  changeEvents: Number(ev?.n ?? 0),
};
process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
