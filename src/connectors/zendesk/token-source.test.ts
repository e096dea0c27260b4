// OAuth access tokens against the simulator: requested once, renewed before expiry, rotated and persisted first.
import { describe, expect, it } from 'vitest';
import { createZendeskSimulator, type ZendeskSimulator } from '../../../sim/zendesk/server.ts';
import { revokeToken } from '../../../sim/zendesk/tenant-index.ts';
import { systemPlatform } from '../http.ts';
import type { InventoryRecord } from '../types.ts';
import { OAuthAuthorizationCode, revealCredential, ZendeskCredential } from './credentials.ts';
import { createZendeskSession } from './index.ts';

const REDIRECT = 'http://127.0.0.1:8080/oauth/callback';
const ACCESS_TTL_MS = 1800_000;
const RENEW_MARGIN_MS = 120_000;

type Event =
  | { kind: 'request'; path: string; auth: string | null; status: number }
  | { kind: 'persist'; access: string };

/** A simulator and a connector sharing one clock, with every request and persistence recorded in order. */
function setup() {
  let clock = Date.UTC(2026, 11, 1);
  const sim = createZendeskSimulator({ seed: 23, users: 60, tokens: 450, now: () => clock });
  const events: Event[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const res = await sim.fetch(input, init);
    const auth = new Headers(init?.headers).get('authorization');
    events.push({ kind: 'request', path: new URL(String(input)).pathname, auth, status: res.status });
    return res;
  };
  const platform = { ...systemPlatform(), fetch, now: () => clock, sleep: async () => {} };
  const persisted: ZendeskCredential[] = [];
  const open = (credential: ZendeskCredential) =>
    createZendeskSession(credential, {
      platform,
      http: { backoffBaseMs: 1, backoffCapMs: 5 },
      onCredentialUpdate: (c) => {
        if (c.kind === 'oauth_authorization_code')
          events.push({ kind: 'persist', access: c.accessToken.reveal() });
        persisted.push(c);
      },
    });
  return {
    sim,
    events,
    persisted,
    open,
    advance: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
    grants: () => sim.stats().byRoute['oauth.grant'] ?? 0,
    bearers: () =>
      events.flatMap((e) => (e.kind === 'request' && e.auth?.startsWith('Bearer ') ? [e.auth.slice(7)] : [])),
  };
}

function clientCredentials(sim: ZendeskSimulator) {
  const c = sim.tenant.credentials;
  return ZendeskCredential.parse({
    kind: 'oauth_client_credentials',
    tenantUrl: 'acme',
    clientId: c.clientId,
    clientSecret: c.clientSecret,
  });
}

/** Consent as the admin, then the code exchanged for a rotating pair, as the web console does it. */
async function authorizationCode(s: ReturnType<typeof setup>, scope = 'read') {
  const c = s.sim.tenant.credentials;
  const url = new URL('https://acme.zendesk.com/oauth/authorizations/new');
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: c.clientId,
    redirect_uri: REDIRECT,
    scope,
  }))
    url.searchParams.set(k, v);
  const consent = await s.sim.fetch(url, { redirect: 'manual' });
  const res = await s.sim.fetch('https://acme.zendesk.com/oauth/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'authorization_code',
      code: new URL(consent.headers.get('location') ?? '').searchParams.get('code'),
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uri: REDIRECT,
    }),
  });
  const body = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
  return OAuthAuthorizationCode.parse({
    kind: 'oauth_authorization_code',
    tenantUrl: 'acme',
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    accessTokenExpiresAt: new Date(s.now() + body.expires_in * 1000).toISOString(),
    refreshTokenExpiresAt: null,
    scope,
  });
}

async function drain(records: AsyncGenerator<InventoryRecord>, onRecord?: (r: InventoryRecord) => void) {
  const grants: string[] = [];
  for await (const r of records) {
    onRecord?.(r);
    if (r.type === 'grant' && r.grant.appKey.includes('oauth_client:')) grants.push(r.grant.saasId);
  }
  return grants;
}

async function refreshWith(sim: ZendeskSimulator, refreshToken: string) {
  const c = sim.tenant.credentials;
  const res = await sim.fetch('https://acme.zendesk.com/oauth/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

describe('client credentials', () => {
  it('requests one access token and reuses it for verify and the whole inventory', async () => {
    const s = setup();
    const session = s.open(clientCredentials(s.sim));
    expect((await session.verify()).ok).toBe(true);
    await drain(session.inventory());
    expect(s.grants()).toBe(1);
    expect(new Set(s.bearers()).size).toBe(1);
    // The token request counts as an API call like any other.
    expect(session.stats().apiCalls).toBe(s.sim.stats().requests);
  });

  it('renews the token two minutes before it expires, so no request meets a 401', async () => {
    const s = setup();
    const session = s.open(clientCredentials(s.sim));
    await session.verify();
    s.advance(ACCESS_TTL_MS - RENEW_MARGIN_MS - 1000);
    await session.verify();
    expect(s.grants()).toBe(1);
    s.advance(1000);
    await session.verify();
    expect(s.grants()).toBe(2);
    const [first, ...rest] = [...new Set(s.bearers())];
    expect(rest).toHaveLength(1);
    // Once renewed, the old token is never sent again.
    expect(s.bearers().lastIndexOf(first as string)).toBeLessThan(s.bearers().indexOf(rest[0] as string));
    expect(s.events.some((e) => e.kind === 'request' && e.status === 401)).toBe(false);
  });

  it('renews after a token revoked mid-inventory is refused, and finishes the inventory', async () => {
    const s = setup();
    const session = s.open(clientCredentials(s.sim));
    let revoked = false;
    const grants = await drain(session.inventory(), (r) => {
      if (revoked || r.type !== 'grant') return;
      revoked = true;
      const current = s.sim.tenant.tokensByAccess.get(s.bearers().at(-1) as string);
      expect(revokeToken(s.sim.tenant, current?.id as number)).toBe(true);
    });
    expect(s.events.filter((e) => e.kind === 'request' && e.status === 401)).toHaveLength(1);
    expect(s.grants()).toBe(2);
    // The revoked token left the list and the renewed one joined it: the listing matches the tenant now.
    expect(grants.sort()).toEqual(s.sim.tenant.tokens.map((t) => String(t.id)).sort());
  });

  it('retries the token endpoint once it fails, and gives up with tenant_unavailable when it keeps failing', async () => {
    const s = setup();
    s.sim.faults.add({ route: 'oauth.grant', kind: '503', times: 1 });
    expect((await s.open(clientCredentials(s.sim)).verify()).ok).toBe(true);
    const t = setup();
    t.sim.faults.add({ route: 'oauth.grant', kind: '502' });
    expect(await t.open(clientCredentials(t.sim)).verify()).toMatchObject({
      ok: false,
      problem: { code: 'tenant_unavailable' },
    });
  });
});

describe('authorization code with rotating refresh tokens', () => {
  it('persists the rotated pair before using the new access token, and the old refresh token is dead', async () => {
    const s = setup();
    const credential = await authorizationCode(s);
    const oldAccess = credential.accessToken.reveal();
    const oldRefresh = credential.refreshToken?.reveal() as string;
    const session = s.open(credential);
    expect((await session.verify()).ok).toBe(true);
    expect(s.grants()).toBe(1); // the code exchange only
    s.advance(ACCESS_TTL_MS - RENEW_MARGIN_MS);
    await drain(session.inventory());

    expect(s.persisted).toHaveLength(1);
    const next = s.persisted[0];
    if (next?.kind !== 'oauth_authorization_code')
      throw new Error('expected an authorization-code credential');
    const newAccess = next.accessToken.reveal();
    expect(newAccess).not.toBe(oldAccess);
    expect(next.refreshToken?.reveal()).not.toBe(oldRefresh);
    const persistedAt = s.events.findIndex((e) => e.kind === 'persist');
    const firstUse = s.events.findIndex((e) => e.kind === 'request' && e.auth === `Bearer ${newAccess}`);
    expect(persistedAt).toBeGreaterThanOrEqual(0);
    expect(persistedAt).toBeLessThan(firstUse);
    expect(s.bearers().slice(s.bearers().indexOf(newAccess))).not.toContain(oldAccess);
    expect(s.sim.tenant.tokensByRefresh.has(oldRefresh)).toBe(false);
    expect(await refreshWith(s.sim, oldRefresh)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('works in a second session from the credential as it was persisted', async () => {
    const s = setup();
    const first = s.open(await authorizationCode(s));
    s.advance(ACCESS_TTL_MS);
    expect((await first.verify()).ok).toBe(true);
    const stored = JSON.parse(JSON.stringify(revealCredential(s.persisted[0] as ZendeskCredential)));
    const grantsBefore = s.grants();
    const second = s.open(ZendeskCredential.parse(stored));
    expect((await second.verify()).ok).toBe(true);
    const grants = await drain(second.inventory());
    expect(grants.length).toBe(s.sim.tenant.tokens.length);
    // The stored access token was still fresh: no refresh, so no second rotation.
    expect(s.grants()).toBe(grantsBefore);
  });

  it('does not use the new token when persisting it fails', async () => {
    const s = setup();
    const credential = await authorizationCode(s);
    const session = createZendeskSession(credential, {
      platform: { ...systemPlatform(), fetch: s.sim.fetch, now: s.now, sleep: async () => {} },
      onCredentialUpdate: () => {
        throw new Error('disk full');
      },
    });
    s.advance(ACCESS_TTL_MS);
    await expect(session.verify()).rejects.toThrow('disk full');
    expect(s.sim.stats().byRoute['users.me'] ?? 0).toBe(0);
  });

  it('refreshes after an access token that dies early is refused, and finishes the inventory', async () => {
    const s = setup();
    const session = s.open(await authorizationCode(s));
    let killed = false;
    const grants = await drain(session.inventory(), (r) => {
      if (killed || r.type !== 'grant') return;
      killed = true;
      // The server ends the token before the expiry it announced (e.g. clock skew): the next call gets a 401.
      const current = s.sim.tenant.tokensByAccess.get(s.bearers().at(-1) as string);
      if (current) current.expiresAt = new Date(s.now() - 1000).toISOString();
    });
    expect(s.events.filter((e) => e.kind === 'request' && e.status === 401)).toHaveLength(1);
    expect(s.persisted).toHaveLength(1);
    expect(grants.sort()).toEqual(s.sim.tenant.tokens.map((t) => String(t.id)).sort());
  });

  it('stops with bad_credentials, not a partial listing, when the whole grant was revoked', async () => {
    const s = setup();
    const session = s.open(await authorizationCode(s));
    const run = drain(session.inventory(), (r) => {
      if (r.type !== 'grant') return;
      const current = s.sim.tenant.tokensByAccess.get(s.bearers().at(-1) as string);
      if (current) revokeToken(s.sim.tenant, current.id);
    });
    await expect(run).rejects.toMatchObject({ code: 'bad_credentials' });
  });

  // Found while testing: an answer without a refresh token used to drop the stored one, forcing a new consent.
  it('keeps the refresh token it has when a refresh answer carries no new one', async () => {
    const s = setup();
    const credential = await authorizationCode(s);
    const kept = credential.refreshToken?.reveal();
    const nonRotating: typeof fetch = async (input, init) => {
      const res = await s.sim.fetch(input, init);
      if (!String(input).endsWith('/oauth/tokens')) return res;
      const { refresh_token: _, refresh_token_expires_in: __, ...body } = await res.json();
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    };
    const persisted: ZendeskCredential[] = [];
    const session = createZendeskSession(credential, {
      platform: { ...systemPlatform(), fetch: nonRotating, now: s.now, sleep: async () => {} },
      onCredentialUpdate: (c) => {
        persisted.push(c);
      },
    });
    s.advance(ACCESS_TTL_MS);
    expect((await session.verify()).ok).toBe(true);
    const next = persisted[0];
    expect(next?.kind === 'oauth_authorization_code' && next.refreshToken?.reveal()).toBe(kept);
  });

  it('asks to connect again when an expired authorization has no refresh token', async () => {
    const s = setup();
    const credential = await authorizationCode(s);
    const session = s.open({ ...credential, refreshToken: null });
    s.advance(ACCESS_TTL_MS);
    expect(await session.verify()).toMatchObject({
      ok: false,
      problem: { code: 'reauthorization_required' },
    });
  });
});
