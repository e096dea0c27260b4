// A real client no one here wrote: node-zendesk reads users, OAuth clients and tokens from the simulator.
import zendesk from 'node-zendesk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZendeskSimulator } from './server.ts';

type Json = Record<string, unknown>;

/**
 * node-zendesk 6.0.1 unwraps list pages by `jsonAPINames`, which for OAuth tokens are
 * ['oauthtokens', 'oauthtoken', 'token'] — not Zendesk's `tokens` root — so its token lists come back as
 * whole page bodies. Unwrap them here (a node-zendesk quirk, not a simulator deviation).
 */
function tokensOf(pages: readonly Json[]): Json[] {
  return pages.flatMap((page) => (Array.isArray(page.tokens) ? (page.tokens as Json[]) : [page]));
}

describe('A real client no one here wrote: node-zendesk against the simulator over a real port', () => {
  const sim = createZendeskSimulator({ seed: 5, users: 300, tokens: 1000 });
  const { adminEmail, apiToken } = sim.tenant.credentials;
  let server: { url: string; close(): Promise<void> } | undefined;

  beforeAll(async () => {
    server = await sim.listen();
  });

  afterAll(async () => {
    await server?.close();
  });

  function client(token = apiToken) {
    if (!server) throw new Error('the simulator is not listening');
    return zendesk.createClient({ username: adminEmail, token, endpointUri: `${server.url}/api/v2` });
  }

  it('signs in as the admin with email and API token', async () => {
    const { result } = (await client().users.auth()) as { result: Json };
    expect(result.email).toBe(adminEmail);
    expect(result.role).toBe('admin');
  });

  it('lists every active user of the tenant, following the pages itself', async () => {
    const before = sim.stats().byRoute['users.list'] ?? 0;
    const users = (await client().users.list()) as Json[];
    const active = sim.tenant.users.filter((u) => u.active);
    expect(users).toHaveLength(active.length);
    expect(users.map((u) => u.id)).toEqual(active.map((u) => u.id));
    // 300 users at node-zendesk's page[size]=100: it really walked several pages.
    expect((sim.stats().byRoute['users.list'] ?? 0) - before).toBeGreaterThan(1);
  });

  it('lists every local OAuth client of the tenant', async () => {
    const clients = (await client().oauthclients.list()) as Json[];
    expect(clients.map((c) => c.id)).toEqual(sim.tenant.localClients.map((c) => c.id));
    expect(clients.every((c) => typeof c.identifier === 'string')).toBe(true);
  });

  it('lists the caller’s own OAuth tokens with oauthtokens.list(), which cannot pass all=true', async () => {
    const admin = sim.tenant.usersByEmail.get(adminEmail.toLowerCase());
    const own = sim.tenant.tokens.filter((t) => t.userId === admin?.id);
    expect(own.length).toBeGreaterThan(0);
    const tokens = tokensOf((await client().oauthtokens.list()) as Json[]);
    expect(tokens.map((t) => t.id)).toEqual(own.map((t) => t.id));
  });

  it('lists all ~1000 tokens of the account through its generic getAll with all=true, matching an admin’s list', async () => {
    const pages = (await client().oauthtokens.getAll(['oauth', 'tokens', { all: true }])) as Json[];
    const tokens = tokensOf(pages);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    expect(tokens).toHaveLength(sim.tenant.tokens.length);
    expect(tokens.map((t) => t.id)).toEqual(sim.tenant.tokens.map((t) => t.id));
    // What an admin's own paging of the simulator returns, in-process, is the same list.
    const auth = `Basic ${Buffer.from(`${adminEmail}/token:${apiToken}`).toString('base64')}`;
    const ids: unknown[] = [];
    let next: string | null = 'https://acme.zendesk.com/api/v2/oauth/tokens?all=true&page[size]=100';
    while (next) {
      const body = (await (await sim.fetch(next, { headers: { authorization: auth } })).json()) as {
        tokens: Json[];
        meta: { has_more: boolean };
        links: { next: string | null };
      };
      ids.push(...body.tokens.map((t) => t.id));
      next = body.meta.has_more ? body.links.next : null;
    }
    expect(tokens.map((t) => t.id)).toEqual(ids);
  });

  it('rejects a wrong API token with a 401 error', async () => {
    const wrong = client('not-the-token');
    await expect(wrong.users.list()).rejects.toMatchObject({ statusCode: 401 });
    await expect(wrong.users.auth()).rejects.toThrow(/401/);
  });
});
