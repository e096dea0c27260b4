// The Zendesk inventory against the simulator's truth: every record kind, attribution, users, and the call count.
import { describe, expect, it } from 'vitest';
import { WITHDRAWN_APP_ID } from '../../../sim/zendesk/generate-extras.ts';
import { ORPHAN_CLIENT_IDS, VANISHED_USER_BASE } from '../../../sim/zendesk/generate-tokens.ts';
import { createZendeskSimulator, type SimulatorOptions } from '../../../sim/zendesk/server.ts';
import type { App, Grant, SaasUser } from '../../core/domain.ts';
import { systemPlatform } from '../http.ts';
import { ZendeskCredential } from './credentials.ts';
import { createZendeskSession } from './index.ts';

const RTL = /[\u0590-\u08FF]/;

function setup(options: SimulatorOptions = {}, wrap?: (f: typeof fetch) => typeof fetch) {
  const sim = createZendeskSimulator({
    seed: 7,
    users: 300,
    tokens: 1500,
    localClients: 6,
    globalClients: 8,
    ...options,
  });
  const c = sim.tenant.credentials;
  const credential = ZendeskCredential.parse({
    kind: 'api_token',
    tenantUrl: 'acme',
    adminEmail: c.adminEmail,
    apiToken: c.apiToken,
  });
  const session = createZendeskSession(credential, {
    platform: { ...systemPlatform(), fetch: wrap ? wrap(sim.fetch) : sim.fetch, sleep: async () => {} },
  });
  return { sim, session, t: sim.tenant };
}

async function collect(session: ReturnType<typeof setup>['session']) {
  const apps: App[] = [];
  const grants: Grant[] = [];
  const users: SaasUser[] = [];
  const warnings: unknown[] = [];
  for await (const r of session.inventory()) {
    if (r.type === 'app') apps.push(r.app);
    else if (r.type === 'grant') grants.push(r.grant);
    else if (r.type === 'user') users.push(r.user);
    else warnings.push(r.problem);
  }
  return { apps, grants, users, warnings, byKey: new Map(apps.map((a) => [a.key, a])) };
}

/** The user ids the inventory must resolve: token owners, API token owners and webhook creators. */
function referencedUserIds(t: ReturnType<typeof setup>['t']): Set<string> {
  return new Set([
    ...t.tokens.map((x) => String(x.userId)),
    ...t.apiTokens.map((x) => String(x.userId)),
    ...t.webhooks.filter((w) => /^\d+$/.test(w.createdBy)).map((w) => w.createdBy),
  ]);
}

describe('zendesk inventory', () => {
  it('reports every local client as a custom app, the tenant’s own Grantscope client included', async () => {
    const { session, t } = setup();
    const { byKey } = await collect(session);
    expect(t.localClients.some((c) => c.name === 'Grantscope')).toBe(true);
    for (const c of t.localClients) {
      expect(byKey.get(`oauth_client:${c.id}`)).toMatchObject({
        kind: 'custom_oauth_app',
        name: c.name,
        publisher: c.company,
        saasId: String(c.id),
      });
    }
  });

  it('reports every global client as a Marketplace app', async () => {
    const { session, t } = setup();
    const { apps, byKey } = await collect(session);
    for (const c of t.globalClients) {
      expect(byKey.get(`global_oauth_client:${c.id}`)).toMatchObject({
        kind: 'marketplace_oauth_app',
        name: c.name,
        publisher: c.company,
      });
    }
    expect(apps.filter((a) => a.kind === 'marketplace_oauth_app')).toHaveLength(t.globalClients.length);
  });

  it('names installed apps from /apps/{id}, keeps the withdrawn one, and asks once per distinct app', async () => {
    const { sim, session, t } = setup();
    // A second installation of an already installed app must not cost a second metadata call.
    const first = t.installations[0];
    if (!first) throw new Error('the tenant has no installation');
    t.installations.push({ ...first, id: 369_999, name: 'Second copy' });
    const { byKey, apps } = await collect(session);
    expect(apps.filter((a) => a.kind === 'installed_app')).toHaveLength(t.installations.length);
    for (const i of t.installations) {
      const meta = t.apps.get(i.appId);
      expect(byKey.get(`app_installation:${i.id}`)).toMatchObject({
        kind: 'installed_app',
        name: meta?.name ?? i.settings.name,
        publisher: meta?.authorName ?? null,
        enabled: i.enabled,
      });
    }
    const withdrawn = t.installations.find((i) => i.appId === WITHDRAWN_APP_ID);
    expect(withdrawn).toBeDefined();
    expect(byKey.get(`app_installation:${withdrawn?.id}`)?.description).toMatch(/no longer available/);
    const distinct = new Set(t.installations.map((i) => i.appId)).size;
    expect(distinct).toBeLessThan(t.installations.length);
    expect(sim.stats().byRoute['apps.show']).toBe(distinct);
  });

  it('reports API tokens and webhooks, each webhook with the host it sends data to', async () => {
    const { session, t } = setup();
    const { byKey, grants } = await collect(session);
    for (const a of t.apiTokens) {
      expect(byKey.get(`api_token:${a.id}`)).toMatchObject({
        kind: 'api_token',
        name: `API token: ${a.description}`,
        enabled: a.active,
      });
      expect(grants.filter((g) => g.appKey === `api_token:${a.id}`).map((g) => g.userId)).toEqual([
        String(a.userId),
      ]);
    }
    for (const w of t.webhooks) {
      expect(byKey.get(`webhook:${w.id}`)).toMatchObject({
        kind: 'webhook',
        name: w.name,
        destinationHost: new URL(w.endpoint).host,
        enabled: w.status === 'active',
      });
      // Zendesk itself (`-1`) created Marketplace webhooks: no person granted them.
      const creators = grants.filter((g) => g.appKey === `webhook:${w.id}`).map((g) => g.userId);
      expect(creators).toEqual(/^\d+$/.test(w.createdBy) ? [w.createdBy] : []);
    }
  });

  it('turns every OAuth token into exactly one grant attributed to the right app', async () => {
    const { session, t } = setup();
    const { grants, byKey } = await collect(session);
    const local = new Set(t.localClients.map((c) => c.id));
    const global = new Set(t.globalClients.map((c) => c.id));
    const oauth = grants.filter((g) => g.appKey.includes('oauth_client:'));
    expect(oauth).toHaveLength(t.tokens.length);
    const bySaasId = new Map(oauth.map((g) => [g.saasId, g]));
    expect(bySaasId.size).toBe(t.tokens.length);
    for (const token of t.tokens) {
      const g = bySaasId.get(String(token.id));
      const key = global.has(token.clientId)
        ? `global_oauth_client:${token.clientId}`
        : `oauth_client:${token.clientId}`;
      expect(g).toMatchObject({ appKey: key, userId: String(token.userId), scopes: token.scopes });
      const when = (v: string | null | undefined) => (v ? Date.parse(v) : null);
      expect(when(g?.expiresAt)).toBe(when(token.expiresAt));
      expect(when(g?.createdAt)).toBe(when(token.createdAt));
      expect(byKey.has(key)).toBe(true);
      if (!local.has(token.clientId) && !global.has(token.clientId)) {
        expect(ORPHAN_CLIENT_IDS).toContain(token.clientId);
      }
    }
  });

  it('reports a client that only its tokens still mention as an app named after its id', async () => {
    const { session, t } = setup();
    const { apps, byKey } = await collect(session);
    const orphans = [...new Set(t.tokens.map((x) => x.clientId))].filter((id) =>
      ORPHAN_CLIENT_IDS.includes(id),
    );
    expect(orphans.length).toBeGreaterThan(0);
    for (const id of orphans) {
      expect(byKey.get(`oauth_client:${id}`)?.name).toContain(String(id));
      expect(apps.filter((a) => a.key === `oauth_client:${id}`)).toHaveLength(1);
    }
  });

  it('keeps several tokens of one user for one app as separate grants', async () => {
    const { session, t } = setup();
    const { grants } = await collect(session);
    const pairs = new Map<string, number>();
    for (const x of t.tokens)
      pairs.set(`${x.clientId}/${x.userId}`, (pairs.get(`${x.clientId}/${x.userId}`) ?? 0) + 1);
    const repeated = [...pairs].filter(([, n]) => n > 1);
    expect(repeated.length).toBeGreaterThan(0);
    for (const [pair, n] of repeated) {
      const [clientId, userId] = pair.split('/');
      const found = grants.filter((g) => g.appKey.endsWith(`:${clientId}`) && g.userId === userId);
      expect(found).toHaveLength(n);
    }
  });

  it('resolves exactly the referenced users, once each, in show_many batches of at most 100', async () => {
    const shown: string[][] = [];
    const { sim, session, t } = setup({}, (f) => (input, init) => {
      const url = new URL(String(input));
      if (url.pathname.includes('show_many')) {
        expect(url.searchParams.get('include_deleted')).toBe('true');
        shown.push((url.searchParams.get('ids') ?? '').split(','));
      }
      return f(input, init);
    });
    const { users } = await collect(session);
    const wanted = referencedUserIds(t);
    expect(wanted.size).toBeGreaterThan(200);
    expect(users.map((u) => u.id).sort()).toEqual([...wanted].sort());
    expect(shown).toHaveLength(Math.ceil(wanted.size / 100));
    for (const batch of shown) expect(batch.length).toBeLessThanOrEqual(100);
    expect(sim.stats().byRoute['users.show_many']).toBe(Math.ceil(wanted.size / 100));
  });

  it('still names deleted users and reports vanished ones as bare ids', async () => {
    const { session, t } = setup();
    const { users } = await collect(session);
    const byId = new Map(users.map((u) => [u.id, u]));
    const referenced = referencedUserIds(t);
    const deleted = t.users.filter((u) => !u.active && referenced.has(String(u.id)));
    expect(deleted.length).toBeGreaterThan(0);
    for (const u of deleted) {
      expect(byId.get(String(u.id))).toMatchObject({ name: u.name, email: u.email, active: false });
    }
    const vanished = [...referenced].filter((id) => Number(id) >= VANISHED_USER_BASE);
    expect(vanished.length).toBeGreaterThan(0);
    for (const id of vanished) {
      expect(t.usersById.has(Number(id))).toBe(false);
      expect(byId.get(id)).toEqual({
        id,
        name: null,
        email: null,
        role: null,
        active: false,
        suspended: null,
      });
    }
  });

  it('keeps unicode and right-to-left names exactly as Zendesk sent them', async () => {
    const { session, t } = setup();
    const { users } = await collect(session);
    const byId = new Map(users.map((u) => [u.id, u]));
    const rtl = t.users.filter((u) => RTL.test(u.name) && byId.has(String(u.id)));
    expect(rtl.length).toBeGreaterThan(0);
    for (const u of rtl) expect(byId.get(String(u.id))?.name).toBe(u.name);
    for (const u of t.users) if (byId.has(String(u.id))) expect(byId.get(String(u.id))?.name).toBe(u.name);
  });

  it('makes exactly the minimal number of API calls', async () => {
    const { sim, session, t } = setup();
    await collect(session);
    const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
    // Minimal calls = pages of local clients + pages of global clients + pages of tokens (100 per page)
    //   + ceil(distinct referenced users / 100) show_many + 1 installations + 1 per distinct installed app
    //   + 1 API tokens + pages of webhooks. Nothing is fetched twice and nothing per token or per user.
    const minimal =
      pages(t.localClients.length) +
      pages(t.globalClients.length) +
      pages(t.tokens.length) +
      Math.ceil(referencedUserIds(t).size / 100) +
      1 +
      new Set(t.installations.map((i) => i.appId)).size +
      1 +
      pages(t.webhooks.length);
    expect(session.stats()).toMatchObject({ apiCalls: minimal, retries: 0 });
    expect(sim.stats().requests).toBe(minimal);
  });

  it('walks more than one page of clients when a tenant has over 100 of them', async () => {
    const { sim, session, t } = setup({ localClients: 130, globalClients: 105, tokens: 300 });
    const { apps } = await collect(session);
    expect(apps.filter((a) => a.kind === 'custom_oauth_app' && !a.name.startsWith('Unlisted')).length).toBe(
      t.localClients.length,
    );
    expect(apps.filter((a) => a.kind === 'marketplace_oauth_app')).toHaveLength(t.globalClients.length);
    expect(sim.stats().byRoute['oauth.clients']).toBe(2);
    expect(sim.stats().byRoute['oauth.global_clients']).toBe(2);
  });
});
