// The container image's runtime stage, run without a Docker engine: the Dockerfile's stages replayed into a temporary
// folder (test/image/layout.ts), then its ENTRYPOINT started there the way a container would start it. The static
// half (Dockerfile shape, build context, module graph, compose.yaml) is test/image/static.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './campaign/crash-support.ts';
import { createCampaignDatabase } from './campaign/store.ts';
import { parseCompose } from './image/compose.ts';
import { parseDockerfile } from './image/dockerfile.ts';
import { parseDockerignore } from './image/dockerignore.ts';
import { buildLayout, type Layout } from './image/layout.ts';
import {
  type ImageProcess,
  imageEnv,
  runHealthcheck,
  runImage,
  runImageToExit,
  waitUntil,
} from './image/run.ts';

const ROOT = resolve(import.meta.dirname, '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const spec = parseDockerfile(read('Dockerfile'));
const DATABASE_URL = process.env.TEST_DATABASE_URL;
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

let layout: Layout;

beforeAll(() => {
  const start = performance.now();
  layout = buildLayout(ROOT, spec, parseDockerignore(read('.dockerignore')));
  console.info(
    `image layout in ${Math.round(performance.now() - start)} ms (${layout.runAs ? `running as uid ${layout.runAs.uid}` : 'read-only /app'}):`,
    layout.timings,
  );
}, 120_000);

afterAll(() => layout?.dispose());

const ok = (url: string) => async () => (await fetch(url)).ok;

describe('the image’s file system', () => {
  it('holds no devDependency: the build stage pruned them', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };
    const dev = Object.entries(lock.packages).filter(
      ([path, p]) => p.dev && path.startsWith('node_modules/'),
    );
    expect(dev.length).toBeGreaterThan(0);
    expect(dev.map(([path]) => path).filter((path) => existsSync(join(layout.appDir, path)))).toEqual([]);
  });

  it('cannot reach the repository’s node_modules: no NODE_PATH, no repository PATH, no node_modules above /app', () => {
    const env = imageEnv(layout, spec);
    expect(env.NODE_PATH).toBeUndefined();
    expect(env.PATH?.split(':').filter((dir) => !relative(ROOT, dir).startsWith('..'))).toEqual([]);
    expect(relative(ROOT, layout.appDir).startsWith('..')).toBe(true);
    const above: string[] = [];
    for (let dir = dirname(layout.appDir); dir !== dirname(dir); dir = dirname(dir))
      if (existsSync(join(dir, 'node_modules'))) above.push(join(dir, 'node_modules'));
    expect(above).toEqual([]);
  });
});

describe('`serve`, the image’s default command, on the embedded database', () => {
  let port: number;
  let env: Record<string, string>;
  let server: ImageProcess;
  const base = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    port = await freePort();
    // 127.0.0.1 instead of the image's 0.0.0.0: nothing outside this machine needs to reach a test server.
    env = imageEnv(layout, spec, { PORT: String(port), GRANTSCOPE_HOST: '127.0.0.1' });
    server = runImage(layout, spec, null, env);
    await waitUntil(server, 'ready', ok(`${base()}/readyz`));
  }, 60_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) await server.stop();
  });

  it('answers its liveness and readiness checks', async () => {
    expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base()}/readyz`)).json()).toEqual({ status: 'ready' });
  });

  it('serves the built console at / with its assets, and the API description', async () => {
    const page = await fetch(`${base()}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).not.toContain('not built');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, html).toBeDefined();
    expect((await fetch(`${base()}${script}`)).status).toBe(200);
    const doc = (await (await fetch(`${base()}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/setup');
  });

  it('creates the first admin from the setup URL it prints, keeping its data in the volume', async () => {
    const token = /\/setup\?token=(\S+)/.exec(server.stderr())?.[1];
    expect(token, server.stderr()).toBeDefined();
    const res = await fetch(`${base()}/api/v1/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'admin@example.com',
        name: 'Admin',
        password: 'a long passphrase',
        setupToken: token,
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await (await fetch(`${base()}/api/v1/auth/status`)).json()).toEqual({ setupRequired: false });
    expect(readdirSync(env.GRANTSCOPE_DATA_DIR as string).sort()).toEqual(
      expect.arrayContaining(['pglite', 'secret.key']),
    );
  });

  it('passes the Dockerfile’s HEALTHCHECK, run verbatim, which fails when nothing answers', async () => {
    expect(await runHealthcheck(layout, spec, env)).toBe(0);
    expect(await runHealthcheck(layout, spec, { ...env, PORT: String(await freePort()) })).toBe(1);
  });

  it('exits 0 on the stop signal', async () => {
    expect(await server.stop()).toBe(0);
  });
});

describe('the CLI the image ships', () => {
  it('prints its usage', async () => {
    const r = await runImageToExit(layout, spec, ['--help'], imageEnv(layout, spec));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/serve[\s\S]*worker[\s\S]*sim zendesk/);
  });

  it('runs the Zendesk simulator, which a scan from the image inventories, and stops it with exit 0', async () => {
    const env = imageEnv(layout, spec);
    const args = 'sim zendesk --users 20 --tokens 40 --local-clients 3 --global-clients 3'.split(' ');
    const sim = runImage(layout, spec, args, env);
    try {
      await waitUntil(sim, 'printing its credentials', async () => sim.stdout().includes('\n'));
      const creds = JSON.parse(sim.stdout()) as { url: string; adminEmail: string; apiToken: string };
      const scanEnv = {
        ...env,
        ZENDESK_API_TOKEN: creds.apiToken,
        GRANTSCOPE_ALLOWED_TENANT_HOSTS: new URL(creds.url).host,
      };
      const scanArgs = ['scan', 'zendesk', '--tenant-url', creds.url, '--admin-email', creds.adminEmail];
      const scan = await runImageToExit(layout, spec, [...scanArgs, '--format', 'json'], scanEnv);
      expect(scan.code, scan.stderr).toBe(0);
      const report = JSON.parse(scan.stdout) as { tenantUrl: string; apps: unknown[] };
      expect(report.tenantUrl).toBe(creds.url);
      expect(report.apps.length).toBeGreaterThan(0);
      expect(await sim.stop()).toBe(0);
    } finally {
      await sim.stop();
    }
  });
});

describe.skipIf(!DATABASE_URL)('compose.yaml’s services on PostgreSQL', () => {
  const compose = parseCompose(read('compose.yaml'), { GRANTSCOPE_SECRET_KEY: SECRET_KEY });
  // The host `postgres` is compose's database service; here it is a fresh database on the test server.
  const envFor = (environment: Record<string, string>, databaseUrl: string, port: number) =>
    imageEnv(layout, spec, {
      ...environment,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      GRANTSCOPE_HOST: '127.0.0.1',
    });

  it('`migrate` brings a fresh database up to date and exits 0', async () => {
    const db = await createCampaignDatabase(DATABASE_URL as string, 'image');
    try {
      const api = compose.image.find((s) => s.command?.[0] === 'serve');
      const r = await runImageToExit(layout, spec, ['migrate'], envFor(api?.environment ?? {}, db.url, 0));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Database is up to date (PostgreSQL)');
    } finally {
      await db.drop();
    }
  });

  it('starts every replica together on a fresh database, as `compose up` does; each exits 0 on the stop signal', async () => {
    const db = await createCampaignDatabase(DATABASE_URL as string, 'image');
    const started: ImageProcess[] = [];
    try {
      const checks: Promise<void>[] = [];
      const healthchecked: [string, Record<string, string>][] = [];
      for (const service of compose.image) {
        for (let i = 0; i < service.replicas; i++) {
          const env = envFor(service.environment, db.url, await freePort());
          const p = runImage(layout, spec, service.command, env);
          started.push(p);
          if (service.healthcheck === 'image') healthchecked.push([service.name, env]);
          checks.push(
            service.command?.[0] === 'serve'
              ? waitUntil(p, 'ready', ok(`http://127.0.0.1:${env.PORT}/readyz`))
              : waitUntil(p, 'started', async () => p.stderr().includes('"msg":"worker started"')),
          );
        }
      }
      expect(started.length).toBeGreaterThan(2);
      await Promise.all(checks);
      for (const [name, env] of healthchecked)
        expect(await runHealthcheck(layout, spec, env), `the image's HEALTHCHECK in service ${name}`).toBe(0);
      const codes = await Promise.all(started.map((p) => p.stop(45_000)));
      expect(codes, started.map((p) => p.stderr()).join('\n')).toEqual(started.map(() => 0));
    } finally {
      await Promise.all(started.map((p) => p.stop()));
      await db.drop();
    }
  }, 90_000);
});

if (!DATABASE_URL)
  console.info(
    'image: the compose/PostgreSQL part is skipped: set TEST_DATABASE_URL (postgres://…) to run it.',
  );
