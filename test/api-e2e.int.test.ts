// The API end to end over real ports, as a client sees it: the server (`startServer`, worker included) and two
// simulated Zendesk tenants listening on loopback; an API key made before the start; a tenant connected with its API
// token, its first sync awaited, the apps listed, one opened and every live app found in the CSV export; then the
// other tenant connected through "Connect with Zendesk" — authorize URL, the simulator's consent redirect, our
// callback — and synced too. Everything is plain `fetch`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createZendeskSimulator } from '../sim/zendesk/server.ts';
import { createApiKey } from '../src/api/auth/api-keys.ts';
import { type Server, startServer } from '../src/cli/serve.ts';
import { loadConfig } from '../src/config.ts';
import { openStore } from '../src/store/db.ts';
import { closeTemplates, engines, TEST_KEY, testStore } from '../src/store/test-store.ts';

afterAll(closeTemplates);

async function tenant(seed: number, subdomain: string) {
  const sim = createZendeskSimulator({ seed, subdomain, users: 120, tokens: 500, rateLimit: 1e9 });
  const server = await sim.listen(0, '127.0.0.1');
  return { sim, url: server.url, host: new URL(server.url).host, close: server.close };
}

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (quoted || (ch !== ',' && ch !== '\n' && ch !== '\r')) cell += ch;
    else if (ch !== '\r') {
      row.push(cell);
      cell = '';
      if (ch === '\n') {
        rows.push(row);
        row = [];
      }
    }
  }
  return rows;
}

describe.each(engines())('the API over HTTP on %s', (engine) => {
  it('connects a tenant by API token and another by consent, syncs both, lists, opens and exports', async () => {
    const byToken = await tenant(7, 'acme');
    const byConsent = await tenant(8, 'globex');
    const cleanups: (() => Promise<void> | void)[] = [byToken.close, byConsent.close];
    let server: Server | null = null;
    try {
      const env: Record<string, string> = {
        PORT: '0',
        GRANTSCOPE_ALLOWED_TENANT_HOSTS: `${byToken.host},${byConsent.host}`,
        GRANTSCOPE_LOG_LEVEL: 'silent',
        GRANTSCOPE_WORKER_CONCURRENCY: '2',
      };
      let key: string;
      if (engine === 'pglite') {
        // The embedded folder is locked by whoever opens it: the key is made first, the store closed, then served.
        const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-api-e2e-'));
        cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
        const store = await openStore({ databaseUrl: null, dataDir, secretKey: null });
        key = (await createApiKey(store, { name: 'e2e', role: 'admin', createdBy: null })).key;
        await store.close();
        env.GRANTSCOPE_DATA_DIR = dataDir;
      } else {
        const t = await testStore('postgres');
        cleanups.push(t.dispose);
        key = (await createApiKey(t.store, { name: 'e2e', role: 'admin', createdBy: null })).key;
        const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-api-e2e-'));
        cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
        Object.assign(env, {
          DATABASE_URL: t.databaseUrl as string,
          GRANTSCOPE_SECRET_KEY: TEST_KEY,
          GRANTSCOPE_DATA_DIR: dataDir,
        });
      }
      // On PostgreSQL `serve` leaves syncing to `grantscope worker`; here one process does both.
      server = await startServer(loadConfig(env), { withWorker: true });
      const base = server.url;
      const api = async <T>(path: string, init: RequestInit = {}, status = 200): Promise<T> => {
        const res = await fetch(`${base}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
        });
        const text = await res.text();
        expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(status);
        return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
      };
      type Run = { status: string; stats: { apps: number } | null; error: { message: string } | null };
      const firstSync = async (id: string): Promise<Run> => {
        for (
          const end = Date.now() + 60_000;
          Date.now() < end;
          await new Promise((r) => setTimeout(r, 200))
        ) {
          const { items } = await api<{ items: Run[] }>(`/api/v1/integrations/${id}/runs`);
          const done = items.find((r) => r.status === 'completed' || r.status === 'failed');
          if (done) return done;
        }
        throw new Error('the first sync did not finish within 60 s');
      };

      const creds = byToken.sim.tenant.credentials;
      const created = await api<{ integration: { id: string }; runId: string | null }>(
        '/api/v1/integrations',
        {
          method: 'POST',
          body: JSON.stringify({
            saas: 'zendesk',
            capabilities: ['third_party_apps'],
            credential: {
              kind: 'api_token',
              tenantUrl: byToken.url,
              adminEmail: creds.adminEmail,
              apiToken: creds.apiToken,
            },
          }),
        },
        201,
      );
      expect(created.runId).toEqual(expect.any(String));
      const run = await firstSync(created.integration.id);
      expect(run.error).toBeNull();
      expect(run.status).toBe('completed');

      const listed: { id: string; name: string }[] = [];
      for (let cursor: string | null = ''; cursor !== null; ) {
        const page: { items: { id: string; name: string }[]; nextCursor: string | null } = await api(
          `/api/v1/apps?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        );
        listed.push(...page.items);
        cursor = page.nextCursor;
      }
      expect(listed.length).toBe(run.stats?.apps);
      expect(new Set(listed.map((a) => a.id)).size).toBe(listed.length);
      const first = listed[0] as { id: string; name: string };
      const detail = await api<{ id: string; name: string; scopes: unknown[] }>(`/api/v1/apps/${first.id}`);
      expect(detail).toMatchObject({ id: first.id, name: first.name });
      const [header, ...rows] = parseCsv(await api<string>('/api/v1/exports/apps.csv'));
      const idColumn = (header ?? []).indexOf('id');
      expect(new Set(rows.map((r) => r[idColumn]))).toEqual(new Set(listed.map((a) => a.id)));
      expect(await api<string>('/metrics')).toContain('grantscope_http_requests_total');

      // "Connect with Zendesk": our authorize URL, the simulator's consent (auto-approved), our callback.
      const oauth = byConsent.sim.tenant.credentials;
      const start = await api<{ authorizeUrl: string; redirectUri: string }>(
        '/api/v1/integrations/oauth/start',
        {
          method: 'POST',
          body: JSON.stringify({
            tenantUrl: byConsent.url,
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
          }),
        },
      );
      expect(start.redirectUri).toBe(`${base}/oauth/callback`);
      const consent = await fetch(start.authorizeUrl, { redirect: 'manual' });
      expect(consent.status).toBe(302);
      const callback = consent.headers.get('location') as string;
      expect(callback.startsWith(`${base}/oauth/callback?`)).toBe(true);
      const landed = await fetch(callback, { redirect: 'manual' });
      expect(landed.status).toBe(302);
      const connected = new URL(landed.headers.get('location') as string, base);
      expect(connected.pathname).toBe('/integrations');
      const id = connected.searchParams.get('connected') as string;
      const integration = await api<{ tenantUrl: string; credential: { kind: string } }>(
        `/api/v1/integrations/${id}`,
      );
      expect(integration).toMatchObject({
        tenantUrl: byConsent.url,
        credential: { kind: 'oauth_authorization_code' },
      });
      expect((await firstSync(id)).status).toBe('completed');
      const both = await api<{ apps: { total: number } }>('/api/v1/summary');
      expect(both.apps.total).toBeGreaterThan(listed.length);
    } finally {
      await server?.close();
      for (const cleanup of cleanups.reverse()) await cleanup();
    }
  }, 120_000);
});
