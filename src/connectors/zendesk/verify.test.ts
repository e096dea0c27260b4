// Every outcome of verifying a Zendesk credential against the simulator: success, warnings and each failure code.
import { describe, expect, it } from 'vitest';
import {
  createZendeskSimulator,
  type SimulatorOptions,
  type ZendeskSimulator,
} from '../../../sim/zendesk/server.ts';
import { systemPlatform } from '../http.ts';
import type { VerifyResult } from '../types.ts';
import { ZendeskCredential, type ZendeskCredentialInput } from './credentials.ts';
import { createZendeskSession, type ZendeskEnv } from './index.ts';

const REDIRECT = 'http://127.0.0.1:8080/oauth/callback';

function simulator(options: SimulatorOptions = {}) {
  return createZendeskSimulator({ seed: 11, users: 30, tokens: 40, ...options });
}

function session(
  sim: ZendeskSimulator,
  input: Partial<ZendeskCredentialInput> & { kind: ZendeskCredentialInput['kind'] },
  env: Partial<ZendeskEnv> = {},
) {
  const c = sim.tenant.credentials;
  const defaults = {
    api_token: { tenantUrl: 'acme', adminEmail: c.adminEmail, apiToken: c.apiToken },
    oauth_client_credentials: { tenantUrl: 'acme', clientId: c.clientId, clientSecret: c.clientSecret },
    oauth_authorization_code: { tenantUrl: 'acme', clientId: c.clientId, clientSecret: c.clientSecret },
  }[input.kind];
  const credential = ZendeskCredential.parse({ ...defaults, ...input });
  return createZendeskSession(credential, {
    platform: { ...systemPlatform(), fetch: sim.fetch, sleep: async () => {} },
    http: { backoffBaseMs: 1, backoffCapMs: 5 },
    ...env,
  });
}

/** The consent flow as the web console runs it: authorize as the admin, then exchange the code. */
async function authorizationCode(sim: ZendeskSimulator, scope: string) {
  const c = sim.tenant.credentials;
  const url = new URL('https://acme.zendesk.com/oauth/authorizations/new');
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: REDIRECT,
    scope,
  }))
    url.searchParams.set(k, v);
  const consent = await sim.fetch(url, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  const res = await sim.fetch('https://acme.zendesk.com/oauth/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      code,
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uri: REDIRECT,
    }),
  });
  const body = (await res.json()) as { access_token: string; refresh_token: string; scope: string };
  return {
    kind: 'oauth_authorization_code' as const,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    accessTokenExpiresAt: null,
    refreshTokenExpiresAt: null,
    scope: body.scope,
  };
}

function problemOf(result: VerifyResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result.problem;
}

function warningCodes(result: VerifyResult): string[] {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problem)}`);
  return result.account.warnings.map((w) => w.code);
}

describe('verifying a Zendesk credential', () => {
  it('accepts an admin API token, naming the admin and warning that API tokens are being retired', async () => {
    const sim = simulator();
    const result = await session(sim, { kind: 'api_token' }).verify();
    const admin = sim.tenant.usersByEmail.get(sim.tenant.credentials.adminEmail);
    expect(result).toMatchObject({
      ok: true,
      account: {
        tenantUrl: 'https://acme.zendesk.com',
        user: { id: String(admin?.id), email: admin?.email, role: 'admin' },
      },
    });
    expect(warningCodes(result)).toEqual(['api_token_retirement']);
  });

  it('accepts an OAuth client without the API-token warning', async () => {
    const result = await session(simulator(), { kind: 'oauth_client_credentials' }).verify();
    expect(warningCodes(result)).toEqual([]);
  });

  it('accepts an authorization-code credential that carries the read scope', async () => {
    const sim = simulator();
    const result = await session(sim, await authorizationCode(sim, 'read')).verify();
    expect(warningCodes(result)).toEqual([]);
  });

  it('warns that audit logs are unavailable on a plan below Enterprise, and still succeeds', async () => {
    const result = await session(simulator({ plan: 'team' }), { kind: 'api_token' }).verify();
    expect(warningCodes(result)).toEqual(['api_token_retirement', 'audit_logs_unavailable']);
  });

  it('reports bad_credentials for a wrong API token, pointing at the token field', async () => {
    const problem = problemOf(
      await session(simulator(), { kind: 'api_token', apiToken: 'not-the-token' }).verify(),
    );
    expect(problem).toMatchObject({ code: 'bad_credentials', field: 'apiToken' });
  });

  it('reports bad_credentials when Zendesk answers /users/me with its anonymous placeholder', async () => {
    const sim = simulator();
    // Zendesk may answer a request whose credentials it ignores as the anonymous user, with 200.
    const anonymous: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete('authorization');
      return sim.fetch(input, { ...init, headers });
    };
    const result = await session(
      sim,
      { kind: 'api_token' },
      {
        platform: { ...systemPlatform(), fetch: anonymous, sleep: async () => {} },
      },
    ).verify();
    expect(problemOf(result).code).toBe('bad_credentials');
  });

  it('reports bad_credentials for a wrong OAuth client secret', async () => {
    const problem = problemOf(
      await session(simulator(), { kind: 'oauth_client_credentials', clientSecret: 'wrong-secret' }).verify(),
    );
    expect(problem).toMatchObject({ code: 'bad_credentials', field: 'clientSecret' });
  });

  it('reports not_admin for an agent’s credential', async () => {
    const sim = simulator();
    const problem = problemOf(
      await session(sim, { kind: 'api_token', adminEmail: sim.tenant.credentials.agentEmail }).verify(),
    );
    expect(problem).toMatchObject({ code: 'not_admin', field: 'adminEmail' });
    expect(problem.message).toContain(sim.tenant.credentials.agentEmail);
  });

  it('reports account_suspended for a suspended admin', async () => {
    const sim = simulator();
    const admin = sim.tenant.usersByEmail.get(sim.tenant.credentials.adminEmail);
    if (!admin) throw new Error('no admin');
    admin.suspended = true;
    expect(problemOf(await session(sim, { kind: 'api_token' }).verify()).code).toBe('account_suspended');
  });

  it('reports tenant_not_found when there is no account at the address', async () => {
    const sim = simulator();
    const missing: typeof fetch = async (input, init) =>
      new URL(String(input)).pathname.startsWith('/api/v2/users/me')
        ? new Response(JSON.stringify({ error: 'InvalidEndpoint', description: 'Not found' }), {
            status: 404,
          })
        : sim.fetch(input, init);
    const problem = problemOf(
      await session(
        sim,
        { kind: 'api_token' },
        {
          platform: { ...systemPlatform(), fetch: missing, sleep: async () => {} },
        },
      ).verify(),
    );
    expect(problem).toMatchObject({ code: 'tenant_not_found', field: 'tenantUrl' });
  });

  it('reports tenant_unreachable when nothing listens at the address', async () => {
    const sim = simulator();
    const server = await sim.listen();
    await server.close();
    const host = new URL(server.url).host;
    const s = session(
      sim,
      { kind: 'api_token', tenantUrl: server.url },
      {
        allowedHosts: [host],
        platform: { ...systemPlatform(), sleep: async () => {} },
      },
    );
    const problem = problemOf(await s.verify());
    expect(problem).toMatchObject({ code: 'tenant_unreachable', field: 'tenantUrl' });
    expect(problem.message).toContain(host);
  });

  it('reports tenant_unavailable when Zendesk keeps answering 503', async () => {
    const sim = simulator();
    sim.faults.add({ route: 'users.me', kind: '503' });
    const problem = problemOf(await session(sim, { kind: 'api_token' }).verify());
    expect(problem.code).toBe('tenant_unavailable');
    expect(problem.message).toContain('503');
    expect(sim.stats().byRoute['users.me']).toBeGreaterThan(1);
  });

  it('says the answer could not be read, not that Zendesk refused, when /users/me keeps sending invalid JSON', async () => {
    const sim = simulator();
    sim.faults.add({ route: 'users.me', kind: 'invalid-json' });
    const problem = problemOf(await session(sim, { kind: 'api_token' }).verify());
    expect(problem.code).toBe('verification_failed');
    expect(problem.message).toMatch(
      /^Zendesk's answer to the credential check could not be read: .*not valid JSON/,
    );
    expect(problem.message).not.toContain('refused');
  });

  it('reports missing_read_scope for an authorization whose token cannot read', async () => {
    const sim = simulator();
    const problem = problemOf(await session(sim, await authorizationCode(sim, 'tickets:read')).verify());
    expect(problem).toMatchObject({ code: 'missing_read_scope', field: 'clientId' });
  });

  it('reports missing_read_scope when the token may read users but not everything', async () => {
    const sim = simulator();
    // users:read is enough for /users/me, so only the granted scopes can tell.
    const problem = problemOf(await session(sim, await authorizationCode(sim, 'users:read')).verify());
    expect(problem.code).toBe('missing_read_scope');
  });

  it('refuses a URL outside Zendesk before sending any request', async () => {
    const sim = simulator();
    const hosts: string[] = [];
    const recording: typeof fetch = (input, init) => {
      hosts.push(new URL(String(input)).host);
      return sim.fetch(input, init);
    };
    const s = session(
      sim,
      { kind: 'api_token', tenantUrl: 'https://zendesk.evil.example' },
      {
        platform: { ...systemPlatform(), fetch: recording, sleep: async () => {} },
      },
    );
    expect(problemOf(await s.verify())).toMatchObject({ code: 'invalid_tenant_url', field: 'tenantUrl' });
    await expect(s.inventory().next()).rejects.toMatchObject({ code: 'invalid_tenant_url' });
    expect(hosts).toEqual([]);
  });
});
