// Both pagination styles of the simulated Zendesk, walked to the last page, and their limits.
import { describe, expect, it } from 'vitest';
import { createZendeskSimulator } from './server.ts';
import { adminAuth, call } from './test-support.ts';

const sim = createZendeskSimulator({ seed: 21, users: 250, tokens: 1234, rateLimit: 100_000 });
const auth = adminAuth(sim);

async function walkCursor(first: string): Promise<{ ids: unknown[]; pages: number }> {
  const ids: unknown[] = [];
  let next: string | null = first;
  let pages = 0;
  while (next) {
    const res = await call(sim, next, auth);
    expect(res.status).toBe(200);
    const root = Object.keys(res.body).find((k) => Array.isArray(res.body[k])) as string;
    ids.push(...res.body[root].map((x: { id: unknown }) => x.id));
    expect(res.body.meta.has_more).toBe(res.body.links.next !== null);
    next = res.body.links.next;
    pages++;
  }
  return { ids, pages };
}

describe('cursor pagination', () => {
  it('walks every token exactly once, 100 at a time, to the last page', async () => {
    const { ids, pages } = await walkCursor('/api/v2/oauth/tokens.json?all=true&page[size]=100');
    expect(pages).toBe(13);
    expect(ids).toEqual(sim.tenant.tokens.map((t) => t.id));
  });

  it('follows page[after] cursors as well as links.next', async () => {
    const first = await call(sim, '/api/v2/users?page[size]=7', auth);
    const second = await call(
      sim,
      `/api/v2/users?page[size]=7&page[after]=${first.body.meta.after_cursor}`,
      auth,
    );
    const active = sim.tenant.users.filter((u) => u.active).map((u) => u.id);
    expect(second.body.users.map((u: { id: number }) => u.id)).toEqual(active.slice(7, 14));
    const back = await call(
      sim,
      `/api/v2/users?page[size]=7&page[before]=${second.body.meta.before_cursor}`,
      auth,
    );
    expect(back.body.users.map((u: { id: number }) => u.id)).toEqual(active.slice(0, 7));
  });

  it('refuses a page size above 100 and a cursor it did not issue', async () => {
    expect((await call(sim, '/api/v2/oauth/tokens?page[size]=101', auth)).status).toBe(400);
    expect((await call(sim, '/api/v2/oauth/tokens?page[size]=0', auth)).status).toBe(400);
    expect((await call(sim, '/api/v2/oauth/tokens?page[size]=10&page[after]=garbage', auth)).status).toBe(
      400,
    );
  });

  it('pages webhooks by cursor even when no page size is given', async () => {
    const res = await call(sim, '/api/v2/webhooks', auth);
    expect(res.body.meta).toBeDefined();
    expect(res.body.next_page).toBeUndefined();
  });

  it('keeps a walk consistent when a token is revoked between pages', async () => {
    const local = createZendeskSimulator({ seed: 22, tokens: 250 });
    const first = await call(local, '/api/v2/oauth/tokens?all=true&page[size]=100', adminAuth(local));
    const revoked = local.tenant.tokens[150]?.id;
    await call(local, `/api/v2/oauth/tokens/${revoked}`, adminAuth(local), { method: 'DELETE' });
    const rest = await call(local, first.body.links.next, adminAuth(local));
    const seen = [...first.body.tokens, ...rest.body.tokens].map((t: { id: number }) => t.id);
    expect(seen).not.toContain(revoked);
    expect(seen.slice(0, 101)).toEqual(local.tenant.tokens.slice(0, 101).map((t) => t.id));
  });
});

describe('offset pagination', () => {
  it('walks every OAuth client with next_page and counts them', async () => {
    const ids: number[] = [];
    let next: string | null = '/api/v2/oauth/clients.json?per_page=3';
    while (next) {
      const res = await call(sim, next, auth);
      expect(res.body.count).toBe(sim.tenant.localClients.length);
      ids.push(...res.body.clients.map((c: { id: number }) => c.id));
      next = res.body.next_page;
    }
    expect(ids).toEqual(sim.tenant.localClients.map((c) => c.id));
  });

  it('caps per_page at 100', async () => {
    const res = await call(sim, '/api/v2/oauth/tokens?all=true&per_page=500', auth);
    expect(res.body.tokens).toHaveLength(100);
  });

  it('refuses to go past the first 10,000 records', async () => {
    const big = createZendeskSimulator({ seed: 3, users: 50, tokens: 10_050, rateLimit: 100_000 });
    const a = adminAuth(big);
    const last = await call(big, '/api/v2/oauth/tokens?all=true&page=100&per_page=100', a);
    expect(last.status).toBe(200);
    expect(last.body.next_page).toBeNull();
    const beyond = await call(big, '/api/v2/oauth/tokens?all=true&page=101&per_page=100', a);
    expect(beyond.status).toBe(400);
    expect(beyond.body.description).toMatch(/10000 records/);
    // Cursor pagination has no such limit.
    const cursor = await call(big, '/api/v2/oauth/tokens?all=true&page[size]=100', a);
    expect(cursor.status).toBe(200);
  });
});

describe('filters and lookups', () => {
  it('lists only the caller’s own tokens unless all=true', async () => {
    const admin = sim.tenant.usersByEmail.get(sim.tenant.credentials.adminEmail);
    const own = await call(sim, '/api/v2/oauth/tokens?per_page=100', auth);
    for (const t of own.body.tokens) expect(t.user_id).toBe(admin?.id);
  });

  it('filters tokens by local client_id but not by a global client’s id, which needs global_client_id', async () => {
    const global = sim.tenant.globalClients[0];
    const local = sim.tenant.localClients[0];
    const byLocal = await call(
      sim,
      `/api/v2/oauth/tokens?all=true&client_id=${local?.id}&per_page=100`,
      auth,
    );
    expect(byLocal.body.count).toBe(sim.tenant.tokens.filter((t) => t.clientId === local?.id).length);
    const wrong = await call(sim, `/api/v2/oauth/tokens?all=true&client_id=${global?.id}`, auth);
    expect(wrong.body.tokens).toEqual([]);
    const right = await call(
      sim,
      `/api/v2/oauth/tokens?all=true&global_client_id=${global?.id}&per_page=100`,
      auth,
    );
    expect(right.body.count).toBe(sim.tenant.tokens.filter((t) => t.clientId === global?.id).length);
    expect(right.body.count).toBeGreaterThan(0);
  });

  it('shows at most 100 users at once and leaves out ids that do not exist', async () => {
    const ids = sim.tenant.users.slice(0, 99).map((u) => u.id);
    const res = await call(sim, `/api/v2/users/show_many?ids=${[...ids, 99_999_999].join(',')}`, auth);
    expect(res.status).toBe(200);
    const activeIds = sim.tenant.users
      .slice(0, 99)
      .filter((u) => u.active)
      .map((u) => u.id);
    expect(res.body.users.map((u: { id: number }) => u.id)).toEqual(activeIds);
    const tooMany = sim.tenant.users.slice(0, 101).map((u) => u.id);
    expect((await call(sim, `/api/v2/users/show_many?ids=${tooMany.join(',')}`, auth)).status).toBe(400);
  });

  it('accepts the .json suffix on every path and answers unknown paths with 404', async () => {
    expect((await call(sim, '/api/v2/oauth/global_clients.json', auth)).status).toBe(200);
    expect((await call(sim, '/api/v2/nothing-here.json', auth)).status).toBe(404);
    expect((await call(sim, '/api/v2/users/12345.json', auth)).status).toBe(404);
  });

  it('summarizes Marketplace tokens per global client', async () => {
    const res = await call(
      sim,
      '/api/v2/oauth/global_clients/token_summary?include_expired=true&per_page=100',
      auth,
    );
    const first = res.body.global_clients[0];
    expect(first.tokens_count).toBe(sim.tenant.tokens.filter((t) => t.clientId === first.id).length);
  });
});
