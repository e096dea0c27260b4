// End-to-end sync (runSync) at 10k and 100k grants on PGlite and PostgreSQL: time, rows/s, phases, peak RSS.
// Run: npm run bench:sync   (prints a markdown table; no assertions). Env: BENCH_SIZES ("10k,100k"), BENCH_ENGINES
// ("pglite,postgres"), BENCH_CAP_S (kill an update sync after this; default: the engine's time target; an initial
// one after 3× that of PGlite), BENCH_DATABASE_URL,
// BENCH_CPU_PROF (a folder: profile each sync process with --cpu-prof and print its top self-time functions).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { topSelf } from './cpu-top.ts';
import {
  admin,
  type ChildRun,
  dropDb,
  endBackends,
  runChild,
  setting,
  startSim,
  type Truth,
  withDb,
} from './sync-procs.ts';

const SEED = 7;
const USERS = 20_000;
const LOCAL = 1_000;
const GLOBAL = 1_000;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PROF = process.env.BENCH_CPU_PROF ?? null;
const only = (v: string | undefined) => v?.split(',').map((s) => s.trim());
const SIZES = [
  { label: '10k', tokens: 10_000 },
  { label: '100k', tokens: 100_000 },
].filter((s) => only(process.env.BENCH_SIZES)?.includes(s.label) ?? true);
const ENGINES = (['pglite', 'postgres'] as const).filter(
  (e) => only(process.env.BENCH_ENGINES)?.includes(e) ?? true,
);
type Engine = (typeof ENGINES)[number];
const TIME_TARGET_S: Record<Engine, number> = { pglite: 60, postgres: 30 };
const RSS_TARGET_MB: Record<Engine, number> = { pglite: 900, postgres: 300 };
const CAP_S = process.env.BENCH_CAP_S ? Number(process.env.BENCH_CAP_S) : null;
const capOf = (pass: string, engine: Engine) =>
  1000 * (pass === 'initial' ? 3 * (CAP_S ?? TIME_TARGET_S.pglite) : (CAP_S ?? TIME_TARGET_S[engine]));
const PASSES = ['initial', 'update', 'update after ANALYZE'] as const;
type Pass = (typeof PASSES)[number];
type Row = { size: string; engine: Engine; pass: Pass; truth: Truth; run: ChildRun; prof: string | null };

const rows: Row[] = [];
const notes: string[] = [];
const load0 = loadavg()[0] as number;
const autovacuum = ENGINES.includes('postgres') ? await setting(ADMIN_URL, 'autovacuum') : null;
const t0 = performance.now();
for (const size of SIZES) {
  const sim = await startSim({ seed: SEED, users: USERS, tokens: size.tokens, local: LOCAL, global: GLOBAL });
  for (const engine of ENGINES) {
    // Two copies of one store after the initial sync: the update as-is, and the update after ANALYZE.
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'grantscope-bench-sync-')));
    const dbs = ['a', 'b'].map((x) => `bench_sync_${process.pid}_${size.label}_${x}`);
    const urls = dbs.map((db) => (engine === 'postgres' ? withDb(ADMIN_URL, db) : null));
    const base = { simUrl: sim.url, adminEmail: sim.adminEmail, apiToken: sim.apiToken };
    const store = (i: number) => ({ ...base, dataDir: dirs[i], databaseUrl: urls[i] });
    try {
      if (engine === 'postgres') for (const db of dbs) await dropDb(ADMIN_URL, db);
      if (engine === 'postgres') await admin(ADMIN_URL, `CREATE DATABASE ${dbs[0]}`);
      const prep = (await runChild(
        { ...store(0), pass: 'prepare' },
        null,
        capOf('initial', engine),
      )) as unknown as {
        r: { integrationId: string; openMs: number; openPeakMb: number };
      };
      notes.push(
        `${size.label} · ${engine}: "prepare" (fresh store: initdb + migrations + connect) took ${(prep.r.openMs / 1000).toFixed(1)} s, peak RSS of that process ${prep.r.openPeakMb.toFixed(0)} MB`,
      );
      for (const pass of PASSES) {
        const i = pass === 'update after ANALYZE' ? 1 : 0;
        const profDir = PROF ? join(PROF, `${size.label}-${engine}-${pass.replaceAll(' ', '-')}`) : null;
        if (profDir) mkdirSync(profDir, { recursive: true });
        const args = { ...store(i), pass, integrationId: prep.r.integrationId, analyze: i === 1 };
        const run = await runChild(args, profDir, capOf(pass, engine));
        if (engine === 'postgres' && 'killed' in run) await endBackends(ADMIN_URL, dbs[i] as string);
        rows.push({ size: size.label, engine, pass, truth: sim.truth, run, prof: profDir });
        const took =
          'r' in run
            ? `${(run.r.totalMs / 1000).toFixed(1)} s`
            : `killed after ${capOf(pass, engine) / 1000} s`;
        process.stderr.write(`bench: ${size.label} · ${engine} · ${pass}: ${took}\n`);
        if (pass === 'initial' && !('r' in run)) break;
        if (pass === 'initial' && engine === 'pglite')
          cpSync(dirs[0] as string, dirs[1] as string, { recursive: true });
        if (pass === 'initial' && engine === 'postgres')
          await admin(ADMIN_URL, `CREATE DATABASE ${dbs[1]} TEMPLATE ${dbs[0]}`);
      }
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
      if (engine === 'postgres') for (const db of dbs) await dropDb(ADMIN_URL, db);
    }
  }
  const st = await sim.stats();
  notes.push(
    `simulator ${size.label}: ${st.requests} requests served, its CPU ${(st.cpuMs / 1000).toFixed(1)} s`,
  );
  await sim.stop();
}

const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : (ms / 1000).toFixed(1));
const n = (x: number) => x.toLocaleString('en');
const STAGE = ['INSERT stage_apps', 'INSERT stage_grants', 'INSERT stage_users'];
const peakOf = (run: ChildRun) => ('r' in run ? run.r.syncPeakMb : run.killed.peakMb);
console.log(
  '| grants | engine | pass | sync s | target s | rows staged | rows/s | verify s | inventory s (HTTP / stage writes) | risk pass s | reconcile + finalize s | peak RSS MB (sync) | RSS target MB | outcome |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const { size, engine, pass, truth, run } of rows) {
  const target = size === '100k' ? `≤ ${TIME_TARGET_S[engine]}` : '—';
  const rss = `≤ ${RSS_TARGET_MB[engine]}`;
  if ('killed' in run) {
    const k = run.killed;
    const at = (p: (l: string) => boolean) => k.marks.find((m) => p(m.l))?.t;
    const [inv, risk, rec] = [
      at((l) => l === 'inventory'),
      at((l) => l === 'risk pass'),
      at((l) => l.startsWith('reconcile')),
    ];
    const last = k.marks.at(-1)?.l ?? 'start';
    const cells = [
      `${size} (${n(truth.grants)})`,
      engine,
      pass,
      `> ${k.afterS} (killed)`,
      target,
      '—',
      '—',
      '—',
    ];
    cells.push(inv !== undefined && risk !== undefined ? s(risk - inv) : '—');
    cells.push(risk !== undefined && rec !== undefined ? s(rec - risk) : '—');
    cells.push(
      rec !== undefined ? `> ${s(capOf(pass, engine) - rec)}` : '—',
      `≥ ${k.peakMb?.toFixed(0) ?? '?'}`,
      rss,
    );
    console.log(`| ${[...cells, `killed in ${last}`].join(' | ')} |`);
    continue;
  }
  const r = run.r;
  const c = r.outcome.stats ?? { apps: 0, grants: 0, users: 0 };
  const stageMs = STAGE.reduce((a, k) => a + (r.byLabel[k]?.ms ?? 0), 0);
  const cells = [
    `${size} (${n(c.grants)})`,
    engine,
    pass,
    s(r.totalMs),
    target,
    `${n(c.apps)} apps + ${n(c.grants)} grants + ${n(c.users)} users`,
    n(Math.round((c.apps + c.grants + c.users) / (r.totalMs / 1000))),
    s(r.phases.verifyMs),
    `${s(r.phases.inventoryMs)} (${s(r.httpMs)} / ${s(stageMs)})`,
    s(r.phases.assessMs),
    s(r.phases.finalizeMs),
    r.syncPeakMb.toFixed(0),
    rss,
    r.outcome.status === 'completed' ? `ok, ${n(r.changeEvents)} events` : `${r.outcome.problem?.code}`,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
console.log('');
for (const engine of ENGINES)
  for (const pass of PASSES) {
    const [a, b] = ['10k', '100k'].map((z) =>
      rows.find((x) => x.size === z && x.engine === engine && x.pass === pass),
    );
    const [pa, pb] = [a && peakOf(a.run), b && peakOf(b.run)];
    if (!pa || !pb) continue;
    const d = (100 * (pb - pa)) / pa;
    console.log(
      `- RSS flatness ${engine} · ${pass}: ${pa.toFixed(0)} → ${pb.toFixed(0)} MB (${d >= 0 ? '+' : ''}${d.toFixed(0)} %; target ±15 %)`,
    );
  }
console.log('');
console.log(
  `Setup: ${n(USERS)} users in the tenant, ${LOCAL} local + ${GLOBAL} global OAuth clients (plus the generator's installations, API tokens, webhooks and orphan clients), seed ${SEED}. ` +
    'grants = OAuth tokens + API tokens + webhook creators; users staged = users referenced by grants.',
);
for (const line of [
  'Simulator in its own process (bench/scan-sim.ts) on a real loopback port, rate limit 10^9/min (off); each sync in another process (bench/sync-child.ts) with allowedHosts = the simulator host:port: neither memory counts in the other.',
  `Per size and engine: "prepare" creates the store (fresh PGlite folder in a temp dir / fresh database bench_*) and connects the integration; "initial" syncs into it; the store is then copied (folder copy / CREATE DATABASE … TEMPLATE): "update" re-syncs the same data as-is (no fresh statistics: PGlite runs no autovacuum; this server's autovacuum is ${autovacuum ?? '?'}), "update after ANALYZE" re-syncs the copy after a plain ANALYZE (what autovacuum would have done on a usual PostgreSQL by the next 6-hourly sync; ANALYZE is not timed in the sync). Each pass is a fresh process opening the store.`,
  `sync s = runSync() wall time (verify + inventory + staging + risk pass + reconcile/finalize transaction), src unmodified; phases from a probe around the store and fetch; HTTP = time to response headers; stage writes = INSERT stage_* time. An update sync still running at ${CAP_S === null ? 'its time target (PGlite 60 s, PostgreSQL 30 s)' : `${CAP_S} s`} is killed (an initial one at ${capOf('initial', 'pglite') / 1000} s; BENCH_CAP_S), to keep the bench short: its row shows the phases reached and the statement it was in.`,
  'peak RSS (sync) = VmHWM of the sync process, reset (clear_refs) once the store is open: the resident store (PGlite WASM) counts, its start-up spike does not (see "prepare" below). The PostgreSQL server’s own memory is not counted.',
  ...(process.env.BENCH_WHATIF
    ? [`EXPERIMENT BENCH_WHATIF=${process.env.BENCH_WHATIF}: not the code as shipped.`]
    : []),
  `load average (1 min) at start ${load0.toFixed(2)}, at end ${(loadavg()[0] as number).toFixed(2)} (2 cores, shared with other work).`,
  ...notes,
])
  console.log(`- ${line}`);
console.log('');
console.log(
  'Per run: slowest statements (total ms × calls) · CPU · memory peaks (JS heap / external / arrayBuffers, MB):',
);
for (const { size, engine, pass, run, prof } of rows) {
  if (!('r' in run)) {
    const m = run.killed.marks.slice(-4).map((x) => `${x.l} @${s(x.t)} s`);
    console.log(`- ${size} · ${engine} · ${pass}: killed; last marks: ${m.join(', ')}`);
    continue;
  }
  const r = run.r;
  const top = Object.entries(r.byLabel)
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 6)
    .map(([k, v]) => `${k} ${v.ms.toFixed(0)}×${v.calls}`);
  const p = r.peaks;
  const an = r.analyzeMs === null ? '' : ` · ANALYZE took ${s(r.analyzeMs)} s`;
  const w =
    r.wasm.beforeMb === null
      ? ''
      : ` · PGlite WASM memory ${r.wasm.beforeMb.toFixed(0)} → ${r.wasm.afterMb?.toFixed(0)} MB`;
  console.log(
    `- ${size} · ${engine} · ${pass}: ${top.join(', ')} · CPU ${s(r.cpuMs)} s · heap ${p.heapUsedMb.toFixed(0)} / ext ${p.externalMb.toFixed(0)} / ab ${p.arrayBuffersMb.toFixed(0)} · RSS before sync ${r.rssBeforeMb.toFixed(0)}${w}${an}`,
  );
  const file = prof ? readdirSync(prof).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (prof && file)
    for (const x of topSelf(join(prof, file), 8))
      console.log(`    - ${x.ms.toFixed(0)} ms (${x.pct.toFixed(1)} %) ${x.fn}`);
}
console.log('');
console.log(`Bench took ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
