// Load campaign: does a big sync slow the API down, and can a reader ever see a half-written inventory?
// The simulator (test/campaign/load-sim.ts) and `grantscope serve` run in their own processes — plus
// `grantscope worker` on PostgreSQL; on PGlite the server runs the sync itself, as the data folder has one owner.
// After a first complete sync: (1) the apps list under autocannon at idle; (2) the tenant's truth changed (every
// 20th OAuth grant revoked, 3 installations deleted), a sync triggered through the API, and while it runs the same
// autocannon plus GET /api/v1/summary every 100 ms. Returns the figures; callers judge them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createApiKey } from '../../src/api/auth/api-keys.ts';
import { openStore } from '../../src/store/db.ts';
import {
  apiClient,
  type Child,
  freePort,
  grantscope,
  killHard,
  sleep,
  untilReady,
  waitFor,
} from './crash-support.ts';
import { cannon, judgeProbes, type Latency, type Probe, type ProbeVerdict } from './load-measure.ts';
import { type SimMutation, type SimReady, type SimSizes, simArgs, type Totals } from './load-sim.ts';
import { CAMPAIGN_KEY, createCampaignDatabase, DEFAULT_DATABASE_URL } from './store.ts';

export const LOAD_PATH = '/api/v1/apps?sort=risk&risk=high&limit=50';

export interface LoadOptions {
  engine: 'pglite' | 'postgres';
  /** A PostgreSQL server where the campaign may create (and drop) its database; postgres only. */
  adminUrl?: string;
  sim: SimSizes;
  /** Delay of every OAuth tokens page during the second sync (ms), to stretch it; 0 for none. */
  slowTokenPagesMs?: number;
  idleSeconds: number;
  connections: number;
  log?: (line: string) => void;
}

type Run = { id: string; status: string; durationMs: number | null; error: { code: string } | null };
export type SyncFigures = { status: string; error: string | null; runMs: number };

export interface LoadResult {
  options: Omit<LoadOptions, 'log'>;
  cpus: number;
  loadAtStart: number;
  firstSync: SyncFigures;
  idle: Latency;
  underSync: Latency;
  /** The second sync, from its trigger to the poll that saw it finished (s), and its run's own duration. */
  secondSync: SyncFigures & { seconds: number };
  before: Totals;
  after: Totals;
  mutation: SimMutation;
  probes: ProbeVerdict;
  ms: number;
}

function startSim(sizes: SimSizes, slowMs: number) {
  const proc = spawn(process.execPath, simArgs(sizes, slowMs), { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const l = await lines.next();
    if (l.done) throw new Error('the simulator exited early');
    return JSON.parse(l.value) as T;
  };
  return {
    ready: () => next<SimReady>(),
    mutate: () => {
      proc.stdin.write('mutate\n');
      return next<SimMutation>();
    },
    close: async () => {
      proc.stdin.end();
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    },
  };
}

/** `serve` (and on PostgreSQL `worker`) on a fresh store, with an admin API key made before the server owns it. */
async function startGrantscope(o: LoadOptions, simHost: string, cleanups: (() => Promise<void>)[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-campaign-load-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | null = null;
  if (o.engine === 'postgres') {
    const db = await createCampaignDatabase(o.adminUrl ?? DEFAULT_DATABASE_URL, 'load');
    cleanups.push(db.drop);
    databaseUrl = db.url;
  }
  const store = await openStore({ databaseUrl, dataDir, secretKey: CAMPAIGN_KEY });
  const key = (await createApiKey(store, { name: 'campaign load', role: 'admin', createdBy: null })).key;
  await store.close();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
    GRANTSCOPE_DATA_DIR: dataDir,
    GRANTSCOPE_SECRET_KEY: CAMPAIGN_KEY,
    GRANTSCOPE_ALLOWED_TENANT_HOSTS: simHost,
    GRANTSCOPE_HOST: '127.0.0.1',
    GRANTSCOPE_LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  const children: Child[] = [];
  const start = (args: string[]) => {
    const child = grantscope(args, env);
    children.push(child);
    cleanups.push(() => killHard(child));
    return child;
  };
  const server = start(['serve']);
  await untilReady(server, base);
  if (o.engine === 'postgres') start(['worker']);
  /** Throws when a grantscope process died: a run it held would otherwise be waited for until the timeout. */
  const alive = () => {
    const dead = children.find((c) => c.proc.exitCode !== null || c.proc.signalCode !== null);
    if (dead) throw new Error(`grantscope ${dead.proc.spawnargs.slice(2).join(' ')} exited:\n${dead.tail()}`);
  };
  return { base, key, alive };
}

export async function runLoadCampaign(o: LoadOptions): Promise<LoadResult> {
  const t0 = performance.now();
  const loadAtStart = loadavg()[0] as number;
  const log =
    o.log ?? ((s) => process.stderr.write(`load: ${((performance.now() - t0) / 1000).toFixed(1)} s ${s}\n`));
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const sim = startSim(o.sim, o.slowTokenPagesMs ?? 0);
    cleanups.push(sim.close);
    const tenant = await sim.ready();
    log(`simulator at ${tenant.url}`);
    const gs = await startGrantscope(o, new URL(tenant.url).host, cleanups);
    const headers = { authorization: `Bearer ${gs.key}`, 'content-type': 'application/json' };
    const api = apiClient(gs.base, gs.key);
    const waitRun = async (id: string, runId: string | null, what: string): Promise<Run> => {
      let done: Run | undefined;
      await waitFor(
        async () => {
          gs.alive();
          const list = (await api<{ items: Run[] }>(`/api/v1/integrations/${id}/runs?limit=5`)).items;
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
    const figures = (r: Run): SyncFigures => ({
      status: r.status,
      error: r.error?.code ?? null,
      runMs: r.durationMs ?? 0,
    });
    const totals = async (): Promise<Totals> => {
      const s = await api<{ apps: { total: number }; grants: number }>('/api/v1/summary');
      return { apps: s.apps.total, grants: s.grants };
    };

    const created = await api<{ id?: string; integration?: { id: string } }>('/api/v1/integrations', 'POST', {
      saas: 'zendesk',
      capabilities: ['third_party_apps'],
      credential: {
        kind: 'api_token',
        tenantUrl: tenant.url,
        adminEmail: tenant.adminEmail,
        apiToken: tenant.apiToken,
      },
    });
    const id = created.integration?.id ?? (created.id as string);
    log(`integration ${id}: first sync queued`);
    const firstSync = figures(await waitRun(id, null, 'the first sync'));
    const before = await totals();
    log(
      `first sync ${firstSync.status} in ${(firstSync.runMs / 1000).toFixed(1)} s: ${JSON.stringify(before)}`,
    );
    if (firstSync.status !== 'completed')
      throw new Error(`first sync ${firstSync.status} ${firstSync.error}`);

    const load = (seconds: number) =>
      cannon({ url: `${gs.base}${LOAD_PATH}`, headers, connections: o.connections, seconds });
    await api(LOAD_PATH);
    await load(2).result; // warm-up
    const idle = await load(o.idleSeconds).result;
    log(`idle p95 ${idle.p95} ms`);

    // The truth changes, then the second sync, with load and probes for as long as it runs.
    const mutation = await sim.mutate();
    log(`truth changed: ${JSON.stringify(mutation)}`);
    const probes: Probe[] = [];
    let probeFailures = 0;
    let probing = true;
    const probeLoop = (async () => {
      while (probing) {
        const at = performance.now();
        try {
          probes.push({ ...(await totals()), at });
        } catch (e) {
          probeFailures++;
          log(`probe failed: ${(e as Error).message}`);
        }
        await sleep(Math.max(0, 100 - (performance.now() - at)));
      }
    })();
    const syncFrom = performance.now();
    const queued = await api<{ runId: string }>(`/api/v1/integrations/${id}/sync`, 'POST');
    const loaded = load(Math.max(o.idleSeconds, 240));
    const second = figures(await waitRun(id, queued.runId, 'the second sync'));
    const syncTo = performance.now();
    loaded.stop();
    const underSync = await loaded.result;
    await sleep(300);
    probing = false;
    await probeLoop;
    const after = await totals();
    const seconds = (syncTo - syncFrom) / 1000;
    log(`second sync ${second.status} in ${seconds.toFixed(1)} s: ${JSON.stringify(after)}`);
    const { log: _, ...options } = o;
    return {
      options,
      cpus: cpus().length,
      loadAtStart,
      firstSync,
      idle,
      underSync,
      secondSync: { ...second, seconds },
      before,
      after,
      mutation,
      probes: judgeProbes(probes, probeFailures, { before, after, syncFrom, syncTo }),
      ms: performance.now() - t0,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => log(`cleanup: ${e}`));
  }
}
