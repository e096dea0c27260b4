// No credential ever leaves its vault: after first-run setup, sign-ins, a password change, API keys, integrations of
// every credential kind (API token, OAuth client credentials, the consent flow) with wrong ones refused, syncs that
// obtain and rotate OAuth tokens, and a credential replaced, no secret — plain, base64 or URL-encoded — is in any
// response body or header, any log line (trace level), any column of any table of the database, or the database's
// raw bytes (the embedded data folder, or pg_dump of the server's database).
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createZendeskSimulator } from '../../sim/zendesk/server.ts';
import { systemPlatform } from '../connectors/http.ts';
import { createLogger } from '../log.ts';
import type { Store } from '../store/db.ts';
import { closeTemplates, engines } from '../store/test-store.ts';
import { runSync } from '../sync/run-sync.ts';
import { ensureSetupToken } from './auth/setup.ts';
import { listOperations, pathParams, probeDocument } from './openapi-operations.ts';
import { apiFixture, type RequestOptions, type TestSession } from './test-app.ts';

const doc = await probeDocument();

afterAll(closeTemplates);

/** The forms a secret could take in text: as is, base64, base64url, URL-encoded. */
function forms(secret: string): string[] {
  const b = Buffer.from(secret, 'utf8');
  return [...new Set([secret, b.toString('base64'), b.toString('base64url'), encodeURIComponent(secret)])];
}

/** The database as bytes: PGlite's data folder as an uncompressed tar, or pg_dump of the server's database. */
async function rawDatabase(store: Store): Promise<[string, string] | null> {
  if (store.pglite) {
    await store.query('CHECKPOINT');
    const tar = Buffer.from(await (await store.pglite.dumpDataDir('none')).arrayBuffer());
    expect(tar.length).toBeGreaterThan(1_000_000);
    return ['the data folder (raw bytes)', tar.toString('latin1')];
  }
  const dumped = spawnSync('pg_dump', ['--no-owner', store.databaseUrl as string], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (dumped.error || dumped.status !== 0) {
    console.info(
      `pg_dump could not run (${dumped.error?.message ?? dumped.stderr}); the tables were read with SELECT.`,
    );
    return null;
  }
  expect(dumped.stdout).toContain('CREATE TABLE public.credentials');
  return ['pg_dump', dumped.stdout];
}

function sessionFrom(res: Response, csrf: string): TestSession {
  const cookie = /gs_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('no session cookie was set');
  return { accountId: '', email: '', cookie: `gs_session=${cookie}`, csrf };
}

describe.each(engines())('secrets on %s', (engine) => {
  it('appear in no response, no log line and no database column', async () => {
    const sim = createZendeskSimulator({ seed: 5, users: 60, tokens: 200, rateLimit: 1e9 });
    const creds = sim.tenant.credentials;
    const secrets = new Map<string, string>();
    const keep = (what: string, value: string | null | undefined) => {
      if (value) secrets.set(value, what);
    };
    // Every token the simulated Zendesk issues to us, by the grant that asked for it.
    const issued: { grant: string; access?: string }[] = [];
    const fetchSpy = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await sim.fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (new URL(url).pathname === '/oauth/tokens' && res.ok) {
        const body = (await res.clone().json()) as { access_token?: string; refresh_token?: string };
        issued.push({ grant: String(JSON.parse(String(init?.body)).grant_type), access: body.access_token });
        keep('an issued access token', body.access_token);
        keep('an issued refresh token', body.refresh_token);
      }
      return res;
    }) as typeof fetch;
    const platform = { ...systemPlatform(), fetch: fetchSpy, sleep: async () => {} };
    const lines: string[] = [];
    const f = await apiFixture(engine, {
      platform,
      log: createLogger('trace', { write: (line: string) => void lines.push(line) }),
    });
    const seen: { label: string; text: string; allowed?: string }[] = [];
    const call = async (label: string, path: string, o: RequestOptions = {}, allowed?: string) => {
      const res = await f.request(path, o);
      const headers = [...res.headers].filter(([k]) => k !== 'set-cookie').map(([k, v]) => `${k}: ${v}`);
      seen.push({
        label,
        text: `${headers.join('\n')}\n\n${await res.clone().text()}`,
        ...(allowed && { allowed }),
      });
      return res;
    };
    const json = async <T>(res: Response, status: number): Promise<T> => {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      return JSON.parse(text) as T;
    };
    try {
      const [owner, viewer, changed, wrong] = ['owner', 'viewer', 'changed', 'wrong'].map(
        (p) => `${p} password ${crypto.randomUUID()}`,
      ) as [string, string, string, string];
      for (const [k, v] of Object.entries({ owner, viewer, changed, wrong })) keep(`the ${k} password`, v);
      const setupToken = (await ensureSetupToken(f.store)) as string;
      keep('the setup token', setupToken);
      const setupRes = await call('setup', '/api/v1/auth/setup', {
        json: { email: 'owner@example.test', name: 'Owner', password: owner, setupToken },
      });
      const admin = sessionFrom(setupRes, (await json<{ csrfToken: string }>(setupRes, 201)).csrfToken);
      keep('the owner session', admin.cookie.slice('gs_session='.length));
      const account = await json<{ id: string }>(
        await call('account', '/api/v1/accounts', {
          as: admin,
          json: { email: 'viewer@example.test', name: 'Viewer', role: 'viewer', password: viewer },
        }),
        201,
      );
      await json(
        await call('wrong login', '/api/v1/auth/login', {
          json: { email: 'viewer@example.test', password: wrong },
        }),
        401,
      );
      const loginRes = await call('login', '/api/v1/auth/login', {
        json: { email: 'viewer@example.test', password: viewer },
      });
      const viewerSession = sessionFrom(
        loginRes,
        (await json<{ csrfToken: string }>(loginRes, 200)).csrfToken,
      );
      keep('the viewer session', viewerSession.cookie.slice('gs_session='.length));
      await json(
        await call('password', `/api/v1/accounts/${account.id}`, {
          method: 'PATCH',
          as: admin,
          json: { password: changed },
        }),
        200,
      );
      const keys: string[] = [];
      for (const role of ['admin', 'viewer']) {
        const res = await f.request('/api/v1/api-keys', { as: admin, json: { name: `${role} key`, role } });
        const { key } = await json<{ key: string }>(res.clone(), 201);
        seen.push({ label: `${role} key created`, text: await res.text(), allowed: key });
        keep(`the ${role} API key`, key);
        keys.push(key);
      }
      const adminKey = keys[0] as string;

      // Integrations of each kind, and each kind refused with a wrong secret.
      keep('the Zendesk API token', creds.apiToken);
      keep('the OAuth client secret', creds.clientSecret);
      keep('the Basic header', Buffer.from(`${creds.adminEmail}/token:${creds.apiToken}`).toString('base64'));
      const wrongToken = `wrong-token-${crypto.randomUUID()}`;
      const wrongSecret = `wrong-secret-${crypto.randomUUID()}`;
      keep('a wrong API token', wrongToken);
      keep('a wrong client secret', wrongSecret);
      const connect = (tenantUrl: string, credential: Record<string, unknown>) =>
        call(`connect ${tenantUrl}`, '/api/v1/integrations', {
          as: adminKey,
          json: {
            saas: 'zendesk',
            capabilities: ['third_party_apps'],
            credential: { tenantUrl, ...credential },
          },
        });
      const apiToken = { kind: 'api_token', adminEmail: creds.adminEmail, apiToken: creds.apiToken };
      const client = {
        kind: 'oauth_client_credentials',
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
      };
      const ids = [
        (await json<{ integration: { id: string } }>(await connect('acme', apiToken), 201)).integration.id,
        (await json<{ integration: { id: string } }>(await connect('acme-cc', client), 201)).integration.id,
      ];
      await json(await connect('acme-bad', { ...apiToken, apiToken: wrongToken }), 422);
      await json(await connect('acme-bad', { ...client, clientSecret: wrongSecret }), 422);
      const start = await json<{ authorizeUrl: string }>(
        await call('oauth start', '/api/v1/integrations/oauth/start', {
          as: admin,
          json: { tenantUrl: 'acme-consent', clientId: creds.clientId, clientSecret: creds.clientSecret },
        }),
        200,
      );
      const consent = await sim.fetch(start.authorizeUrl, { redirect: 'manual' });
      const back = new URL(consent.headers.get('location') as string);
      const state = back.searchParams.get('state') as string;
      keep('the authorization code', back.searchParams.get('code'));
      keep('the OAuth state', state);
      // The state travels in the authorize URL by design: that response (only) may carry it.
      const started = seen.find((r) => r.label === 'oauth start');
      if (started) started.allowed = state;
      const callback = `${back.pathname}${back.search}`;
      const done = await call('callback', callback, { headers: { accept: 'application/json' } });
      ids.push((await json<{ integrationId: string }>(done, 201)).integrationId);
      expect((await call('callback replayed', callback)).status).toBe(302);

      // Syncs: client credentials obtain a token; the consent flow's expired access token is refreshed (rotated).
      const consentAccess = issued.find((i) => i.grant === 'authorization_code')?.access as string;
      const simToken = sim.tenant.tokensByAccess.get(consentAccess);
      if (!simToken) throw new Error('the consent flow issued no token');
      simToken.expiresAt = new Date(0).toISOString();
      for (const integrationId of ids) {
        const outcome = await runSync(
          { store: f.store, platform, allowedHosts: [], staleDays: 90, abandonedAfterSeconds: 60 },
          { integrationId, runId: null, trigger: 'manual', jobId: 'secrets' },
        );
        expect(outcome.status, JSON.stringify(outcome)).toBe('completed');
      }
      expect(issued.map((i) => i.grant).sort()).toEqual([
        'authorization_code',
        'client_credentials',
        'client_credentials',
        'refresh_token',
      ]);
      await json(
        await call('replace credential', `/api/v1/integrations/${ids[0]}`, {
          method: 'PATCH',
          as: admin,
          json: { credential: apiToken },
        }),
        200,
      );
      await json(
        await call('replace with a wrong one', `/api/v1/integrations/${ids[0]}`, {
          method: 'PATCH',
          as: admin,
          json: { credential: { ...apiToken, apiToken: wrongToken } },
        }),
        422,
      );

      // Every GET of the document, each {id} filled with every id of its kind; as an admin key and a viewer session.
      const list = async (path: string) =>
        (await json<{ items: { id: string }[] }>(await f.request(path, { as: adminKey }), 200)).items.map(
          (i) => i.id,
        );
      const idsOf: [RegExp, string[]][] = [
        [/^\/api\/v1\/apps\//, await list('/api/v1/apps?limit=200')],
        [/^\/api\/v1\/users\//, (await list('/api/v1/users?limit=200')).slice(0, 20)],
        [/^\/api\/v1\/accounts\//, await list('/api/v1/accounts')],
        [/^\/api\/v1\/api-keys\//, await list('/api/v1/api-keys')],
        [/./, ids],
      ];
      const paths = ['/metrics', '/api/docs', '/api/openapi.json', '/oauth/callback?error=access_denied'];
      for (const op of listOperations(doc).filter((o) => o.method === 'GET')) {
        if (pathParams(op.path).length === 0) paths.push(op.path);
        else {
          const values = idsOf.find(([re]) => re.test(op.path))?.[1] ?? [];
          paths.push(...values.map((id) => op.path.replace('{id}', encodeURIComponent(id))));
        }
      }
      for (const path of paths) {
        for (const as of [adminKey, viewerSession]) await call(`GET ${path}`, path, { as });
      }
      expect(seen.length).toBeGreaterThan(100);

      // The haystacks: responses, log lines, every row of every table of every schema (the job queue's too),
      // and the database's own bytes: embedded, the whole data folder (heap pages still holding deleted and
      // replaced rows, the write-ahead log); on a server, pg_dump's output.
      const tables = await f.store.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'`,
      );
      const dump: [string, string][] = [];
      for (const { table_schema, table_name } of tables) {
        const rows = await f.store.query(`SELECT * FROM "${table_schema}"."${table_name}"`);
        dump.push([`${table_schema}.${table_name}`, JSON.stringify(rows)]);
      }
      expect(dump.find(([t]) => t === 'public.credentials')?.[1]).toContain('oauth_authorization_code');
      const tableCount = dump.length;
      const raw = await rawDatabase(f.store);
      if (raw) dump.push(raw);
      expect(lines.length).toBeGreaterThan(100);
      expect(secrets.size).toBeGreaterThanOrEqual(20);
      const leaks: string[] = [];
      for (const [secret, what] of secrets) {
        for (const form of forms(secret)) {
          for (const r of seen)
            if (r.allowed !== secret && r.text.includes(form))
              leaks.push(`${what} in the response to ${r.label}`);
          for (const line of lines)
            if (line.includes(form)) leaks.push(`${what} in the log: ${line.slice(0, 200)}`);
          for (const [table, text] of dump) if (text.includes(form)) leaks.push(`${what} in ${table}`);
        }
      }
      console.info(
        `${engine}: ${secrets.size} secrets (${[...secrets.keys()].flatMap(forms).length} forms) looked for in ${seen.length} responses, ${lines.length} log lines, ${tableCount} tables${raw ? ` and ${raw[0]}` : ''}`,
      );
      expect(leaks).toEqual([]);
    } finally {
      await f.dispose();
    }
  }, 120_000);
});
