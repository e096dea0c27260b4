// How fast GET /api/v1/apps's query is on PostgreSQL with 10k apps and 100k grants, per sort and filter, first and
// deep pages; prints p50/p95 and, with BENCH_EXPLAIN=1, each plan. Run: node bench/apps-list.ts [postgres-url]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openStore, type Sql } from '../src/store/db.ts';
import {
  type AppFilter,
  type AppKey,
  type AppSort,
  listApps,
  type Order,
} from '../src/store/queries/apps.ts';

const ADMIN_URL = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/test';
const DB = 'grantscope_bench_apps';
const APPS = Number(process.env.BENCH_APPS ?? 10_000);
const GRANTS = Number(process.env.BENCH_GRANTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
await admin.end();
const url = new URL(ADMIN_URL);
url.pathname = `/${DB}`;
const store = await openStore({
  databaseUrl: url.toString(),
  dataDir: mkdtempSync(join(tmpdir(), 'bench-apps-')),
  secretKey: Buffer.alloc(32, 7).toString('base64'),
});

// Two integrations; 5% of apps removed; names repeat (ties); a fifth never used; first seen at a few sync instants.
await store.query(`INSERT INTO credentials (id, saas, tenant_url, kind, sanitized, ciphertext) VALUES
  ('00000000-0000-4000-8000-000000000001', 'zendesk', 'https://a.zendesk.com', 'api_token', '{}', 'x'),
  ('00000000-0000-4000-8000-000000000002', 'zendesk', 'https://b.zendesk.com', 'api_token', '{}', 'x')`);
await store.query(`INSERT INTO integrations (id, saas, tenant_url, credential_id, capabilities, name) VALUES
  ('10000000-0000-4000-8000-000000000001', 'zendesk', 'https://a.zendesk.com', '00000000-0000-4000-8000-000000000001', '{third_party_apps}', 'A'),
  ('10000000-0000-4000-8000-000000000002', 'zendesk', 'https://b.zendesk.com', '00000000-0000-4000-8000-000000000002', '{third_party_apps}', 'B')`);
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
await store.query('ANALYZE');

interface Case {
  name: string;
  filter?: AppFilter;
  sort?: AppSort;
  order?: Order;
}
const cutoff = new Date(Date.now() - 90 * 86_400_000).toISOString();
const CASES: Case[] = [
  { name: 'default (risk desc)' },
  { name: 'risk asc', sort: 'risk', order: 'asc' },
  { name: 'name asc', sort: 'name' },
  { name: 'users desc', sort: 'users' },
  { name: 'lastUsed desc', sort: 'lastUsed' },
  { name: 'lastUsed asc', sort: 'lastUsed', order: 'asc' },
  { name: 'firstSeen desc', sort: 'firstSeen' },
  { name: 'integration', filter: { integrationId: '10000000-0000-4000-8000-000000000001' } },
  { name: 'risk=critical', filter: { risks: ['critical'] } },
  { name: 'kind=webhook', filter: { kinds: ['webhook'] } },
  { name: 'category', filter: { category: 'Unknown' } },
  { name: 'stale', filter: { stale: true, staleCutoff: cutoff } },
  { name: 'minUsers=100', filter: { minUsers: 100 } },
  { name: 'q=publisher 9', filter: { q: 'publisher 9' } },
  { name: 'q=nothing', filter: { q: 'zzz' } },
];

let captured: { text: string; params: unknown[] } | null = null;
const capture: Sql = {
  query: async (text, params) => {
    captured = { text, params: params ?? [] };
    return store.query(text, params);
  },
};

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const rows: string[] = [];
for (const c of CASES) {
  const base = {
    filter: c.filter ?? {},
    sort: c.sort ?? 'risk',
    order: c.order ?? (c.sort === 'name' ? 'asc' : 'desc'),
    limit: 50,
  } as const;
  // A deep page: the cursor after ~5,000 rows, reached by walking.
  let deep: AppKey | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await listApps(store, { ...base, after: deep });
    if (!page.next) break;
    deep = page.next;
  }
  for (const [where, after] of [
    ['first', null],
    ['deep', deep],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await listApps(capture, { ...base, after });
      times.push(performance.now() - t);
    }
    rows.push(
      `| ${c.name.padEnd(20)} | ${where.padEnd(5)} | ${pct(times, 0.5).toFixed(2).padStart(7)} | ${pct(times, 0.95).toFixed(2).padStart(7)} |`,
    );
    if (process.env.BENCH_EXPLAIN && captured) {
      const q = captured as { text: string; params: unknown[] };
      const plan = await store.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${q.text}`,
        q.params,
      );
      console.log(`== ${c.name} (${where})\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }
  }
}
console.log(`${APPS} apps, ${GRANTS} grants, ${RUNS} runs each, limit 50, PostgreSQL\n`);
console.log(
  '| case                 | page  | p50 ms  | p95 ms  |\n|----------------------|-------|---------|---------|',
);
console.log(rows.join('\n'));
await store.close();
