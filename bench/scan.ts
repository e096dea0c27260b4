// `grantscope scan zendesk` against a typical node-zendesk script on simulated tenants of 1k, 10k and 100k tokens under
// Zendesk's 700 requests/min: calls vs the minimum, wall vs the rate-limit floor, 429s, peak RSS, coverage.
// Run: npm run bench:scan   (prints a markdown table; no assertions). Env: BENCH_SPEED (the sped-up clock for runs
// too long at the real rate, default 10), BENCH_TYPICAL_CAP_S (real s per node-zendesk run, default 300),
// BENCH_TENANTS (e.g. "1k,10k").
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSimProcess } from './sim-process.ts';

const FAST = Number(process.env.BENCH_SPEED ?? 10);
const LIMIT = 700;
const WINDOW_MS = 60_000;
const SEED = 7;
const TYPICAL_CAP_MS = Number(process.env.BENCH_TYPICAL_CAP_S ?? 300) * 1000;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
// typicalSpeed: the node-zendesk script makes ~1 call per distinct user, 4 and 24 minutes of calls at 10k and 100k.
const ALL_TENANTS = [
  { label: '1k', tokens: 1_000, users: 2_000, local: 20, global: 20, typicalSpeed: 1 },
  { label: '10k', tokens: 10_000, users: 5_000, local: 50, global: 100, typicalSpeed: FAST },
  { label: '100k', tokens: 100_000, users: 20_000, local: 100, global: 200, typicalSpeed: FAST },
];
const only = process.env.BENCH_TENANTS?.split(',');
const TENANTS = ALL_TENANTS.filter((t) => !only || only.includes(t.label));
type Tenant = (typeof ALL_TENANTS)[number];

type Truth = {
  users: number;
  tokens: number;
  localClients: number;
  globalClients: number;
  installations: number;
  distinctApps: number;
  apiTokens: number;
  webhooks: number;
  tokenOwners: number;
  referencedUsers: number;
  grants: number;
  minimalCalls: number;
};
type SimStats = {
  requests: number;
  byRoute: Record<string, number>;
  rateLimited: number;
  cpuMs: number;
  realSpanMs: number;
};

/** The simulator in its own process, so that the client's RSS is measured alone. */
function startSim(t: Tenant, speed: number) {
  const args = ['--seed', String(SEED), '--users', String(t.users), '--tokens', String(t.tokens)];
  args.push('--local-clients', String(t.local), '--global-clients', String(t.global));
  args.push('--limit', String(LIMIT), '--window-ms', String(WINDOW_MS), '--speed', String(speed));
  return startSimProcess<Truth, SimStats>(args);
}

type Run = {
  stdout: string;
  stderr: string;
  realMs: number;
  peakKb: number | null;
  bench: Record<string, unknown>;
};

/** Runs a bench client under /usr/bin/time -v (peak RSS of that process alone), killed after `killAfterMs`. */
function runClient(script: string, args: string[], env: Record<string, string>, killAfterMs: number) {
  return new Promise<Run>((resolve, reject) => {
    const argv = [here(script), ...args];
    const child = TIME
      ? spawn(TIME, ['-v', process.execPath, ...argv], { env: { ...process.env, ...env } })
      : spawn(process.execPath, argv, { env: { ...process.env, ...env } });
    const started = performance.now();
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(killer);
      const bench = /^BENCH (.*)$/m.exec(err)?.[1];
      const timeKb = /Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1];
      const parsed = bench ? (JSON.parse(bench) as Record<string, unknown>) : {};
      resolve({
        stdout: Buffer.concat(out).toString(),
        stderr: err,
        realMs: performance.now() - started,
        peakKb: timeKb ? Number(timeKb) : ((parsed.maxRssKb as number | undefined) ?? null),
        bench: parsed,
      });
    });
  });
}

type Row = { run: string; speed: number; tokens: number; sim: SimStats; truth: Truth; wallS: number | null };
const rows: (Row & { peakKb: number | null; complete: string; realS: number; notes: string[] })[] = [];
const n = (x: number) => x.toLocaleString('en');
const tally = (found: number, users: number, truth: Truth) =>
  `${n(found)}/${n(truth.grants)} grants, ${n(users)}/${n(truth.referencedUsers)} users`;

async function measure(t: Tenant, tool: 'grantscope scan' | 'node-zendesk script', speed: number) {
  const sim = await startSim(t, speed);
  const env = { ZENDESK_API_TOKEN: sim.apiToken, BENCH_SPEED: String(speed) };
  const notes: string[] = [];
  let run: Run;
  let complete: string;
  if (tool === 'grantscope scan') {
    const args = ['zendesk', '--tenant-url', sim.url, '--admin-email', sim.adminEmail, '--format', 'json'];
    const hosts = { GRANTSCOPE_ALLOWED_TENANT_HOSTS: new URL(sim.url).host };
    run = await runClient('./scan-child.ts', args, { ...env, ...hosts }, 20 * 60_000);
    const done = /Done: ([\d,]+) apps, ([\d,]+) grants, ([\d,]+) users/.exec(run.stderr) ?? [];
    const [grants, users] = [done[2], done[3]].map((s) => Number((s ?? 'NaN').replaceAll(',', '')));
    complete = tally(grants ?? 0, users ?? 0, sim.truth);
    if (run.bench.code !== 0)
      complete = `FAILED (exit ${run.bench.code}): ${run.stderr.trim().split('\n').at(-2)}`;
    else {
      const report = JSON.parse(run.stdout) as { apps: unknown[]; stats: { apiCalls: number } };
      notes.push(`report: ${n(report.apps.length)} apps, self-reported apiCalls ${n(report.stats.apiCalls)}`);
    }
  } else {
    const urlEnv = {
      ZENDESK_URL: sim.url,
      ZENDESK_EMAIL: sim.adminEmail,
      BENCH_CAP_MS: String(TYPICAL_CAP_MS),
    };
    run = await runClient('./scan-typical.ts', [], { ...env, ...urlEnv }, TYPICAL_CAP_MS + 120_000);
    type Typical = { tokensFound: number; ownersResolved: number; listRetries: number; showRetries: number };
    const b = run.bench as Partial<Typical> & { capped?: boolean; truncatedLists?: string[] };
    complete = tally(b.tokensFound ?? 0, b.ownersResolved ?? 0, sim.truth);
    if (b.capped) complete += ` — CAPPED at ${TYPICAL_CAP_MS / 1000} s real`;
    if (b.truncatedLists?.length) complete += ` — ${b.truncatedLists.join(', ')} list cut short by a 429`;
    if (run.bench.wallMs === undefined)
      complete = `FAILED: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`;
    notes.push(
      `list re-runs after a 429: ${b.listRetries ?? '?'}, users.show retries: ${b.showRetries ?? '?'}`,
    );
  }
  const stats = await sim.stats();
  await sim.stop();
  const wallMs = run.bench.wallMs as number | undefined;
  const [run_, realS] = [`${t.label} · ${tool}`, run.realMs / 1000];
  const wallS = wallMs === undefined ? null : wallMs / 1000;
  rows.push({
    run: run_,
    speed,
    tokens: t.tokens,
    sim: stats,
    truth: sim.truth,
    wallS,
    peakKb: run.peakKb,
    complete,
    realS,
    notes,
  });
  process.stderr.write(`bench: ${run_} (${speed}× clock) done in ${realS.toFixed(1)} s real\n`);
}

const t0 = performance.now();
for (const t of TENANTS) {
  await measure(t, 'grantscope scan', 1);
  await measure(t, 'node-zendesk script', t.typicalSpeed);
}
// The same scan on the sped-up clock, for a side-by-side with the node-zendesk rows at equal speed.
const largest = TENANTS.at(-1);
if (largest && FAST !== 1) await measure(largest, 'grantscope scan', FAST);

/** The earliest the A-th admitted call can be sent: windows of LIMIT calls, the first opening at the first call. */
const floorS = (admitted: number) => (Math.max(0, Math.ceil(admitted / LIMIT) - 1) * WINDOW_MS) / 1000;
const f = (x: number, d = 2) => x.toFixed(d);
const log = (s = '') => console.log(s);

log(
  `Rate limit: ${LIMIT} requests per ${WINDOW_MS / 1000} s (Zendesk Enterprise), fixed window. Seed ${SEED}.`,
);
for (const t of TENANTS) {
  const x = rows.find((r) => r.tokens === t.tokens)?.truth;
  if (!x) continue;
  log(
    `- ${t.label} tenant: ${n(x.tokens)} OAuth tokens, ${n(x.users)} users, ${x.localClients} local + ${x.globalClients} global OAuth clients, ` +
      `${x.installations} installations (${x.distinctApps} distinct apps), ${x.apiTokens} API tokens, ${x.webhooks} webhooks; ` +
      `${n(x.referencedUsers)} distinct users referenced by grants; ${n(x.grants)} grants`,
  );
}
log();
log(
  '| run | clock | tokens | API calls | minimal calls | calls ratio | wall s | floor s | wall/floor | 429s | 429 % | peak RSS MB | complete? (grants found / grants in tenant) |',
);
log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const calls = r.sim.requests;
  const floor = floorS(calls - r.sim.rateLimited);
  const wall = r.wallS === null ? '—' : f(r.wallS, 1);
  const ratio = r.wallS === null ? '—' : floor === 0 ? 'n/a (fits 1st window)' : f(r.wallS / floor);
  const rss = r.peakKb === null ? '—' : f(r.peakKb / 1024, 0);
  const pct = f((100 * r.sim.rateLimited) / Math.max(1, calls));
  const cells = [
    r.run,
    `${r.speed}×`,
    n(r.tokens),
    n(calls),
    n(r.truth.minimalCalls),
    f(calls / r.truth.minimalCalls),
  ];
  log(`| ${[...cells, wall, f(floor, 0), ratio, n(r.sim.rateLimited), pct, rss, r.complete].join(' | ')} |`);
}
log();
log(
  "- minimal calls = ⌈tokens/100⌉ + ⌈local clients/100⌉ + ⌈global clients/100⌉ + ⌈distinct users referenced by grants (OAuth tokens, API tokens, webhook creators)/100⌉ + users/me + audit-log probe + installations + one /apps/{id} per distinct installed app + api_tokens + ⌈webhooks/100⌉, computed from the simulator's tenant.",
);
log(
  `- floor s = (⌈admitted calls/${LIMIT}⌉ − 1) × ${WINDOW_MS / 1000} s. The simulator's fixed window opens at the run's first request, so the first ${LIMIT} calls are free (the initial burst) and the A-th admitted call cannot be sent before window ⌈A/${LIMIT}⌉ − 1 opens. 0 when every call fits the first window: such a run is latency/CPU-bound and wall/floor is n/a.`,
);
log(
  `- clock: 1× is real time at the real rate. ${FAST}× runs the simulator's clock and the client's (its sleeps, its idea of now) ${FAST}× fast, i.e. ${LIMIT} calls per ${WINDOW_MS / 1000 / FAST} s of real time; rate-limit headers and Retry-After stay exact because they are relative. wall s and floor s are always Zendesk seconds (real elapsed × clock). Caveat: on a ${FAST}× clock the client's own CPU and loopback latency also count ${FAST}×, so such a wall is pessimistic wherever a run is not rate-bound. Used for the node-zendesk script at 10k/100k (4 and 24 minutes of calls at 1×), and for an extra grantscope row to compare at equal speed. Wall is measured inside the client process (Node start-up excluded).`,
);
log(
  `- API calls and 429s: counted by the simulator in its own process. Peak RSS: ${TIME ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS'} of the client process alone, MiB.`,
);
log(
  '- grants in tenant = OAuth tokens + API tokens + webhooks with a creator. The node-zendesk script lists OAuth tokens only (not API tokens, webhooks or installed apps); its users = token owners it resolved with users.show (found, or 404 for a deleted user).',
);
log();
log('Per run: real s · simulator CPU % over its busy span · calls by route · notes');
for (const r of rows) {
  const routes = Object.entries(r.sim.byRoute).map(([k, v]) => `${k} ${n(v)}`);
  const busy = r.sim.realSpanMs > 0 ? f((100 * r.sim.cpuMs) / r.sim.realSpanMs, 0) : '—';
  log(
    `- ${r.run} (${r.speed}×): ${f(r.realS, 1)} s real · sim CPU ${busy} % · ${[routes.join(', '), ...r.notes].join(' · ')}`,
  );
}
log();
log(`Bench took ${f((performance.now() - t0) / 1000, 0)} s.`);
