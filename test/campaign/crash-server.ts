// Crash campaign, part 2: the whole embedded server (`grantscope serve` on PGlite, worker in-process) killed with
// SIGKILL mid-sync and restarted, again and again. Syncs are triggered through the API with an admin API key made
// before the server owned the data folder; between a kill and the restart the campaign opens the folder itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../sim/zendesk/rng.ts';
import { createZendeskSimulator, type ZendeskSimulator } from '../../sim/zendesk/server.ts';
import { createApiKey } from '../../src/api/auth/api-keys.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { connectSimulator } from '../../src/sync/test-support.ts';
import {
  apiClient,
  type Child,
  freePort,
  grantscope,
  inventoryMismatch,
  killHard,
  lastCompleteTruth,
  openRuns,
  sleep,
  stagedRows,
  stageOf,
  TruthLog,
  untilReady,
  waitFor,
} from './crash-support.ts';
import { type CrashResult, type KillRow, recovered } from './crash-workers.ts';
import { CAMPAIGN_KEY } from './store.ts';
import { mutateTenant, truthOf } from './truth.ts';

const SIZES = [3_000, 1_500];
type Run = {
  id: string;
  status: string;
  trigger: string;
  queuedAt: string;
  durationMs: number | null;
  error: { code: string } | null;
};

export async function crashServer(o: { seed: number; kills: number }): Promise<CrashResult> {
  const t0 = performance.now();
  const rng = createRng(o.seed + 7);
  const violations: string[] = [];
  const rows: KillRow[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-campaign-serve-'));
  const sims: ZendeskSimulator[] = SIZES.map((tokens, i) =>
    createZendeskSimulator({ seed: o.seed * 100 + 50 + i, users: tokens / 4, tokens, rateLimit: 1e9 }),
  );
  const servers = await Promise.all(sims.map((s) => s.listen()));
  const hosts = servers.map((s) => new URL(s.url).host);
  const log = new TruthLog();
  const ids: string[] = [];
  const name = (id: string) => `s${ids.indexOf(id)}`;
  let server: Child | null = null;
  const open = () => openStore({ databaseUrl: null, dataDir, secretKey: CAMPAIGN_KEY });
  try {
    const store: Store = await open();
    for (const [i, sim] of sims.entries()) {
      const integration = await connectSimulator(store, sim, {
        tenantUrl: servers[i]?.url as string,
        allowedHosts: hosts,
        scheduleMinutes: 10_080,
      });
      ids.push(integration.id);
      log.record(integration.id, truthOf(sim.tenant));
      sim.faults.add({ route: 'oauth.tokens', kind: 'slow', param: 30 });
    }
    const key = (await createApiKey(store, { name: 'crash campaign', role: 'admin', createdBy: null })).key;
    await store.close();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = apiClient(base, key);
    const runs = async (id: string) =>
      (await api<{ items: Run[] }>(`/api/v1/integrations/${id}/runs?limit=20`)).items;
    const start = async () => {
      const child = grantscope(['serve'], {
        GRANTSCOPE_DATA_DIR: dataDir,
        GRANTSCOPE_SECRET_KEY: CAMPAIGN_KEY,
        GRANTSCOPE_ALLOWED_TENANT_HOSTS: hosts.join(','),
        GRANTSCOPE_HOST: '127.0.0.1',
        PORT: String(port),
        GRANTSCOPE_LOG_LEVEL: 'warn',
      });
      await untilReady(child, base);
      return child;
    };
    const idle = async (when: string) => {
      await waitFor(
        async () => {
          for (const id of ids)
            if ((await runs(id)).some((r) => r.status === 'queued' || r.status === 'running')) return false;
          return true;
        },
        120_000,
        `${when}: no run queued or running`,
        100,
      );
    };
    // The restarted server failed the killed run as worker_lost and a retry of it completed.
    const checkRecovery = async (when: string, id: string, killed: string[]) => {
      const list = await runs(id);
      for (const k of killed) {
        const run = list.find((r) => r.id === k);
        if (run?.status !== 'failed' || run.error?.code !== 'worker_lost')
          violations.push(
            `${when}: killed run ${k} is ${run?.status} ${run?.error?.code ?? ''}, not failed as worker_lost`,
          );
        const retried = list.some(
          (r) => r.trigger === 'retry' && r.status === 'completed' && run && r.queuedAt > run.queuedAt,
        );
        if (!retried) violations.push(`${when}: no retry of the killed run ${k} completed`);
      }
    };
    // With the server dead, the folder is the campaign's: inventories against their last complete run.
    const inspect = async (when: string, current: boolean, fn?: (s: Store) => Promise<void>) => {
      const s = await open();
      try {
        for (const id of ids) {
          const truth = current ? log.current(id) : await lastCompleteTruth(s, log, id);
          if (!truth) continue;
          const diff = await inventoryMismatch(s, id, truth);
          if (diff.length > 0)
            violations.push(
              `${when}: ${name(id)} inventory ≠ ${current ? 'truth' : 'last complete run'}: ${diff.join('; ')}`,
            );
        }
        await fn?.(s);
      } finally {
        await s.close();
      }
    };

    server = await start();
    for (const id of ids) await api(`/api/v1/integrations/${id}/sync`, 'POST');
    await idle('baseline');
    let killedMidRun: string[] = [];
    let killedOf = '';
    for (let n = 0; n < o.kills; n++) {
      const id = ids[n % ids.length] as string;
      const sim = sims[n % ids.length] as ZendeskSimulator;
      if (!server) {
        const v0 = violations.length;
        server = await start();
        await idle(`kill ${n}`);
        await checkRecovery(`restart ${n}`, killedOf, killedMidRun);
        const last = rows.at(-1);
        if (last) last.recovered = recovered(killedMidRun, violations.length === v0);
      }
      const done = (await runs(id)).filter((r) => r.status === 'completed' && r.durationMs !== null);
      const median =
        done.map((r) => r.durationMs as number).sort((a, b) => a - b)[Math.floor(done.length / 2)] ?? 2000;
      const delayMs = Math.round(rng.next() * 1.25 * median);
      mutateTenant(sim.tenant, rng, { ownClientId: null });
      log.record(id, truthOf(sim.tenant));
      const { runId } = await api<{ runId: string }>(`/api/v1/integrations/${id}/sync`, 'POST');
      await waitFor(
        async () => (await runs(id)).some((r) => r.id === runId && r.status !== 'queued'),
        60_000,
        `kill ${n}: the sync to start`,
        10,
      );
      await sleep(delayMs);
      await killHard(server);
      server = null;
      let stage = '';
      await inspect(`kill ${n}`, false, async (s) => {
        stage = await stageOf(s, runId);
      });
      killedMidRun = stage.startsWith('running') ? [runId] : [];
      killedOf = id;
      const ok = !violations.some((v) => v.startsWith(`kill ${n}:`));
      rows.push({
        n,
        target: `${name(id)} (${sim.tenant.tokens.length} grants)`,
        delayMs,
        stage,
        inventory: ok ? 'ok' : 'MISMATCH',
        recovered: '',
      });
    }
    // The last restart recovers the last kill; then one more sync of each integration; then a graceful stop.
    const v0 = violations.length;
    server = await start();
    await idle('final');
    await checkRecovery('final restart', killedOf, killedMidRun);
    const last = rows.at(-1);
    for (const id of ids) await api(`/api/v1/integrations/${id}/sync`, 'POST');
    await idle('final next syncs');
    server.proc.kill('SIGTERM');
    const code = await server.exited;
    server = null;
    if (code !== 0) violations.push(`final server exited ${code} on SIGTERM`);
    const summary: [string, string | number][] = [];
    await inspect('final', true, async (s) => {
      const open = await openRuns(s);
      if (open.length > 0) violations.push(`final: runs left open: ${JSON.stringify(open)}`);
      const staged = await stagedRows(s);
      if (staged > 0) violations.push(`final: ${staged} staged rows left`);
      const counts = await s.query<{ status: string; error_code: string | null; n: string }>(
        'SELECT status, error_code, count(*) AS n FROM sync_runs GROUP BY status, error_code ORDER BY status, error_code',
      );
      summary.push(
        ...counts.map((c): [string, number] => [
          `runs ${c.status}${c.error_code ? ` (${c.error_code})` : ''}`,
          Number(c.n),
        ]),
      );
      summary.push(['runs left running or queued', open.length], ['staged rows left', staged]);
    });
    if (last) last.recovered = recovered(killedMidRun, violations.length === v0);
    return { rows, summary, violations, ms: performance.now() - t0 };
  } finally {
    if (server) await killHard(server);
    for (const s of servers) await s.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
