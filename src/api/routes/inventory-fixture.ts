// Test support of the inventory routes: a synced simulated tenant (with a hostile app name and tied names), the
// API built in-process, and a viewer API key to call it with.
import pino from 'pino';
import { ORPHAN_CLIENT_IDS } from '../../../sim/zendesk/generate-tokens.ts';
import { addToken, revokeToken } from '../../../sim/zendesk/tenant-index.ts';
import { loadConfig } from '../../config.ts';
import { systemPlatform } from '../../connectors/http.ts';
import type { Engine } from '../../store/test-store.ts';
import { runSync } from '../../sync/run-sync.ts';
import { type SyncFixture, syncFixture } from '../../sync/test-support.ts';
import { createApp } from '../app.ts';
import { sha256 } from '../auth/secrets.ts';
import type { App } from '../context.ts';
import { createMetrics } from '../metrics.ts';

/** A local OAuth client's name a spreadsheet would run as a formula. */
export const HOSTILE_NAME = '=HYPERLINK("http://x","Click, me")';
/** Given to two local clients and (in other case) a global one: ties for the name sort. */
export const TWIN_NAME = 'Twin App';
const KEY = 'gs_test_0123456789abcdef0123456789abcdef';

export interface InventoryFixture {
  f: SyncFixture;
  app: App;
  /** With `changes`: the key of the app the second sync removed. */
  removedAppKey: string | null;
  get(path: string, init?: { anonymous?: boolean }): Promise<Response>;
  json<T = Record<string, unknown>>(path: string): Promise<T>;
  dispose(): Promise<void>;
}

export interface FixtureOptions {
  /** A second sync after revoking and adding grants, so that change events exist. */
  changes?: boolean;
  tokens?: number;
}

export async function inventoryFixture(engine: Engine, o: FixtureOptions = {}): Promise<InventoryFixture> {
  const f = await syncFixture(engine, { tokens: o.tokens ?? 500, users: 200 });
  const t = f.sim.tenant;
  const [hostile, twinA, twinB] = t.localClients;
  if (!hostile || !twinA || !twinB || !t.globalClients[1]) throw new Error('the tenant is too small');
  hostile.name = HOSTILE_NAME;
  twinA.name = TWIN_NAME;
  twinB.name = TWIN_NAME;
  t.globalClients[1].name = TWIN_NAME.toLowerCase();
  const sync = async () => {
    const outcome = await runSync(f.deps, {
      integrationId: f.integration.id,
      runId: null,
      trigger: 'manual',
      jobId: 'test',
    });
    if (outcome.status !== 'completed') throw new Error(`sync ${outcome.status}`);
  };
  await sync();
  let removedAppKey: string | null = null;
  if (o.changes) {
    // A grant gone, an app gone (an orphan client's every token), and a wider grant on an existing app.
    const orphanId = ORPHAN_CLIENT_IDS.find((id) => t.tokens.some((k) => k.clientId === id));
    if (orphanId === undefined) throw new Error('no orphan client has tokens');
    removedAppKey = `oauth_client:${orphanId}`;
    const orphan = t.tokens.filter((k) => k.clientId === orphanId).map((k) => k.id);
    for (const id of [t.tokens[10]?.id as number, ...orphan]) revokeToken(t, id);
    const admin = t.users[0];
    if (!admin) throw new Error('no admin');
    addToken(t, {
      clientId: twinA.id,
      userId: admin.id,
      token: 'added-token-0000000000000000000000000000000000000000000000000001',
      refreshToken: null,
      scopes: ['read', 'users:write'],
      createdAt: new Date().toISOString(),
      expiresAt: null,
      usedAt: null,
      refreshTokenExpiresAt: null,
    });
    await sync();
  }
  await f.t.store.query(
    `INSERT INTO api_keys (name, role, prefix, key_hash) VALUES ('t', 'viewer', 'gs_test', $1)`,
    [sha256(KEY)],
  );
  const app = createApp({
    store: f.t.store,
    queue: null,
    platform: systemPlatform(),
    config: loadConfig({}),
    log: pino({ level: 'silent' }),
    metrics: createMetrics(),
  });
  const get = (path: string, init: { anonymous?: boolean } = {}) =>
    Promise.resolve(app.request(path, { headers: init.anonymous ? {} : { authorization: `Bearer ${KEY}` } }));
  return {
    f,
    app,
    removedAppKey,
    get,
    async json<T>(path: string): Promise<T> {
      const res = await get(path);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    dispose: () => f.t.dispose(),
  };
}
