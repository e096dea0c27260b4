// `grantscope admin create`: an admin who can sign in, the password never taken from argv.
import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { createMetrics } from '../api/metrics.ts';
import { loadConfig } from '../config.ts';
import { systemPlatform } from '../connectors/http.ts';
import type { Store } from '../store/db.ts';
import { closeTemplates, engines } from '../store/test-store.ts';
import { runAdmin } from './admin.ts';
import { type CliTarget, captureIo, cliTarget } from './cli-test-target.ts';

const PASSWORD = 'correct horse battery staple';

afterAll(closeTemplates);

const signIn = (store: Store, email: string, password: string) =>
  createApp({
    store,
    queue: null,
    platform: systemPlatform(),
    config: loadConfig({}),
    log: pino({ level: 'silent' }),
    metrics: createMetrics(),
  }).request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe.each(engines())('grantscope admin on %s', (engine) => {
  let target: CliTarget;
  beforeEach(async () => {
    target = await cliTarget(engine);
  });
  afterEach(() => target.dispose());

  it('creates an admin with the password from stdin, who can then sign in', async () => {
    const run = captureIo(target.env, Readable.from([`${PASSWORD}\nignored second line\n`]));
    expect(await runAdmin(['create', '--email', 'ops@example.test', '--name', 'Ops'], run.io)).toBe(0);
    expect(run.stdout()).toMatch(/Created admin ops@example.test/);
    const res = await signIn(await target.open(), 'ops@example.test', PASSWORD);
    expect(res.status).toBe(200);
    expect((await res.json()).account).toMatchObject({ name: 'Ops', role: 'admin' });
  });

  it('takes the password from GRANTSCOPE_ADMIN_PASSWORD and refuses a taken email with exit 2', async () => {
    const env = { ...target.env, GRANTSCOPE_ADMIN_PASSWORD: PASSWORD };
    expect(await runAdmin(['create', '--email', 'ops@example.test'], captureIo(env).io)).toBe(0);
    const again = captureIo(env);
    expect(await runAdmin(['create', '--email', 'OPS@example.test'], again.io)).toBe(2);
    expect(again.stderr()).toMatch(/already exists/);
    const store = await target.open();
    expect(await store.query('SELECT name FROM accounts')).toEqual([{ name: 'ops' }]);
  });

  it('exits 2 with a clear message on a bad email, a short password or a password in argv', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['create', '--email', 'not-an-email'], { GRANTSCOPE_ADMIN_PASSWORD: PASSWORD }, /--email must be/],
      [
        ['create', '--email', 'a@example.test'],
        { GRANTSCOPE_ADMIN_PASSWORD: 'short' },
        /at least 12 characters/,
      ],
      [['create', '--email', 'a@example.test', '--password', PASSWORD], {}, /Unknown option '--password'/],
    ];
    for (const [argv, env, message] of cases) {
      const run = captureIo({ ...target.env, ...env });
      expect(await runAdmin(argv, run.io)).toBe(2);
      expect(run.stderr()).toMatch(message);
    }
  });
});
