// How fast the apps list answers over HTTP at 10k apps / 100k grants, on PostgreSQL and on the embedded database:
// the server (`grantscope serve`) in its own process, autocannon on loopback in this one, an API key per request.
// Prints p50/p95/p99 and requests/s per case; the target is p95 ≤ 50 ms on PostgreSQL.
// Run: npm run bench:api [-- postgres://admin-url]   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_APPS, BENCH_GRANTS)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { createApiKey } from '../src/api/auth/api-keys.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { refreshUserRanks } from '../src/store/queries/saas-users.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_URL =
  process.argv[2] ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = 'grantscope_bench_api';
const APPS = Number(process.env.BENCH_APPS ?? 10_000);
const GRANTS = Number(process.env.BENCH_GRANTS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');
const TARGET_P95_MS = 50;

const CASES = [
  { name: 'risk sort, risk=high', path: '/api/v1/apps?sort=risk&risk=high' },
  { name: 'text search q=', path: '/api/v1/apps?q=publisher%209' },
  { name: 'users sort', path: '/api/v1/apps?sort=users' },
  { name: 'users page', path: '/api/v1/users' },
];

interface AutocannonResult {
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface Instance extends Promise<AutocannonResult> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Instance;

/** Two integrations; 5% of apps removed; names repeat; a fifth never used; grants spread over 5,000 users each. */
async function seed(store: Store): Promise<string> {
  await store.query(`INSERT INTO credentials (id, saas, tenant_url, kind, sanitized, ciphertext) VALUES
    ('00000000-0000-4000-8000-000000000001', 'zendesk', 'https://a.zendesk.com', 'api_token', '{}', 'x'),
    ('00000000-0000-4000-8000-000000000002', 'zendesk', 'https://b.zendesk.com', 'api_token', '{}', 'x')`);
  // Never due: the embedded server's scheduler must not try to sync these fake tenants during the run.
  await store.query(`INSERT INTO integrations (id, saas, tenant_url, credential_id, capabilities, name, next_sync_at) VALUES
    ('10000000-0000-4000-8000-000000000001', 'zendesk', 'https://a.zendesk.com', '00000000-0000-4000-8000-000000000001', '{third_party_apps}', 'A', '2100-01-01'),
    ('10000000-0000-4000-8000-000000000002', 'zendesk', 'https://b.zendesk.com', '00000000-0000-4000-8000-000000000002', '{third_party_apps}', 'B', '2100-01-01')`);
  await store.query(
    `INSERT INTO apps (integration_id, key, kind, name, publisher, saas_id, scopes, categories, risk_level, risk_score,
       risk_reasons, risk_model, user_count, grant_count, last_used_at, first_seen_at, last_seen_at, removed_at)
     SELECT CASE WHEN i % 4 = 0 THEN '10000000-0000-4000-8000-000000000002'::uuid ELSE '10000000-0000-4000-8000-000000000001'::uuid END,
       'app:' || i, (ARRAY['custom_oauth_app','marketplace_oauth_app','installed_app','api_token','webhook'])[1 + i % 5],
       'App ' || (i % 3000), 'Publisher ' || (i % 97), i::text, '{read}',
       CASE i % 4 WHEN 0 THEN '{Full Account Access}'::text[] WHEN 1 THEN '{Collaboration and Communication,Directory and App Mgmt}'
         WHEN 2 THEN '{}' ELSE '{Unknown}' END,
       CASE WHEN s >= 75 THEN 'critical' WHEN s >= 50 THEN 'high' WHEN s >= 25 THEN 'medium' ELSE 'low' END, s,
       '[]', 'bench', (i * 7) % 120, (i * 7) % 120 + 1,
       CASE WHEN i % 5 = 0 THEN NULL ELSE now() - ((i * 13) % 400) * interval '1 day' END,
       now() - (i % 7) * interval '1 day', now(), CASE WHEN i % 20 = 0 THEN now() END
     FROM generate_series(1, $1::int) i, LATERAL (SELECT (i * 37) % 101 AS s) x`,
    [APPS],
  );
  await store.query(
    `INSERT INTO grants (integration_id, app_key, saas_id, user_id, scopes, last_used_at, first_seen_at, last_seen_at)
     SELECT a.integration_id, a.key, 'g' || g, 'u' || (g % 5000), '{read}', now() - (g % 300) * interval '1 day', now(), now()
     FROM generate_series(1, $1::int) g JOIN apps a ON a.id = 1 + (g * 7919) % $2::int`,
    [GRANTS, APPS],
  );
  await store.query(
    `INSERT INTO saas_users (integration_id, saas_id, name, email, role, active, suspended, first_seen_at, last_seen_at)
     SELECT i.id, 'u' || u, 'User ' || u, 'user' || u || '@example.test', 'agent', true, false, now(), now()
     FROM generate_series(0, 4999) u, integrations i`,
  );
  // What a complete sync stores with the users (their rank in the users list).
  for (const i of await store.query<{ id: string }>('SELECT id::text FROM integrations'))
    await refreshUserRanks(store, i.id);
  await store.query('ANALYZE');
  return (await createApiKey(store, { name: 'bench', role: 'viewer', createdBy: null })).key;
}

async function serve(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const child = spawn(process.execPath, ['src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: port, GRANTSCOPE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const url = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, child };
  }
  throw new Error(`the server did not start: ${stderr}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function measure(url: string, key: string, path: string) {
  const headers = { authorization: `Bearer ${key}` };
  const check = await fetch(`${url}${path}`, { headers });
  const body = (await check.json()) as { items?: unknown[] };
  if (check.status !== 200 || !body.items?.length) throw new Error(`${path}: ${check.status}, no items`);
  // Warm-up: plans cached, pages in memory, the JIT settled.
  await autocannon({ url: `${url}${path}`, headers, connections: CONNECTIONS, duration: 2 });
  const times: number[] = [];
  const run = autocannon({ url: `${url}${path}`, headers, connections: CONNECTIONS, duration: SECONDS });
  run.on('response', (_c, status, _b, ms) => {
    if (status === 200) times.push(ms);
  });
  const result = await run;
  if (result.non2xx || result.errors || result.timeouts)
    throw new Error(
      `${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    rps: result.requests.average,
  };
}

async function bench(engine: 'PostgreSQL' | 'PGlite', rows: string[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-bench-api-'));
  let databaseUrl: string | null = null;
  if (engine === 'PostgreSQL') {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB}`);
    await admin.end();
    const u = new URL(ADMIN_URL);
    u.pathname = `/${DB}`;
    databaseUrl = u.toString();
  }
  const started = performance.now();
  const store = await openStore({ databaseUrl, dataDir, secretKey: SECRET_KEY });
  const key = await seed(store);
  await store.close();
  process.stderr.write(
    `${engine}: dataset built in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  const { url, child } = await serve({
    GRANTSCOPE_DATA_DIR: dataDir,
    GRANTSCOPE_SECRET_KEY: SECRET_KEY,
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  });
  try {
    for (const c of CASES) {
      const r = await measure(url, key, c.path);
      const target =
        engine === 'PostgreSQL' && c === CASES[0] ? (r.p95 <= TARGET_P95_MS ? '✓ ≤ 50' : '✗ > 50') : '';
      rows.push(
        `| ${engine.padEnd(10)} | ${c.name.padEnd(20)} | ${r.p50.toFixed(1).padStart(6)} | ${r.p95.toFixed(1).padStart(6)} | ${r.p99.toFixed(1).padStart(6)} | ${Math.round(r.rps).toString().padStart(6)} | ${target.padEnd(6)} |`,
      );
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: string[] = [];
// Latency under load depends on what else the machine runs: the conditions are printed with the table.
const load = loadavg()[0]?.toFixed(1);
await bench('PostgreSQL', rows);
await bench('PGlite', rows);
console.log(
  `\nThe apps list over HTTP (loopback), ${APPS} apps / ${GRANTS} grants, limit 50, API key, ${CONNECTIONS} connections × ${SECONDS} s; server in its own process; ${cpus().length} CPUs, load average ${load} at start\n`,
);
console.log('| engine     | case                 | p50 ms | p95 ms | p99 ms |  req/s | target |');
console.log('|------------|----------------------|--------|--------|--------|--------|--------|');
console.log(rows.join('\n'));
console.log(`\n${CASES.map((c) => `${c.name}: GET ${c.path}`).join('\n')}`);
console.log(`Target: p95 ≤ ${TARGET_P95_MS} ms on PostgreSQL for the risk sort with one filter.`);
