// OAuth grant flows of the simulated Zendesk: client credentials, authorization code with PKCE,
// refresh-token rotation, lifetimes, scopes and revocation.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createZendeskSimulator, type SimulatorOptions } from './server.ts';
import { adminAuth, call } from './test-support.ts';

function setup(extra: SimulatorOptions = {}) {
  let clock = Date.UTC(2026, 11, 1);
  const sim = createZendeskSimulator({ seed: 31, users: 40, tokens: 50, now: () => clock, ...extra });
  return { sim, advance: (ms: number) => (clock += ms), creds: sim.tenant.credentials };
}

function post(sim: ReturnType<typeof setup>['sim'], body: Record<string, unknown>) {
  return call(sim, '/oauth/tokens', null, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function authorize(s: ReturnType<typeof setup>, verifier: string | null, scope = 'read') {
  const url = new URL('https://acme.zendesk.com/oauth/authorizations/new');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', s.creds.clientId);
  url.searchParams.set('redirect_uri', 'http://127.0.0.1:43123/oauth/callback');
  url.searchParams.set('scope', scope);
  url.searchParams.set('state', 'st4te');
  if (verifier) {
    url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  const res = await s.sim.fetch(url, { redirect: 'manual' });
  return { res, location: new URL(res.headers.get('location') ?? 'http://invalid/') };
}

describe('client credentials', () => {
  it('issues a bearer token that works until it expires', async () => {
    const s = setup();
    const res = await post(s.sim, {
      grant_type: 'client_credentials',
      client_id: s.creds.clientId,
      client_secret: s.creds.clientSecret,
      scope: 'read',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ token_type: 'bearer', scope: 'read', expires_in: 1800 });
    const bearer = `Bearer ${res.body.access_token}`;
    const me = await call(s.sim, '/api/v2/users/me', bearer);
    expect(me.body.user.email).toBe(s.creds.adminEmail);
    expect((await call(s.sim, '/api/v2/oauth/tokens?all=true', bearer)).status).toBe(200);
    s.advance(1801_000);
    expect((await call(s.sim, '/api/v2/users/me', bearer)).status).toBe(401);
  });

  it('refuses a wrong secret with 401 invalid_client', async () => {
    const s = setup();
    const res = await post(s.sim, {
      grant_type: 'client_credentials',
      client_id: s.creds.clientId,
      client_secret: 'nope',
      scope: 'read',
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('enforces the documented expires_in limits', async () => {
    const s = setup();
    const base = {
      grant_type: 'client_credentials',
      client_id: s.creds.clientId,
      client_secret: s.creds.clientSecret,
      scope: 'read',
    };
    expect((await post(s.sim, { ...base, expires_in: 300 })).status).toBe(400);
    expect((await post(s.sim, { ...base, expires_in: 172_800 })).status).toBe(400);
    const ok = await post(s.sim, { ...base, expires_in: 301 });
    expect(ok.body.expires_in).toBe(301);
  });

  it('accepts form-encoded bodies too', async () => {
    const s = setup();
    const res = await call(s.sim, '/oauth/tokens', null, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: s.creds.clientId,
        client_secret: s.creds.clientSecret,
        scope: 'read',
      }),
    });
    expect(res.status).toBe(201);
  });
});

describe('scopes', () => {
  it('answers a token without read with Zendesk’s missing-scope body', async () => {
    const s = setup();
    const res = await post(s.sim, {
      grant_type: 'client_credentials',
      client_id: s.creds.clientId,
      client_secret: s.creds.clientSecret,
      scope: 'tickets:write',
    });
    const denied = await call(s.sim, '/api/v2/oauth/tokens?all=true', `Bearer ${res.body.access_token}`);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      error: 'Forbidden',
      description: 'You are missing the following required scopes: read',
    });
  });

  it('accepts a resource scope for its own resource only', async () => {
    const s = setup();
    const res = await post(s.sim, {
      grant_type: 'client_credentials',
      client_id: s.creds.clientId,
      client_secret: s.creds.clientSecret,
      scope: 'users:read',
    });
    const bearer = `Bearer ${res.body.access_token}`;
    expect((await call(s.sim, '/api/v2/users', bearer)).status).toBe(200);
    expect((await call(s.sim, '/api/v2/webhooks', bearer)).status).toBe(403);
  });
});

describe('authorization code with PKCE', () => {
  it('redirects with code and state, exchanges the code once, and refreshes with rotation', async () => {
    const s = setup();
    const verifier = randomBytes(32).toString('base64url');
    const { res, location } = await authorize(s, verifier, 'read write');
    expect(res.status).toBe(302);
    expect(location.searchParams.get('state')).toBe('st4te');
    const code = location.searchParams.get('code');
    const exchange = {
      grant_type: 'authorization_code',
      code,
      client_id: s.creds.clientId,
      redirect_uri: 'http://127.0.0.1:43123/oauth/callback',
      code_verifier: verifier,
    };
    const tokens = await post(s.sim, exchange);
    expect(tokens.status).toBe(201);
    expect(tokens.body).toMatchObject({ scope: 'read write', refresh_token_expires_in: 2_592_000 });
    expect((await post(s.sim, exchange)).body.error).toBe('invalid_grant');

    const refreshed = await post(s.sim, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: s.creds.clientId,
      client_secret: s.creds.clientSecret,
    });
    expect(refreshed.status).toBe(201);
    expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    // Rotation: the old pair is dead, the new pair works.
    expect((await call(s.sim, '/api/v2/users/me', `Bearer ${tokens.body.access_token}`)).status).toBe(401);
    const again = await post(s.sim, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: s.creds.clientId,
      client_secret: s.creds.clientSecret,
    });
    expect(again.body.error).toBe('invalid_grant');
    expect((await call(s.sim, '/api/v2/users/me', `Bearer ${refreshed.body.access_token}`)).status).toBe(200);
  });

  it('refuses a wrong code_verifier and an expired code', async () => {
    const s = setup();
    const { location } = await authorize(s, 'the-right-verifier-the-right-verifier-123');
    const wrong = await post(s.sim, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code'),
      client_id: s.creds.clientId,
      redirect_uri: 'http://127.0.0.1:43123/oauth/callback',
      code_verifier: 'another-verifier-another-verifier-456',
    });
    expect(wrong.body.error).toBe('invalid_grant');
    const late = await authorize(s, 'v'.repeat(43));
    s.advance(121_000);
    const expired = await post(s.sim, {
      grant_type: 'authorization_code',
      code: late.location.searchParams.get('code'),
      client_id: s.creds.clientId,
      redirect_uri: 'http://127.0.0.1:43123/oauth/callback',
      code_verifier: 'v'.repeat(43),
    });
    expect(expired.body.error).toBe('invalid_grant');
  });

  it('shows an error page, never a redirect, for an unregistered redirect_uri', async () => {
    const s = setup();
    const res = await s.sim.fetch(
      `https://acme.zendesk.com/oauth/authorizations/new?response_type=code&client_id=${s.creds.clientId}&redirect_uri=https://evil.example/cb&scope=read`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('redirects with access_denied when the user refuses, and shows a sign-in page when nobody is signed in', async () => {
    const s = setup();
    s.sim.runtime.consentDecision = 'deny';
    expect((await authorize(s, 'x'.repeat(43))).location.searchParams.get('error')).toBe('access_denied');
    const anon = setup({ consentUserId: null });
    const page = await authorize(anon, 'x'.repeat(43));
    expect(page.res.status).toBe(200);
    expect(await page.res.text()).toContain('Sign in to Zendesk');
  });
});

describe('revocation', () => {
  it('deletes a token with 204: it stops working and leaves every list', async () => {
    const s = setup();
    const res = await post(s.sim, {
      grant_type: 'client_credentials',
      client_id: s.creds.clientId,
      client_secret: s.creds.clientSecret,
      scope: 'read',
    });
    const bearer = `Bearer ${res.body.access_token}`;
    const current = await call(s.sim, '/api/v2/oauth/tokens/current', bearer);
    const id = current.body.token.id;
    expect(current.body.token.token).toHaveLength(10);
    const del = await call(s.sim, `/api/v2/oauth/tokens/${id}`, adminAuth(s.sim), { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await call(s.sim, '/api/v2/users/me', bearer)).status).toBe(401);
    expect((await call(s.sim, `/api/v2/oauth/tokens/${id}`, adminAuth(s.sim))).status).toBe(404);
    const list = await call(s.sim, '/api/v2/oauth/tokens?all=true&per_page=100', adminAuth(s.sim));
    expect(list.body.tokens.map((t: { id: number }) => t.id)).not.toContain(id);
  });
});
