// `grantscope apikey create`: the key on stdout's last line works against the API, without a running server.
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { createMetrics } from '../api/metrics.ts';
import { loadConfig } from '../config.ts';
import { systemPlatform } from '../connectors/http.ts';
import { closeTemplates, engines } from '../store/test-store.ts';
import { runApiKey } from './apikey.ts';
import { type CliTarget, captureIo, cliTarget } from './cli-test-target.ts';

afterAll(closeTemplates);

describe.each(engines())('grantscope apikey on %s', (engine) => {
  let target: CliTarget;
  beforeEach(async () => {
    target = await cliTarget(engine);
  });
  afterEach(() => target.dispose());

  it('prints a new key alone on the last line of stdout, and the key works with its role', async () => {
    const run = captureIo(target.env);
    expect(await runApiKey(['create', '--role', 'admin', '--name', 'deploy'], run.io)).toBe(0);
    const key = run.stdout().trimEnd().split('\n').at(-1) as string;
    expect(key).toMatch(/^gs_[\w-]{43}$/);
    expect(run.stderr()).toMatch(/shown only this once/);
    expect(run.stderr()).not.toContain(key);

    const store = await target.open();
    const app = createApp({
      store,
      queue: null,
      platform: systemPlatform(),
      config: loadConfig({}),
      log: pino({ level: 'silent' }),
      metrics: createMetrics(),
    });
    const res = await app.request('/api/v1/api-keys', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).items).toEqual([expect.objectContaining({ name: 'deploy', role: 'admin' })]);
    const [entry] = await store.query<{ action: string; details: unknown }>(
      'SELECT action, details FROM audit_trail',
    );
    expect(entry).toMatchObject({ action: 'api_key.create', details: { via: 'cli' } });
  });

  it('exits 2 with a clear message on a missing name or an unknown role, creating nothing', async () => {
    for (const argv of [
      ['create', '--role', 'admin'],
      ['create', '--role', 'owner', '--name', 'x'],
      ['create', '--name', 'x', '--bogus'],
      ['delete'],
    ]) {
      const run = captureIo(target.env);
      expect(await runApiKey(argv, run.io)).toBe(2);
      expect(run.stderr()).toMatch(/^grantscope apikey: .+\n\nUsage:/);
      expect(run.stdout()).toBe('');
    }
    const store = await target.open();
    expect(await store.query('SELECT 1 FROM api_keys')).toEqual([]);
  });
});
