// Crash campaign, part 1: `grantscope worker` processes on PostgreSQL killed with SIGKILL at a random point of each
// of N syncs; after every kill the inventories must equal their last complete run, and the next worker must fail the
// dead run (worker_lost), run its retry to completion and leave nothing running or staged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../sim/zendesk/rng.ts';
import { createZendeskSimulator, type ZendeskSimulator } from '../../sim/zendesk/server.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { startQueue } from '../../src/sync/queue.ts';
import { connectSimulator } from '../../src/sync/test-support.ts';
import {
  type Child,
  grantscope,
  inventoryMismatch,
  killHard,
  lastCompleteTruth,
  openRuns,
  sleep,
  stagedRows,
  stageOf,
  TruthLog,
  waitFor,
} from './crash-support.ts';
import { CAMPAIGN_KEY, createCampaignDatabase } from './store.ts';
import { liveInventory, mutateTenant, rowDiff, truthOf } from './truth.ts';

export interface KillRow {
  n: number;
  target: string;
  delayMs: number;
  stage: string;
  inventory: 'ok' | 'MISMATCH';
  recovered: string;
}

export interface CrashResult {
  rows: KillRow[];
  summary: [string, string | number][];
  violations: string[];
  ms: number;
}

/** Every killed run has a later run of its integration that finished (its retry). */
async function retriesFinished(store: Store, killed: string[]): Promise<boolean> {
  if (killed.length === 0) return true;
  const rows = await store.query<{ n: string }>(
    `SELECT count(*) AS n FROM sync_runs k WHERE k.id = ANY($1::uuid[]) AND EXISTS (
       SELECT 1 FROM sync_runs r WHERE r.integration_id = k.integration_id AND r.queued_at > k.queued_at
         AND r.status IN ('completed', 'failed'))`,
    [killed],
  );
  return Number(rows[0]?.n) === killed.length;
}

/** What the next worker did about a killed run: nothing to do when it had ended, else fail it and retry. */
export const recovered = (killedMidRun: string[], ok: boolean) =>
  !ok ? 'NO' : killedMidRun.length === 0 ? 'nothing to recover' : 'failed as worker_lost; retry completed';

const SIZES = [3_000, 2_000, 2_500, 1_500];
const ABANDONED_S = 2;

export async function crashWorkers(o: {
  seed: number;
  syncs: number;
  serverUrl: string;
}): Promise<CrashResult> {
  const t0 = performance.now();
  const rng = createRng(o.seed);
  const violations: string[] = [];
  const rows: KillRow[] = [];
  const db = await createCampaignDatabase(o.serverUrl, 'crash');
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-campaign-crash-'));
  const store = await openStore({ databaseUrl: db.url, dataDir, secretKey: CAMPAIGN_KEY });
  const sims: ZendeskSimulator[] = SIZES.map((tokens, i) =>
    createZendeskSimulator({ seed: o.seed * 100 + i, users: tokens / 4, tokens, rateLimit: 1e9 }),
  );
  const servers = await Promise.all(sims.map((s) => s.listen()));
  const hosts = servers.map((s) => new URL(s.url).host);
  const queue = await startQueue(store, { schedule: false });
  const log = new TruthLog();
  const env = {
    DATABASE_URL: db.url,
    GRANTSCOPE_SECRET_KEY: CAMPAIGN_KEY,
    GRANTSCOPE_ALLOWED_TENANT_HOSTS: hosts.join(','),
    GRANTSCOPE_WORKER_CONCURRENCY: '2',
    GRANTSCOPE_ABANDONED_RUN_SECONDS: String(ABANDONED_S),
    GRANTSCOPE_LOG_LEVEL: 'warn',
  };
  let worker: Child | null = null;
  const ids: string[] = [];
  try {
    for (const [i, sim] of sims.entries()) {
      const integration = await connectSimulator(store, sim, {
        tenantUrl: servers[i]?.url as string,
        allowedHosts: hosts,
        scheduleMinutes: 10_080,
      });
      ids.push(integration.id);
      log.record(integration.id, truthOf(sim.tenant));
      // Slow token pages stretch each sync (~1–3 s) so that kills land in every phase of it.
      sim.faults.add({ route: 'oauth.tokens', kind: 'slow', param: 30 });
    }
    const name = (id: string) => `w${ids.indexOf(id)}`;
    const checkAll = async (when: string, current: boolean) => {
      for (const id of ids) {
        const truth = current ? log.current(id) : await lastCompleteTruth(store, log, id);
        if (!truth) continue;
        const diff = await inventoryMismatch(store, id, truth);
        if (diff.length > 0)
          violations.push(
            `${when}: ${name(id)} inventory ≠ ${current ? 'truth' : 'last complete run'}: ${diff.join('; ')}`,
          );
      }
    };
    // Recovery fails a dead run, then queues its retry: between the two nothing is open, so wait for the retry too.
    const recover = async (when: string, killed: string[] = []) => {
      await waitFor(
        async () => (await openRuns(store)).length === 0 && (await retriesFinished(store, killed)),
        120_000,
        `${when}: no run queued or running`,
      );
      await checkAll(`${when}, after recovery`, true);
      const staged = await stagedRows(store);
      if (staged > 0) violations.push(`${when}: ${staged} staged rows left after recovery`);
    };
    // The first sync of each integration, by the first worker, is the baseline every later check builds on.
    worker = grantscope(['worker'], env);
    for (const id of ids) await queue.enqueue(id, 'manual');
    await recover('baseline');
    let killedMidRun: string[] = [];
    for (let n = 0; n < o.syncs; n++) {
      const id = ids[n % ids.length] as string;
      const sim = sims[n % ids.length] as ZendeskSimulator;
      if (!worker) {
        worker = grantscope(['worker'], env);
        const v0 = violations.length;
        await recover(`kill ${n}`, killedMidRun);
        const runs = await store.query<{ id: string; status: string; error_code: string | null }>(
          'SELECT id, status, error_code FROM sync_runs WHERE id = ANY($1::uuid[])',
          [killedMidRun],
        );
        const bad = runs.filter((r) => r.status !== 'failed' || r.error_code !== 'worker_lost');
        if (bad.length > 0)
          violations.push(`kill ${n}: killed runs not failed as worker_lost: ${JSON.stringify(bad)}`);
        const last = rows.at(-1);
        if (last) last.recovered = recovered(killedMidRun, violations.length === v0);
      }
      mutateTenant(sim.tenant, rng, { ownClientId: null });
      log.record(id, truthOf(sim.tenant));
      const before = await liveInventory(store, id);
      const [d] = await store.query<{ ms: number | null }>(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS ms FROM sync_runs WHERE integration_id = $1 AND status = 'completed'",
        [id],
      );
      const delayMs = Math.round(rng.next() * 1.25 * (d?.ms ?? 2000));
      const { runId } = await queue.enqueue(id, 'manual');
      await waitFor(
        async () =>
          (await store.query("SELECT 1 FROM sync_runs WHERE id = $1 AND status <> 'queued'", [runId]))
            .length > 0,
        60_000,
        `kill ${n}: the sync to start`,
        10,
      );
      await sleep(delayMs);
      await killHard(worker);
      worker = null;
      const stage = await stageOf(store, runId);
      killedMidRun = stage.startsWith('running') ? [runId] : [];
      await checkAll(`kill ${n}`, false);
      const [run] = await store.query<{ status: string }>('SELECT status FROM sync_runs WHERE id = $1', [
        runId,
      ]);
      if (run?.status !== 'completed') {
        const changed = rowDiff(before, await liveInventory(store, id));
        if (changed.length > 0)
          violations.push(
            `kill ${n}: ${name(id)} changed by a run that did not complete: ${changed.slice(0, 5).join(', ')}`,
          );
      }
      const ok = !violations.some((v) => v.startsWith(`kill ${n}:`));
      rows.push({
        n,
        target: `${name(id)} (${sim.tenant.tokens.length} grants)`,
        delayMs,
        stage,
        inventory: ok ? 'ok' : 'MISMATCH',
        recovered: '',
      });
      await sleep(ABANDONED_S * 1000 + 500); // past the heartbeat limit: the run now looks abandoned
    }
    // The last word: a fresh worker recovers the last kill, then one more sync of every integration completes.
    worker = grantscope(['worker'], env);
    const v0 = violations.length;
    await recover('final', killedMidRun);
    const final = await store.query<{ status: string; error_code: string | null }>(
      'SELECT status, error_code FROM sync_runs WHERE id = ANY($1::uuid[])',
      [killedMidRun],
    );
    const bad = final.filter((r) => r.status !== 'failed' || r.error_code !== 'worker_lost');
    if (bad.length > 0)
      violations.push(`final: killed runs not failed as worker_lost: ${JSON.stringify(bad)}`);
    const last = rows.at(-1);
    if (last) last.recovered = recovered(killedMidRun, violations.length === v0);
    for (const id of ids) await queue.enqueue(id, 'manual');
    await recover('final next syncs');
    worker.proc.kill('SIGTERM');
    const code = await worker.exited;
    worker = null;
    if (code !== 0) violations.push(`final worker exited ${code} on SIGTERM`);
    const counts = await store.query<{ status: string; error_code: string | null; n: string }>(
      'SELECT status, error_code, count(*) AS n FROM sync_runs GROUP BY status, error_code ORDER BY status, error_code',
    );
    return {
      rows,
      summary: [
        ...counts.map((c): [string, string | number] => [
          `runs ${c.status}${c.error_code ? ` (${c.error_code})` : ''}`,
          Number(c.n),
        ]),
        ['runs left running or queued', (await openRuns(store)).length],
        ['staged rows left', await stagedRows(store)],
      ],
      violations,
      ms: performance.now() - t0,
    };
  } finally {
    if (worker) await killHard(worker);
    await queue.stop({ graceful: false, timeoutMs: 1000 });
    await store.close();
    for (const s of servers) await s.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
