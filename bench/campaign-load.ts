// Load campaign: does a 100k-grant sync slow the API down, and can a reader ever see a half-written inventory?
// On PostgreSQL: the simulator (this file with --sim, its own process), `grantscope serve` and `grantscope worker`
// (their own processes), autocannon and a consistency probe in this one. After a first complete sync:
// (1) the apps list at idle; (2) the tenant's truth changed (5 % of OAuth grants revoked, 3 installations deleted),
// a sync triggered through the API, and while it runs the same autocannon plus GET /api/v1/summary every 100 ms.
// Prints a table (no assertions); exits 1 when a probe saw totals other than the old or the new inventory's.
// Run: npm run campaign:load [-- postgres://admin-url]   (LOAD_SECONDS, LOAD_CONNECTIONS)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createZendeskSimulator } from '../sim/zendesk/server.ts';
import { revokeToken } from '../sim/zendesk/tenant-index.ts';
import { createApiKey } from '../src/api/auth/api-keys.ts';
import { openStore } from '../src/store/db.ts';
import {
  type Child,
  freePort,
  grantscope,
  killHard,
  sleep,
  waitFor,
} from '../test/campaign/crash-support.ts';
import { admin, dropDb, withDb } from './sync-procs.ts';

const SIM = { seed: 7, tokens: 100_000, users: 20_000, localClients: 1_000, globalClients: 1_000 };

// ---- The simulator process: prints {url, adminEmail, apiToken}; on "mutate" changes the truth and prints "ok". ----
if (process.argv.includes('--sim')) {
  const sim = createZendeskSimulator({ ...SIM, rateLimit: 1e9 });
  const server = await sim.listen(0, '127.0.0.1');
  const { adminEmail, apiToken } = sim.tenant.credentials;
  process.stdout.write(`${JSON.stringify({ url: server.url, adminEmail, apiToken })}\n`);
  createInterface({ input: process.stdin })
    .on('line', (line) => {
      if (line.trim() !== 'mutate') return;
      const t = sim.tenant;
      const victims = t.tokens.filter((_, i) => i % 20 === 0).map((x) => x.id);
      let revoked = 0;
      for (const id of victims) if (revokeToken(t, id)) revoked++;
      const removed = t.installations.splice(0, 3).length;
      process.stdout.write(`${JSON.stringify({ revoked, installationsRemoved: removed })}\n`);
    })
    .on('close', () => void server.close().then(() => process.exit(0)));
} else {
  await main();
}

interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: { average: number; total: number };
}
interface Instance extends Promise<AutocannonResult> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  stop(): void;
}

async function main(): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Instance;
  const ADMIN_URL = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
  const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 10);
  const PATH = '/api/v1/apps?sort=risk&risk=high&limit=50';
  const SECRET_KEY = Buffer.alloc(32, 11).toString('base64');
  const DB = `campaign_load_${process.pid}`;
  const dbUrl = withDb(ADMIN_URL, DB);
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-campaign-load-'));
  const t0 = performance.now();
  const load0 = loadavg()[0] as number;
  const log = (s: string) =>
    process.stderr.write(`load: ${((performance.now() - t0) / 1000).toFixed(1)} s ${s}\n`);
  const children: Child[] = [];

  const simProc = spawn(process.execPath, [import.meta.filename, '--sim'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const simLines = createInterface({ input: simProc.stdout })[Symbol.asyncIterator]();
  const simNext = async () => {
    const l = await simLines.next();
    if (l.done) throw new Error('the simulator exited early');
    return JSON.parse(l.value);
  };
  let inBetween = 0;
  try {
    const sim = (await simNext()) as { url: string; adminEmail: string; apiToken: string };
    log(`simulator at ${sim.url}`);
    await dropDb(ADMIN_URL, DB);
    await admin(ADMIN_URL, `CREATE DATABASE ${DB}`);
    const store = await openStore({ databaseUrl: dbUrl, dataDir, secretKey: SECRET_KEY });
    const key = (await createApiKey(store, { name: 'campaign load', role: 'admin', createdBy: null })).key;
    await store.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: dbUrl,
      GRANTSCOPE_DATA_DIR: dataDir,
      GRANTSCOPE_SECRET_KEY: SECRET_KEY,
      GRANTSCOPE_ALLOWED_TENANT_HOSTS: new URL(sim.url).host,
      GRANTSCOPE_HOST: '127.0.0.1',
      GRANTSCOPE_LOG_LEVEL: 'warn',
      PORT: String(port),
    };
    const server = grantscope(['serve'], env);
    children.push(server);
    await waitFor(
      async () => {
        if (server.proc.exitCode !== null) throw new Error(`serve exited:\n${server.tail()}`);
        return (await fetch(`${base}/readyz`).catch(() => null))?.ok === true;
      },
      60_000,
      'grantscope serve',
      200,
    );
    const worker = grantscope(['worker'], env);
    children.push(worker);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const api = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    type Run = { id: string; status: string; durationMs: number | null; error: { code: string } | null };
    const runs = async (id: string) =>
      (await api<{ items: Run[] }>(`/api/v1/integrations/${id}/runs?limit=5`)).items;
    const waitRun = async (id: string, runId: string | null, what: string): Promise<Run> => {
      let done: Run | undefined;
      await waitFor(
        async () => {
          if (worker.proc.exitCode !== null) throw new Error(`worker exited:\n${worker.tail()}`);
          const list = await runs(id);
          done = list.find(
            (r) => (runId ? r.id === runId : true) && ['completed', 'failed'].includes(r.status),
          );
          return done !== undefined;
        },
        180_000,
        what,
        250,
      );
      return done as Run;
    };
    type Summary = { apps: { total: number }; grants: number };
    const totals = async () => {
      const s = await api<Summary>('/api/v1/summary');
      return { apps: s.apps.total, grants: s.grants };
    };

    const created = await api<{ id?: string; integration?: { id: string } }>('/api/v1/integrations', 'POST', {
      saas: 'zendesk',
      capabilities: ['third_party_apps'],
      credential: {
        kind: 'api_token',
        tenantUrl: sim.url,
        adminEmail: sim.adminEmail,
        apiToken: sim.apiToken,
      },
    });
    const id = created.integration?.id ?? (created.id as string);
    log(`integration ${id}: first sync queued`);
    const first = await waitRun(id, null, 'the first sync');
    if (first.status !== 'completed') throw new Error(`first sync ${first.status} ${first.error?.code}`);
    const before = await totals();
    log(
      `first sync completed in ${((first.durationMs ?? 0) / 1000).toFixed(1)} s: ${JSON.stringify(before)}`,
    );

    const percentile = (sorted: number[], p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
    const cannon = (duration: number) => {
      const times: number[] = [];
      const run = autocannon({ url: `${base}${PATH}`, headers, connections: CONNECTIONS, duration });
      run.on('response', (_c, status, _b, ms) => {
        if (status === 200) times.push(ms);
      });
      const result = run.then((r) => {
        times.sort((a, b) => a - b);
        return {
          p50: percentile(times, 0.5),
          p95: percentile(times, 0.95),
          p99: percentile(times, 0.99),
          n: times.length,
          bad: r.non2xx + r.errors + r.timeouts,
        };
      });
      return { run, result };
    };
    const check = await api<{ items: unknown[] }>(PATH);
    log(`${PATH}: ${check.items.length} items`);
    await cannon(2).result; // warm-up
    const idle = await cannon(SECONDS).result;
    log(`idle p95 ${idle.p95} ms`);

    // The truth changes, then the second sync, with load and probes for as long as it runs.
    simProc.stdin.write('mutate\n');
    const mutation = (await simNext()) as { revoked: number; installationsRemoved: number };
    log(`truth changed: ${JSON.stringify(mutation)}`);
    const probes: { apps: number; grants: number; at: number }[] = [];
    let probing = true;
    const probeLoop = (async () => {
      while (probing) {
        const at = performance.now();
        try {
          probes.push({ ...(await totals()), at });
        } catch (e) {
          log(`probe failed: ${(e as Error).message}`);
        }
        await sleep(Math.max(0, 100 - (performance.now() - at)));
      }
    })();
    const queued = await api<{ runId: string }>(`/api/v1/integrations/${id}/sync`, 'POST');
    const syncStart = performance.now();
    const loaded = cannon(Math.max(SECONDS, 240));
    const second = await waitRun(id, queued.runId, 'the second sync');
    const syncS = (performance.now() - syncStart) / 1000;
    loaded.run.stop();
    const underSync = await loaded.result;
    await sleep(300);
    probing = false;
    await probeLoop;
    const after = await totals();
    log(`second sync ${second.status} in ${syncS.toFixed(1)} s: ${JSON.stringify(after)}`);

    const key2 = (t: { apps: number; grants: number }) => `${t.apps} apps / ${t.grants} grants`;
    const allowed = new Set([key2(before), key2(after)]);
    const seen = new Map<string, number>();
    for (const p of probes) seen.set(key2(p), (seen.get(key2(p)) ?? 0) + 1);
    const odd = [...seen].filter(([k]) => !allowed.has(k));
    inBetween = odd.reduce((a, [, n]) => a + n, 0);
    // A probe that mixes the old apps total with the new grants total (or the reverse) is a mixed read of two
    // complete inventories; anything else is a half-written one.
    const apps = new Set([before.apps, after.apps]);
    const grants = new Set([before.grants, after.grants]);
    const mixed = odd.filter(([k]) => {
      const [a, g] = k.match(/\d+/g)?.map(Number) ?? [];
      return apps.has(a as number) && grants.has(g as number);
    });

    const f = (x: number) => x.toFixed(1);
    const ratio = underSync.p95 / idle.p95;
    const rows: [string, string][] = [
      [
        'idle p50 / p95 / p99 ms',
        `${f(idle.p50)} / ${f(idle.p95)} / ${f(idle.p99)} (${idle.n} requests, ${idle.bad} failed)`,
      ],
      [
        'under sync p50 / p95 / p99 ms',
        `${f(underSync.p50)} / ${f(underSync.p95)} / ${f(underSync.p99)} (${underSync.n} requests over ${f(syncS)} s, ${underSync.bad} failed)`,
      ],
      ['p95 under sync / p95 idle', `${ratio.toFixed(2)}× (target ≤ 2×) ${ratio <= 2 ? '✓' : '✗'}`],
      ['second sync', `${second.status} in ${f(syncS)} s (run ${f((second.durationMs ?? 0) / 1000)} s)`],
      ['inventory before → after', `${key2(before)} → ${key2(after)}`],
      ['consistency probes (summary, every 100 ms)', String(probes.length)],
      ['distinct (apps, grants) totals seen', [...seen].map(([k, n]) => `${k} ×${n}`).join('; ')],
      [
        'probes in between (target 0)',
        `${inBetween}${mixed.length ? ` (of which mixed old/new totals: ${mixed.reduce((a, [, n]) => a + n, 0)})` : ''} ${inBetween === 0 ? '✓' : '✗'}`,
      ],
    ];
    console.log(
      `\nLoad campaign, PostgreSQL: simulator seed ${SIM.seed}, ${SIM.tokens / 1000}k OAuth tokens / ${SIM.users / 1000}k users / ${SIM.localClients}+${SIM.globalClients} clients; truth changed by ${mutation.revoked} revoked tokens and ${mutation.installationsRemoved} deleted installations; GET ${PATH}, ${CONNECTIONS} connections (idle ${SECONDS} s; under sync: for the whole sync); ${cpus().length} CPUs, load average ${load0.toFixed(1)} at start\n`,
    );
    console.log('| measure | value |');
    console.log('|---|---|');
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
    console.log(`\nCampaign took ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
  } finally {
    for (const c of children.reverse()) await killHard(c);
    simProc.stdin.end();
    await new Promise((r) => (simProc.exitCode !== null ? r(null) : simProc.once('exit', r)));
    await dropDb(ADMIN_URL, DB).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = inBetween > 0 ? 1 : 0;
}
