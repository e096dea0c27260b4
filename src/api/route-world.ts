// Test support of the API-wide suites (route matrix, fuzz): the whole app on a synced simulated tenant with a real job
// queue (no worker), and for every operation a request an admin may make — objects it deletes or changes are made
// for it — so that each suite can vary the caller or the input and nothing else.
import { createZendeskSimulator, type ZendeskSimulator } from '../../sim/zendesk/server.ts';
import { systemPlatform } from '../connectors/http.ts';
import { createIntegration } from '../services/integrations.ts';
import type { Engine } from '../store/test-store.ts';
import { startQueue } from '../sync/queue.ts';
import { runSync } from '../sync/run-sync.ts';
import { createApiKey } from './auth/api-keys.ts';
import { DUMMY_HASH, hashPassword } from './auth/secrets.ts';
import {
  exampleOf,
  fillPath,
  type OpenApiDocument,
  type Operation,
  pathParams,
} from './openapi-operations.ts';
import { type ApiFixture, apiFixture } from './test-app.ts';

export interface GoodRequest {
  path: string;
  json?: unknown;
  /** Whether an admin's answer is the one expected; `strict` when every input was made for it. */
  ok(status: number): boolean;
  strict: boolean;
}

export interface World {
  f: ApiFixture;
  sim: ZendeskSimulator;
  integrationId: string;
  /** Another integration of another tenant, never synced. */
  otherIntegrationId: string;
  appId: string;
  /** `integrationId:saasId` of a user who granted an app. */
  userRef: string;
  good(op: Pick<Operation, 'key' | 'method' | 'path' | 'body'>): Promise<GoodRequest>;
  /** Counts and names of what a refused request must not change. */
  fingerprint(): Promise<string>;
  spareIntegration(): Promise<string>;
  dispose(): Promise<void>;
}

const PASSWORD = 'correct horse battery staple';
const is2xx = (s: number) => s >= 200 && s < 300;

export async function createWorld(engine: Engine, doc: OpenApiDocument): Promise<World> {
  const sim = createZendeskSimulator({ seed: 21, users: 60, tokens: 250, rateLimit: 1e9 });
  const platform = { ...systemPlatform(), fetch: sim.fetch, sleep: async () => {} };
  const f = await apiFixture(engine, { platform });
  const queue = await startQueue(f.store, { schedule: false });
  f.deps.queue = queue;
  const creds = sim.tenant.credentials;
  let n = 0;
  const connect = async (tenantUrl: string) => {
    const created = await createIntegration(
      { store: f.store, queue: null, platform, allowedHosts: [], defaultScheduleMinutes: 360 },
      {
        saas: 'zendesk',
        capabilities: ['third_party_apps'],
        credential: { kind: 'api_token', tenantUrl, adminEmail: creds.adminEmail, apiToken: creds.apiToken },
      },
    );
    if (!created.ok) throw new Error(created.problem.message);
    return created.integration.id;
  };
  const integrationId = await connect('acme');
  const outcome = await runSync(
    { store: f.store, platform, allowedHosts: [], staleDays: 90, abandonedAfterSeconds: 60 },
    { integrationId, runId: null, trigger: 'manual', jobId: 'world' },
  );
  if (outcome.status !== 'completed') throw new Error(`the world's sync ${outcome.status}`);
  const otherIntegrationId = await connect('globex');
  const [app] = await f.store.query<{ id: string }>(
    'SELECT id::text AS id FROM apps WHERE removed_at IS NULL ORDER BY risk_score DESC, id LIMIT 1',
  );
  const [user] = await f.store.query<{ user_id: string }>(
    'SELECT user_id FROM grants WHERE removed_at IS NULL AND user_id IS NOT NULL ORDER BY id LIMIT 1',
  );
  if (!app || !user) throw new Error('the synced tenant has no app or no user');
  const login = { email: 'login@example.test', password: PASSWORD };
  await f.store.query(
    `INSERT INTO accounts (email, name, role, password_hash) VALUES ($1, 'Login', 'viewer', $2)`,
    [login.email, await hashPassword(PASSWORD)],
  );

  const spareIntegration = () => connect(`spare-${++n}`);
  const spareAccount = async () => {
    const [row] = await f.store.query<{ id: string }>(
      `INSERT INTO accounts (email, name, role, password_hash) VALUES ($1, 'Spare', 'viewer', $2) RETURNING id`,
      [`spare-${++n}@example.test`, DUMMY_HASH],
    );
    return (row as { id: string }).id;
  };
  const spareKey = async () =>
    (await createApiKey(f.store, { name: `spare ${++n}`, role: 'viewer', createdBy: null })).id;

  // Path parameters by the path they belong to: what an admin may read, change or delete.
  const IDS: [RegExp, () => Promise<string>][] = [
    [/^(PATCH|DELETE) \/api\/v1\/integrations\/\{id\}$/, spareIntegration],
    [/ \/api\/v1\/integrations\/\{id\}/, async () => integrationId],
    [/ \/api\/v1\/apps\/\{id\}/, async () => app.id],
    [/ \/api\/v1\/users\/\{id\}/, async () => `${integrationId}:${user.user_id}`],
    [/ \/api\/v1\/accounts\/\{id\}/, spareAccount],
    [/ \/api\/v1\/api-keys\/\{id\}/, spareKey],
  ];
  const BODIES: Record<string, () => unknown> = {
    'POST /api/v1/auth/setup': () => ({
      email: 'first@example.test',
      name: 'First',
      password: PASSWORD,
      setupToken: 'not-the-token',
    }),
    'POST /api/v1/auth/login': () => login,
    'POST /api/v1/accounts': () => ({
      email: `new-${++n}@example.test`,
      name: 'New',
      role: 'viewer',
      password: PASSWORD,
    }),
    'PATCH /api/v1/accounts/{id}': () => ({ name: 'Renamed' }),
    'POST /api/v1/api-keys': () => ({ name: 'new key', role: 'viewer' }),
    'POST /api/v1/integrations': () => ({
      saas: 'zendesk',
      capabilities: ['third_party_apps'],
      credential: {
        kind: 'api_token',
        tenantUrl: `new-${++n}`,
        adminEmail: creds.adminEmail,
        apiToken: creds.apiToken,
      },
    }),
    'PATCH /api/v1/integrations/{id}': () => ({ name: 'Renamed', scheduleMinutes: 60 }),
    'POST /api/v1/integrations/oauth/start': () => ({
      tenantUrl: 'acme',
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
    }),
  };
  // Setup is over once an account exists: a conflict, whoever asks.
  const STATUS: Record<string, number> = { 'POST /api/v1/auth/setup': 409 };

  return {
    f,
    sim,
    integrationId,
    otherIntegrationId,
    appId: app.id,
    userRef: `${integrationId}:${user.user_id}`,
    spareIntegration,
    async good(op) {
      let strict = true;
      const values: Record<string, string> = {};
      for (const name of pathParams(op.path)) {
        const known = IDS.find(([re]) => re.test(op.key));
        if (known) values[name] = await known[1]();
        else {
          strict = false;
          values[name] = crypto.randomUUID();
        }
      }
      const bodyOf = BODIES[op.key];
      if (op.body && !bodyOf) strict = false;
      const expected = STATUS[op.key];
      return {
        path: fillPath(op.path, values),
        ...(op.body && { json: bodyOf ? bodyOf() : exampleOf(doc, op.body) }),
        ok: (s) => (strict ? (expected ? s === expected : is2xx(s)) : s !== 401 && s !== 403 && s < 500),
        strict,
      };
    },
    async fingerprint() {
      const [row] = await f.store.query(
        `SELECT (SELECT count(*) FROM audit_trail)::int AS audit,
           (SELECT count(*) FROM sync_runs)::int AS runs,
           (SELECT count(*) FROM oauth_flows)::int AS flows,
           (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL)::int AS keys,
           (SELECT md5(string_agg(name || ':' || enabled || ':' || schedule_minutes, ',' ORDER BY id)) FROM integrations) AS integrations,
           (SELECT md5(string_agg(email || ':' || name || ':' || role || ':' || disabled, ',' ORDER BY id)) FROM accounts) AS accounts`,
      );
      return JSON.stringify(row);
    },
    async dispose() {
      await queue.stop({ graceful: false, timeoutMs: 1000 });
      await f.dispose();
    },
  };
}
