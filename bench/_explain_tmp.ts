// temp diagnostic: initial sync, optional SQL, then an update sync with EXPLAIN ANALYZE of chosen statements.
import { systemPlatform } from '../src/connectors/http.ts';
import { createIntegration } from '../src/services/integrations.ts';
import { openStore, type Sql, type Store } from '../src/store/db.ts';
import { runSync } from '../src/sync/run-sync.ts';
import { label } from './sync-probe.ts';
const [simUrl, apiToken, databaseUrl, between, pattern] = process.argv.slice(2) as [string, string, string, string, string];
const store = await openStore({ databaseUrl: databaseUrl === 'pglite' ? null : databaseUrl, dataDir: '/tmp/sb/explain-' + Date.now(), secretKey: Buffer.alloc(32, 7).toString('base64') });
const host = new URL(simUrl).host;
const platform = systemPlatform();
const c = await createIntegration({ store, queue: null, platform, allowedHosts: [host], defaultScheduleMinutes: 360 },
  { saas: 'zendesk', capabilities: ['third_party_apps'], credential: { kind: 'api_token', tenantUrl: simUrl, adminEmail: 'admin@example.com', apiToken } });
if (!c.ok) throw new Error(c.problem.message);
const re = new RegExp(pattern);
const seen = new Set<string>();
const explainSql = (tx: Sql): Sql => ({ async query(text, params) {
  const l = label(text);
  if (re.test(l) && !seen.has(l)) {
    seen.add(l);
    const t = performance.now();
    const plan = await tx.query<Record<string, string>>(`EXPLAIN (ANALYZE, TIMING OFF) ${text.replace(/ RETURNING id$/, '')}`, params);
    console.log(`== ${l} ${(performance.now() - t).toFixed(0)} ms\n${plan.map((r) => Object.values(r)[0]).join('\n')}`);
  }
  return tx.query(text, params);
} });
const wrapped = (s: Store): Store => ({ ...s, ...explainSql(s), transaction: (fn) => s.transaction((tx) => fn(explainSql(tx))) });
const deps = { store: store, platform, allowedHosts: [host], staleDays: 90, abandonedAfterSeconds: 90 };
console.log((await runSync(deps, { integrationId: c.integration.id, runId: null, trigger: 'created', jobId: 'x' })).status);
if (between) await store.query(between);
console.log((await runSync({ ...deps, store: wrapped(store) }, { integrationId: c.integration.id, runId: null, trigger: 'scheduled', jobId: 'y' })).status);
await store.close();
