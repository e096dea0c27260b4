// Shared setup of the sync suites: a store on the chosen engine, a simulator, and an integration connected to it.

import {
  createZendeskSimulator,
  type SimulatorOptions,
  type ZendeskSimulator,
} from '../../sim/zendesk/server.ts';
import { type HttpPlatform, systemPlatform } from '../connectors/http.ts';
import { createIntegration } from '../services/integrations.ts';
import type { Store } from '../store/db.ts';
import type { Integration } from '../store/queries/integrations.ts';
import { type Engine, type TestStore, testStore } from '../store/test-store.ts';
import type { SyncDeps } from './run-sync.ts';

export interface SyncFixture {
  t: TestStore;
  sim: ZendeskSimulator;
  deps: SyncDeps;
  integration: Integration;
}

export async function syncFixture(engine: Engine, simOptions: SimulatorOptions = {}): Promise<SyncFixture> {
  const t = await testStore(engine);
  const sim = createZendeskSimulator({ seed: 8, users: 300, tokens: 800, rateLimit: 1e9, ...simOptions });
  const platform = { ...systemPlatform(), fetch: sim.fetch, sleep: async () => {} };
  const deps: SyncDeps = {
    store: t.store,
    platform,
    allowedHosts: [],
    staleDays: 90,
    abandonedAfterSeconds: 60,
  };
  const integration = await connectSimulator(t.store, sim, { tenantUrl: 'acme', platform });
  return { t, sim, deps, integration };
}

/** Connects a Zendesk integration to a simulator with its admin's API token (verified, as a person would). */
export async function connectSimulator(
  store: Store,
  sim: ZendeskSimulator,
  o: { tenantUrl: string; platform?: HttpPlatform; allowedHosts?: string[]; scheduleMinutes?: number },
): Promise<Integration> {
  const created = await createIntegration(
    {
      store,
      queue: null,
      platform: o.platform ?? systemPlatform(),
      allowedHosts: o.allowedHosts ?? [],
      defaultScheduleMinutes: o.scheduleMinutes ?? 360,
    },
    {
      saas: 'zendesk',
      capabilities: ['third_party_apps'],
      credential: {
        kind: 'api_token',
        tenantUrl: o.tenantUrl,
        adminEmail: sim.tenant.credentials.adminEmail,
        apiToken: sim.tenant.credentials.apiToken,
      },
    },
  );
  if (!created.ok) throw new Error(created.problem.message);
  return created.integration;
}

export async function liveCounts(f: SyncFixture): Promise<{ apps: number; grants: number; users: number }> {
  const q = async (table: string) =>
    Number(
      (
        await f.t.store.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${table} WHERE integration_id = $1 AND removed_at IS NULL`,
          [f.integration.id],
        )
      )[0]?.n,
    );
  return { apps: await q('apps'), grants: await q('grants'), users: await q('saas_users') };
}
