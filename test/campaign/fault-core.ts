// The fault campaign's core, shared by bench/campaign-faults.ts and its CI test: many syncs of simulated tenants
// under random faults, with the truth mutated between them, and every run checked against the invariants.
import { createRng } from '../../sim/zendesk/rng.ts';
import type { Store } from '../../src/store/db.ts';
import { runSync, type SyncOutcome } from '../../src/sync/run-sync.ts';
import { checkRun, type RunRecord } from './checks.ts';
import { pickScenario, type Scenario, TIMEOUT_MS } from './scenarios.ts';
import { type CampaignStore, openCampaignStore } from './store.ts';
import { type CampaignTenant, createTenant, seededRandom, virtualPlatform } from './tenant.ts';
import { liveInventory, mutateTenant, truthOf } from './truth.ts';

export interface CampaignOptions {
  runs: number;
  engine: 'pglite' | 'postgres';
  seed: number;
  /** Server URL for the postgres engine; a campaign_* database is created on it and dropped afterwards. */
  databaseUrl?: string;
  minTokens?: number;
  maxTokens?: number;
  /** Runs per tenant (default 10): tenants = runs / this. */
  runsPerTenant?: number;
  onRun?: (r: RunRecord) => void;
}

export interface CampaignResult {
  records: RunRecord[];
  tenants: { name: string; tokens: number; kind: string }[];
  ms: number;
}

export async function runFaultCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now();
  const rng = createRng(o.seed);
  const min = o.minTokens ?? 200;
  const max = o.maxTokens ?? 3_000;
  const count = Math.max(1, Math.ceil(o.runs / (o.runsPerTenant ?? 10)));
  const cs: CampaignStore = await openCampaignStore(o.engine, o.databaseUrl, 'faults');
  const records: RunRecord[] = [];
  try {
    const tenants: CampaignTenant[] = [];
    for (let i = 0; i < count; i++) {
      // Log-uniform sizes: many small tenants, some large ones, all within [min, max].
      const tokens = Math.round(min * (max / min) ** rng.next());
      const kind = i % 3 === 2 ? 'oauth_client_credentials' : 'api_token';
      tenants.push(await createTenant(cs.store, { index: i, seed: o.seed * 1000 + i, tokens, kind }));
    }
    for (let index = 0; index < o.runs; index++) {
      const tenant = tenants[index % tenants.length] as CampaignTenant;
      const first = tenant.profile === null;
      const mutation = first
        ? null
        : mutateTenant(tenant.sim.tenant, rng, { ownClientId: tenant.ownClientId });
      const scenario: Scenario = first
        ? { kind: 'none', rules: [], revokeAfter: null, expireAfter: [], detail: 'first sync (profile)' }
        : pickScenario(rng, tenant.profile as NonNullable<CampaignTenant['profile']>, {
            oauth: tenant.kind === 'oauth_client_credentials',
          });
      // Backoff jitter draws from its own stream, so retries never shift the scenarios of later runs.
      const jitter = createRng(o.seed * 7_919 + index);
      const record = await syncOnce(cs.store, tenant, scenario, index, jitter);
      if (mutation) record.mutation = mutation;
      records.push(record);
      o.onRun?.(record);
    }
    return {
      records,
      tenants: tenants.map((t) => ({ name: t.name, tokens: t.tokens, kind: t.kind })),
      ms: performance.now() - started,
    };
  } finally {
    await cs.dispose();
  }
}

async function syncOnce(
  store: Store,
  tenant: CampaignTenant,
  scenario: Scenario,
  index: number,
  rng: ReturnType<typeof createRng>,
): Promise<RunRecord> {
  const statsBefore = tenant.sim.stats();
  const truthBefore = truthOf(tenant.sim.tenant);
  const before = await liveInventory(store, tenant.integrationId);
  tenant.arm(scenario);
  const t0 = performance.now();
  let outcome: SyncOutcome | null = null;
  let thrown: unknown = null;
  try {
    outcome = await runSync(
      {
        store,
        platform: virtualPlatform(tenant.fetch, seededRandom(rng)),
        allowedHosts: [],
        staleDays: 90,
        abandonedAfterSeconds: 60,
        http: { timeoutMs: TIMEOUT_MS },
      },
      { integrationId: tenant.integrationId, runId: null, trigger: 'manual', jobId: `campaign-${index}` },
    );
  } catch (error) {
    thrown = error;
  } finally {
    tenant.disarm();
  }
  const ms = performance.now() - t0;
  const truthAfter = truthOf(tenant.sim.tenant);
  const after = tenant.sim.stats();
  if (tenant.profile === null) {
    const byRoute: Record<string, number> = {};
    for (const [route, n] of Object.entries(after.byRoute)) {
      const d = n - (statsBefore.byRoute[route] ?? 0);
      if (d > 0) byRoute[route] = d;
    }
    tenant.profile = { byRoute, requests: after.requests - statsBefore.requests };
  }
  const record = await checkRun(store, {
    index,
    tenant: tenant.name,
    tokens: tenant.tokens,
    credential: tenant.kind,
    scenario,
    integrationId: tenant.integrationId,
    outcome,
    thrown,
    ms,
    truthBefore,
    truthAfter,
    before,
  });
  record.requests = after.requests - statsBefore.requests;
  record.tokenRequests = (after.byRoute['oauth.grant'] ?? 0) - (statsBefore.byRoute['oauth.grant'] ?? 0);
  return record;
}
