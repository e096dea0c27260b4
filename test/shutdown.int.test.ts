// Graceful shutdown: SIGTERM lets an in-flight sync finish within GRANTSCOPE_SHUTDOWN_GRACE_SECONDS; past it the
// sync stops, is failed as worker_stopped with the previous inventory untouched, and is queued again at once — run
// by the embedded server's next start, or by another worker on PostgreSQL. The process exits 0 either way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createZendeskSimulator } from '../sim/zendesk/server.ts';
import { createApiKey } from '../src/api/auth/api-keys.ts';
import { openStore, type Sql, type Store } from '../src/store/db.ts';
import { TEST_DATABASE_URL } from '../src/store/test-store.ts';
import { startQueue } from '../src/sync/queue.ts';
import { connectSimulator } from '../src/sync/test-support.ts';
import {
  apiClient,
  type Child,
  freePort,
  grantscope,
  killHard,
  untilReady,
  waitFor,
} from './campaign/crash-support.ts';
import { CAMPAIGN_KEY, createCampaignDatabase } from './campaign/store.ts';
import { truthOf } from './campaign/truth.ts';

type Run = { id: string; status: string; trigger: string; job_id: string | null; error_code: string | null };

const runsOf = (db: Sql, integrationId: string) =>
  db.query<Run>(
    'SELECT id::text, status, trigger, job_id, error_code FROM sync_runs WHERE integration_id = $1 ORDER BY queued_at',
    [integrationId],
  );
const liveGrants = async (db: Sql, integrationId: string) =>
  Number(
    (
      await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM grants WHERE integration_id = $1 AND removed_at IS NULL',
        [integrationId],
      )
    )[0]?.n,
  );

/** A tenant of 3,000 grants whose token pages take 40 ms each: a sync lasts a second or two. */
async function slowTenant() {
  const sim = createZendeskSimulator({ seed: 31, users: 600, tokens: 3_000, rateLimit: 1e9 });
  const server = await sim.listen();
  return { sim, server, host: new URL(server.url).host };
}

describe('SIGTERM of the embedded server', () => {
  it('lets a running sync finish within the grace period; past it, stops it and runs it again at the next start', async () => {
    const { sim, server: simServer, host } = await slowTenant();
    const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-shutdown-'));
    const open = () => openStore({ databaseUrl: null, dataDir, secretKey: CAMPAIGN_KEY });
    let serve: Child | null = null;
    try {
      let store: Store = await open();
      const integration = await connectSimulator(store, sim, {
        tenantUrl: simServer.url,
        allowedHosts: [host],
        scheduleMinutes: 10_080,
      });
      const key = (await createApiKey(store, { name: 'shutdown test', role: 'admin', createdBy: null })).key;
      await store.close();
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const api = apiClient(base, key);
      const runStatus = async (runId: string) =>
        (
          await api<{ items: { id: string; status: string }[] }>(
            `/api/v1/integrations/${integration.id}/runs`,
          )
        ).items.find((r) => r.id === runId)?.status;
      const start = async (graceSeconds: number) => {
        const child = grantscope(['serve'], {
          GRANTSCOPE_DATA_DIR: dataDir,
          GRANTSCOPE_SECRET_KEY: CAMPAIGN_KEY,
          GRANTSCOPE_ALLOWED_TENANT_HOSTS: host,
          GRANTSCOPE_HOST: '127.0.0.1',
          GRANTSCOPE_SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
          GRANTSCOPE_LOG_LEVEL: 'warn',
          PORT: String(port),
        });
        await untilReady(child, base);
        return child;
      };
      const syncAndStop = async (graceSeconds: number) => {
        serve = await start(graceSeconds);
        const { runId } = await api<{ runId: string }>(`/api/v1/integrations/${integration.id}/sync`, 'POST');
        await waitFor(async () => (await runStatus(runId)) === 'running', 30_000, 'the sync to start', 20);
        serve.proc.kill('SIGTERM');
        const code = await serve.exited;
        const tail = serve.tail();
        serve = null;
        return { runId, code, tail };
      };

      // A baseline inventory, then every token page slowed.
      serve = await start(30);
      const { runId: first } = await api<{ runId: string }>(
        `/api/v1/integrations/${integration.id}/sync`,
        'POST',
      );
      await waitFor(async () => (await runStatus(first)) === 'completed', 60_000, 'the first sync', 100);
      serve.proc.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      serve = null;
      sim.faults.add({ route: 'oauth.tokens', kind: 'slow', param: 40 });

      // Within the grace period: the sync finishes, then the server exits 0.
      const finished = await syncAndStop(30);
      expect(finished.code, finished.tail).toBe(0);
      store = await open();
      const after = (await runsOf(store, integration.id)).find((r) => r.id === finished.runId);
      expect(after?.status).toBe('completed');
      const grants = await liveGrants(store, integration.id);
      expect(grants).toBe(truthOf(sim.tenant).grants.size);
      await store.close();

      // No grace: the sync is stopped, failed as worker_stopped, the inventory untouched, a new sync queued.
      const stopped = await syncAndStop(0);
      expect(stopped.code, stopped.tail).toBe(0);
      store = await open();
      const runs = await runsOf(store, integration.id);
      const run = runs.find((r) => r.id === stopped.runId);
      expect(run).toMatchObject({ status: 'failed', error_code: 'worker_stopped' });
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
      expect(await liveGrants(store, integration.id)).toBe(grants);
      const [status] = await store.query<{ status: string; status_code: string }>(
        'SELECT status, status_code FROM integrations WHERE id = $1',
        [integration.id],
      );
      expect(status).toEqual({ status: 'warning', status_code: 'worker_stopped' });
      const staged = await store.query('SELECT 1 FROM stage_grants');
      expect(staged).toEqual([]);
      await store.close();

      // The next start runs it again without being asked.
      serve = await start(30);
      await waitFor(
        async () => {
          const list = await api<{ items: { id: string; status: string; trigger: string }[] }>(
            `/api/v1/integrations/${integration.id}/runs`,
          );
          return list.items.some((r) => r.trigger === 'retry' && r.status === 'completed');
        },
        60_000,
        'the stopped sync to run again',
        100,
      );
      serve.proc.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      serve = null;
    } finally {
      if (serve) await killHard(serve);
      await simServer.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe.skipIf(!TEST_DATABASE_URL)('SIGTERM of a worker on PostgreSQL', () => {
  it('stops its sync past the grace period and another worker runs it again at once', async () => {
    const { sim, server: simServer, host } = await slowTenant();
    const db = await createCampaignDatabase(TEST_DATABASE_URL as string, 'shutdown');
    const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-shutdown-'));
    const store = await openStore({ databaseUrl: db.url, dataDir, secretKey: CAMPAIGN_KEY });
    const queue = await startQueue(store, { schedule: false });
    const workers: Child[] = [];
    const worker = () => {
      const child = grantscope(['worker'], {
        DATABASE_URL: db.url,
        GRANTSCOPE_SECRET_KEY: CAMPAIGN_KEY,
        GRANTSCOPE_ALLOWED_TENANT_HOSTS: host,
        GRANTSCOPE_SHUTDOWN_GRACE_SECONDS: '0',
        GRANTSCOPE_LOG_LEVEL: 'warn',
      });
      workers.push(child);
      return child;
    };
    try {
      const integration = await connectSimulator(store, sim, {
        tenantUrl: simServer.url,
        allowedHosts: [host],
        scheduleMinutes: 10_080,
      });
      const a = worker();
      const baseline = await queue.enqueue(integration.id, 'manual');
      const statusOf = async (runId: string) =>
        (await runsOf(store, integration.id)).find((r) => r.id === runId)?.status;
      await waitFor(
        async () => (await statusOf(baseline.runId)) === 'completed',
        60_000,
        'the baseline sync',
      );
      const grants = await liveGrants(store, integration.id);
      expect(grants).toBe(truthOf(sim.tenant).grants.size);
      sim.faults.add({ route: 'oauth.tokens', kind: 'slow', param: 40 });

      const { runId } = await queue.enqueue(integration.id, 'manual');
      await waitFor(async () => (await statusOf(runId)) === 'running', 30_000, 'the sync to start', 20);
      a.proc.kill('SIGTERM');
      expect(await a.exited, a.tail()).toBe(0);
      const stopped = (await runsOf(store, integration.id)).find((r) => r.id === runId);
      expect(stopped).toMatchObject({ status: 'failed', error_code: 'worker_stopped' });
      expect(await liveGrants(store, integration.id)).toBe(grants);

      // Queued again as a new job (not the queue's delayed retry of the old one): a second worker takes it.
      const b = worker();
      let again: Run | undefined;
      await waitFor(
        async () => {
          again = (await runsOf(store, integration.id)).find((r) => r.trigger === 'retry');
          return again?.status === 'completed';
        },
        60_000,
        'the stopped sync to run again on another worker',
        100,
      );
      expect(again?.job_id).not.toBe(stopped?.job_id);
      expect(await liveGrants(store, integration.id)).toBe(grants);
      b.proc.kill('SIGTERM');
      expect(await b.exited, b.tail()).toBe(0);
    } finally {
      for (const w of workers) if (w.proc.exitCode === null) await killHard(w);
      await queue.stop({ graceful: false, timeoutMs: 1000 });
      await store.close();
      await simServer.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
if (!TEST_DATABASE_URL)
  console.info(
    'TEST_DATABASE_URL is not set: the PostgreSQL worker shutdown test is skipped (it runs in CI).',
  );
