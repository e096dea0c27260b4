// Worker processes on PostgreSQL: two workers share 20 integrations and run each sync exactly once; a worker killed
// mid-sync (SIGKILL), again and again, never damages the previous inventory and the next sync completes.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createZendeskSimulator } from '../../sim/zendesk/server.ts';
import { systemPlatform } from '../connectors/http.ts';
import { closeTemplates, TEST_DATABASE_URL, TEST_KEY, testStore } from '../store/test-store.ts';
import { startQueue } from './queue.ts';
import { runSync } from './run-sync.ts';
import { connectSimulator } from './test-support.ts';

afterAll(closeTemplates);

if (!TEST_DATABASE_URL)
  console.info('TEST_DATABASE_URL is not set: the worker-process suite needs PostgreSQL and is skipped.');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function startWorkerProcess(
  databaseUrl: string,
  hosts: string[],
  extra: Record<string, string> = {},
): ChildProcess {
  const child = spawn(process.execPath, ['src/cli/main.ts', 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      GRANTSCOPE_SECRET_KEY: TEST_KEY,
      GRANTSCOPE_ALLOWED_TENANT_HOSTS: hosts.join(','),
      GRANTSCOPE_WORKER_CONCURRENCY: '2',
      ...extra,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  return child;
}

function connect(
  store: Awaited<ReturnType<typeof testStore>>['store'],
  url: string,
  sim: ReturnType<typeof createZendeskSimulator>,
  hosts: string[],
) {
  return connectSimulator(store, sim, { tenantUrl: url, allowedHosts: hosts });
}

const expectedGrants = (sim: ReturnType<typeof createZendeskSimulator>) =>
  sim.tenant.tokens.length +
  sim.tenant.apiTokens.length +
  sim.tenant.webhooks.filter((w) => /^\d+$/.test(w.createdBy)).length;

describe.skipIf(!TEST_DATABASE_URL)('worker processes on PostgreSQL', () => {
  it('two workers run each of 20 integrations’ syncs exactly once, and every inventory is complete', async () => {
    const t = await testStore('postgres');
    const sims = Array.from({ length: 20 }, (_, i) =>
      createZendeskSimulator({ seed: 100 + i, users: 80, tokens: 250, rateLimit: 1e9 }),
    );
    const servers = await Promise.all(sims.map((s) => s.listen()));
    const hosts = servers.map((s) => new URL(s.url).host);
    const workers = [
      startWorkerProcess(t.databaseUrl as string, hosts),
      startWorkerProcess(t.databaseUrl as string, hosts),
    ];
    const queue = await startQueue(t.store, { schedule: false });
    try {
      const integrations = [];
      for (const [i, sim] of sims.entries())
        integrations.push(await connect(t.store, servers[i]?.url as string, sim, hosts));
      for (const integration of integrations) await queue.enqueue(integration.id, 'manual');
      await waitFor(
        async () => (await t.store.query("SELECT 1 FROM sync_runs WHERE status = 'completed'")).length === 20,
        90_000,
        '20 completed syncs',
      );
      const runs = await t.store.query<{ integration_id: string; status: string; worker: string }>(
        'SELECT integration_id, status, worker FROM sync_runs',
      );
      expect(runs).toHaveLength(20);
      expect(new Set(runs.map((r) => r.integration_id)).size).toBe(20);
      console.info(
        `syncs per worker: ${JSON.stringify(Object.entries(Object.groupBy(runs, (r) => r.worker)).map(([w, rs]) => [w, rs?.length]))}`,
      );
      for (const [i, sim] of sims.entries()) {
        const stats = sim.stats().byRoute;
        // users/me: once to connect, once for the sync; token pages: exactly one walk.
        expect(stats['users.me']).toBe(2);
        expect(stats['oauth.tokens']).toBe(Math.ceil(sim.tenant.tokens.length / 100));
        const [count] = await t.store.query<{ n: string }>(
          'SELECT count(*) AS n FROM grants WHERE integration_id = $1 AND removed_at IS NULL',
          [integrations[i]?.id],
        );
        expect(Number(count?.n)).toBe(expectedGrants(sim));
      }
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      const codes = await Promise.all(
        workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(w.exitCode) : w.once('exit', r)))),
      );
      expect(codes).toEqual([0, 0]);
      await queue.stop({ graceful: false, timeoutMs: 1000 });
      for (const s of servers) await s.close();
      await t.dispose();
    }
  }, 150_000);

  it('keeps the previous inventory through repeated SIGKILLs mid-sync, fails each killed run, and completes the next sync', async () => {
    const t = await testStore('postgres');
    const sim = createZendeskSimulator({ seed: 7, users: 400, tokens: 3000, rateLimit: 1e9 });
    const server = await sim.listen();
    const host = new URL(server.url).host;
    const integration = await connect(t.store, server.url, sim, [host]);
    const deps = {
      store: t.store,
      platform: systemPlatform(),
      allowedHosts: [host],
      staleDays: 90,
      abandonedAfterSeconds: 2,
    };
    expect(
      (
        await runSync(deps, {
          integrationId: integration.id,
          runId: null,
          trigger: 'manual',
          jobId: 'baseline',
        })
      ).status,
    ).toBe('completed');
    const snapshot = async () =>
      t.store.query(
        'SELECT key, risk_score, user_count, removed_at FROM apps WHERE integration_id = $1 ORDER BY key',
        [integration.id],
      );
    const grantCount = async () =>
      Number(
        (
          await t.store.query<{ n: string }>(
            'SELECT count(*) AS n FROM grants WHERE integration_id = $1 AND removed_at IS NULL',
            [integration.id],
          )
        )[0]?.n,
      );
    const before = await snapshot();
    const grantsBefore = await grantCount();
    // Slow token pages make each sync last long enough to be killed in the middle.
    sim.faults.add({ route: 'oauth.tokens', kind: 'slow', param: 120 });
    const queue = await startQueue(t.store, { schedule: false });
    await queue.enqueue(integration.id, 'manual');
    const env = { GRANTSCOPE_ABANDONED_RUN_SECONDS: '2' };
    try {
      const killed: string[] = [];
      for (let kill = 0; kill < 3; kill++) {
        const worker = startWorkerProcess(t.databaseUrl as string, [host], env);
        let victim = '';
        await waitFor(
          async () => {
            const [row] = await t.store.query<{ id: string }>(
              `SELECT r.id FROM sync_runs r WHERE r.status = 'running' AND NOT (r.id = ANY($1::uuid[]))
                 AND EXISTS (SELECT 1 FROM stage_grants g WHERE g.run_id = r.id)`,
              [killed],
            );
            victim = row?.id ?? '';
            return Boolean(row);
          },
          60_000,
          'a new sync writing its staging',
        );
        killed.push(victim);
        worker.kill('SIGKILL');
        await new Promise((r) => worker.once('exit', r));
        expect(await snapshot()).toEqual(before);
        expect(await grantCount()).toBe(grantsBefore);
        await sleep(2500); // past the heartbeat limit: the run now looks abandoned
      }
      sim.faults.clear();
      const worker = startWorkerProcess(t.databaseUrl as string, [host], env);
      await waitFor(
        async () =>
          (await t.store.query("SELECT 1 FROM sync_runs WHERE status = 'completed' AND job_id <> 'baseline'"))
            .length === 1,
        60_000,
        'the next sync to complete',
      );
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
      const runs = await t.store.query<{ status: string; error_code: string | null }>(
        "SELECT status, error_code FROM sync_runs WHERE job_id IS DISTINCT FROM 'baseline' ORDER BY queued_at",
      );
      expect(runs.filter((r) => r.status === 'failed' && r.error_code === 'worker_lost')).toHaveLength(3);
      const killedRuns = await t.store.query<{ status: string }>(
        'SELECT status FROM sync_runs WHERE id = ANY($1::uuid[])',
        [killed],
      );
      expect(killedRuns.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
      expect(runs.filter((r) => r.status === 'running')).toHaveLength(0);
      expect(await grantCount()).toBe(grantsBefore);
      expect((await t.store.query('SELECT 1 FROM stage_grants')).length).toBe(0);
    } finally {
      await queue.stop({ graceful: false, timeoutMs: 1000 });
      await server.close();
      await t.dispose();
    }
  }, 240_000);
});
