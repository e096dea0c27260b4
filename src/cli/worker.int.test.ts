// `grantscope worker` with GRANTSCOPE_WORKER_HEALTH=on (as in the container image): /healthz and /readyz on PORT
// for the image's HEALTHCHECK and an orchestrator's probes, nothing else; a taken port stops it with a sentence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, grantscope, killHard, waitFor } from '../../test/campaign/crash-support.ts';
import { CAMPAIGN_KEY, createCampaignDatabase } from '../../test/campaign/store.ts';
import { TEST_DATABASE_URL } from '../store/test-store.ts';

describe.skipIf(!TEST_DATABASE_URL)('worker health (PostgreSQL)', () => {
  it('answers /healthz and /readyz on PORT, nothing else, and stops with exit 0', async () => {
    const db = await createCampaignDatabase(TEST_DATABASE_URL as string, 'health');
    const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-health-'));
    const port = await freePort();
    const env = {
      DATABASE_URL: db.url,
      GRANTSCOPE_DATA_DIR: dataDir,
      GRANTSCOPE_SECRET_KEY: CAMPAIGN_KEY,
      GRANTSCOPE_WORKER_HEALTH: 'on',
      GRANTSCOPE_HOST: '127.0.0.1',
      PORT: String(port),
    };
    const worker = grantscope(['worker'], env);
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        async () => {
          if (worker.proc.exitCode !== null) throw new Error(`worker exited:\n${worker.tail()}`);
          return (await fetch(`${base}/healthz`).catch(() => null))?.ok === true;
        },
        60_000,
        'the worker to answer /healthz',
        100,
      );
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${base}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
      expect((await fetch(`${base}/api/v1/apps`)).status).toBe(404);
      expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);

      // A second worker asked to answer on the same port says so and exits 2 (a configuration problem).
      const second = grantscope(['worker'], env);
      expect(await second.exited, second.tail()).toBe(2);
      expect(second.tail()).toMatch(
        /cannot answer health checks on 127\.0\.0\.1:\d+.*Set PORT to a free port/,
      );

      worker.proc.kill('SIGTERM');
      expect(await worker.exited, worker.tail()).toBe(0);
      expect(await fetch(`${base}/healthz`).catch(() => null)).toBeNull();
    } finally {
      if (worker.proc.exitCode === null) await killHard(worker);
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
if (!TEST_DATABASE_URL)
  console.info(
    'TEST_DATABASE_URL is not set: the worker health test is skipped (a worker needs PostgreSQL; it runs in CI).',
  );
