// GET /api/v1/apps/{id}/users on each store engine: every user of an app once across keyset pages, merged exactly as
// the simulator's tokens say, most recently used first, searched, counted, the grants tied to no user as one line,
// 404 for anything not live, and a tampered cursor refused as a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type InventoryFixture, inventoryFixture } from './inventory-fixture.ts';

afterAll(closeTemplates);

interface Line {
  id: string | null;
  saasId: string | null;
  name: string | null;
  email: string | null;
  role: string | null;
  scopes: string[];
  grantedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  grantIds: string[];
  stale: boolean;
}
interface Page {
  items: Line[];
  total: number;
  nextCursor: string | null;
}

const DAY = 86_400_000;
const isoOrNull = (v: string | null) => (v === null ? null : new Date(v).toISOString());
const cursorOf = (payload: unknown) => Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

/** The console's order before the server paged it: latest use first, never-used last, then the SaaS id. */
function byRecentUse(a: Line, b: Line): number {
  if (a.lastUsedAt !== b.lastUsedAt) {
    if (a.lastUsedAt === null) return 1;
    if (b.lastUsedAt === null) return -1;
    return a.lastUsedAt > b.lastUsedAt ? -1 : 1;
  }
  const [x, y] = [a.saasId ?? '', b.saasId ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}

describe.each(engines())('GET /api/v1/apps/{id}/users on %s', (engine) => {
  let fx: InventoryFixture;
  let clientIds: number[];
  const appId = async (key: string) =>
    (
      await fx.f.t.store.query<{ id: string }>(
        'SELECT id::text FROM apps WHERE key = $1 AND removed_at IS NULL',
        [key],
      )
    )[0]?.id as string;
  /** Every page of the app's users, following `nextCursor`. */
  const walk = async (id: string, query = '', limit = 7) => {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const qs = new URLSearchParams(query);
      qs.set('limit', String(limit));
      if (cursor) qs.set('cursor', cursor);
      const page: Page = await fx.json<Page>(`/api/v1/apps/${id}/users?${qs}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 1000);
    return { pages, items: pages.flatMap((p) => p.items) };
  };
  /** Runs `fn` with some of the app's grants changed, then puts them back. */
  const withGrants = async (sql: string, params: unknown[], fn: () => Promise<void>) => {
    const before = await fx.f.t.store.query<{ id: string; user_id: string | null; last_used_at: unknown }>(
      'SELECT id::text, user_id, last_used_at FROM grants',
    );
    await fx.f.t.store.query(sql, params);
    try {
      await fn();
    } finally {
      for (const g of before)
        await fx.f.t.store.query('UPDATE grants SET user_id = $2, last_used_at = $3 WHERE id = $1::bigint', [
          g.id,
          g.user_id,
          g.last_used_at,
        ]);
    }
  };

  beforeAll(async () => {
    fx = await inventoryFixture(engine, { changes: true });
    const t = fx.f.sim.tenant;
    const users = (id: number) =>
      new Set(t.tokens.filter((k) => k.clientId === id).map((k) => k.userId)).size;
    // Global clients by their number of users, the biggest first.
    clientIds = t.globalClients
      .map((g) => g.id)
      .filter((id) => users(id) > 0)
      .sort((a, b) => users(b) - users(a));
  });
  afterAll(() => fx?.dispose());

  it("lists every user exactly once across pages, each line merging that user's tokens as the simulator has them", async () => {
    const clientId = clientIds[0] as number;
    const id = await appId(`global_oauth_client:${clientId}`);
    const { pages, items } = await walk(id);
    const tokens = fx.f.sim.tenant.tokens.filter((t) => t.clientId === clientId);
    const byUser = Map.groupBy(tokens, (t) => String(t.userId));
    expect(pages.length).toBeGreaterThan(3);
    expect([...byUser.values()].some((ts) => ts.length > 1)).toBe(true);
    expect(items.map((u) => u.saasId).sort()).toEqual([...byUser.keys()].sort());
    expect(new Set(items.map((u) => u.id)).size).toBe(items.length);
    for (const page of pages) expect(page.total).toBe(items.length);
    const detail = await fx.json<{ userCount: number }>(`/api/v1/apps/${id}`);
    expect(detail.userCount).toBe(items.length);
    const times = (xs: (string | null)[]) =>
      xs
        .filter((x): x is string => x !== null)
        .map(isoOrNull)
        .sort();
    for (const u of items) {
      const mine = byUser.get(u.saasId as string) ?? [];
      expect(u.id).toBe(`${fx.f.integration.id}:${u.saasId}`);
      expect([...u.grantIds].sort()).toEqual(mine.map((t) => String(t.id)).sort());
      expect(u.scopes).toEqual([...new Set(mine.flatMap((t) => t.scopes))].sort());
      expect(u.grantedAt).toBe(times(mine.map((t) => t.createdAt))[0] ?? null);
      expect(u.lastUsedAt).toBe(times(mine.map((t) => t.usedAt)).at(-1) ?? null);
      const never = mine.some((t) => t.expiresAt === null);
      expect(u.expiresAt).toBe(never ? null : (times(mine.map((t) => t.expiresAt)).at(-1) ?? null));
      const since = u.lastUsedAt ?? u.grantedAt;
      expect(u.stale).toBe(since !== null && Date.now() - Date.parse(since) >= 90 * DAY);
      const person = fx.f.sim.tenant.users.find((p) => String(p.id) === u.saasId);
      if (person)
        expect({ name: u.name, email: u.email, role: u.role }).toEqual({
          name: person.name,
          email: person.email,
          role: person.role,
        });
    }
  });

  it('orders lines most recently used first, the never-used last, ties by SaaS id, across page boundaries', async () => {
    const id = await appId(`global_oauth_client:${clientIds[0]}`);
    const { items } = await walk(id, '', 5);
    expect(items).toEqual([...items].sort(byRecentUse));
    expect(items.at(-1)?.lastUsedAt).toBeNull();
    expect(items[0]?.lastUsedAt).not.toBeNull();
    // Ties: several users last used in the same microsecond, read two lines a page.
    const tied = items.slice(2, 7).map((u) => u.saasId);
    await withGrants(
      `UPDATE grants SET last_used_at = '2026-01-01T00:00:00.123456Z' WHERE app_key = $1 AND user_id = ANY($2::text[])`,
      [`global_oauth_client:${clientIds[0]}`, tied],
      async () => {
        const again = (await walk(id, '', 2)).items;
        expect(again.length).toBe(items.length);
        expect(again).toEqual([...again].sort(byRecentUse));
        const ties = again.filter((u) => u.lastUsedAt === '2026-01-01T00:00:00.123Z').map((u) => u.saasId);
        expect(ties).toEqual([...tied].sort());
      },
    );
  });

  it('lists the grants tied to no user as one line with a null id, merged, once across pages', async () => {
    const key = `global_oauth_client:${clientIds[1]}`;
    const id = await appId(key);
    const before = (await walk(id)).items;
    const donors = before.filter((u) => u.grantIds.length === 1).slice(0, 2);
    const keeper = before.find((u) => u.grantIds.length > 1) as Line;
    const orphaned = [...donors.map((u) => u.grantIds[0] as string), keeper.grantIds[0] as string];
    await withGrants(
      'UPDATE grants SET user_id = NULL WHERE app_key = $1 AND saas_id = ANY($2::text[])',
      [key, orphaned],
      async () => {
        for (const limit of [1, 7]) {
          const { pages, items } = await walk(id, '', limit);
          const nobody = items.filter((u) => u.saasId === null);
          expect(nobody.length).toBe(1);
          expect(nobody[0]).toMatchObject({ id: null, name: null, email: null, role: null });
          expect([...(nobody[0]?.grantIds ?? [])].sort()).toEqual([...orphaned].sort());
          expect(items.length).toBe(before.length - donors.length + 1);
          expect(items).toEqual([...items].sort(byRecentUse));
          expect(pages.every((p) => p.total === items.length)).toBe(true);
        }
        const detail = await fx.json<{ userCount: number }>(`/api/v1/apps/${id}`);
        expect(detail.userCount).toBe(before.length - donors.length);
      },
    );
  });

  it('searches name, email and SaaS id case-insensitively, with the total of the matches', async () => {
    const id = await appId(`global_oauth_client:${clientIds[0]}`);
    const everyone = (await walk(id, '', 200)).items;
    const named = everyone.find((u) => u.name && u.name.length > 4) as Line;
    const queries = [
      (named.name as string).slice(1, 4).toUpperCase(),
      (named.email as string).split('@')[1] as string,
      named.saasId as string,
      (named.saasId as string).slice(-2),
    ];
    for (const q of queries) {
      const want = everyone.filter((u) =>
        [u.name, u.email, u.saasId].some((f) => f?.toLowerCase().includes(q.toLowerCase())),
      );
      const { pages, items } = await walk(id, `q=${encodeURIComponent(q)}`, 3);
      expect(want.length, q).toBeGreaterThan(0);
      expect(items, q).toEqual(want);
      expect(pages[0]?.total, q).toBe(want.length);
    }
    for (const q of ['%', '_', 'no such person anywhere']) {
      expect(await fx.json<Page>(`/api/v1/apps/${id}/users?q=${encodeURIComponent(q)}`), q).toEqual({
        items: [],
        total: 0,
        nextCursor: null,
      });
    }
  });

  it('keeps the id of a user who no longer exists, with name, email and role null', async () => {
    const id = await appId(`global_oauth_client:${clientIds[0]}`);
    const [gone] = (await fx.json<Page>(`/api/v1/apps/${id}/users?limit=1`)).items as [Line];
    await fx.f.t.store.query('UPDATE saas_users SET removed_at = now() WHERE saas_id = $1', [gone.saasId]);
    try {
      const [again] = (await fx.json<Page>(`/api/v1/apps/${id}/users?limit=1`)).items;
      expect(again).toEqual({ ...gone, name: null, email: null, role: null });
    } finally {
      await fx.f.t.store.query('UPDATE saas_users SET removed_at = NULL WHERE saas_id = $1', [gone.saasId]);
    }
  });

  it('answers a viewer, 401 to an anonymous caller, and 404 for an unknown, removed or malformed app id', async () => {
    const id = await appId(`global_oauth_client:${clientIds[0]}`);
    expect((await fx.get(`/api/v1/apps/${id}/users`)).status).toBe(200);
    expect((await fx.get(`/api/v1/apps/${id}/users`, { anonymous: true })).status).toBe(401);
    const [removed] = await fx.f.t.store.query<{ id: string }>(
      'SELECT id::text FROM apps WHERE key = $1 AND removed_at IS NOT NULL',
      [fx.removedAppKey],
    );
    for (const bad of ['999999', 'abc', '1e3', '99999999999999999999999', removed?.id]) {
      const res = await fx.get(`/api/v1/apps/${bad}/users`);
      expect(res.status, bad).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('refuses a tampered cursor or a bad limit as a 400 naming it, never a 500', async () => {
    const id = await appId(`global_oauth_client:${clientIds[0]}`);
    const tampered = [
      'not a cursor!',
      Buffer.from('not json').toString('base64url'),
      cursorOf([]),
      cursorOf({ v: 'yesterday', u: '1' }),
      cursorOf({ v: '1'.repeat(17), u: '1' }),
      cursorOf({ v: 1, u: '1' }),
      cursorOf({ v: null }),
      cursorOf({ v: null, u: 'x'.repeat(501) }),
      cursorOf({ v: null, u: 'a\u0000b' }),
      cursorOf({ v: '1', u: '\ud800' }),
      'A'.repeat(5000),
    ];
    for (const cursor of tampered) {
      const res = await fx.get(`/api/v1/apps/${id}/users?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor.slice(0, 60)).toBe(400);
      const body = (await res.json()) as { error: { code: string; field?: string } };
      expect(body.error).toMatchObject({ code: 'validation_failed', field: 'cursor' });
    }
    for (const limit of ['0', '201', 'x']) {
      expect((await fx.get(`/api/v1/apps/${id}/users?limit=${limit}`)).status, limit).toBe(400);
    }
  });

  it('answers a forged but well-formed cursor from where it points, the total still whole past the end', async () => {
    const id = await appId(`global_oauth_client:${clientIds[0]}`);
    const all = (await walk(id, '', 200)).items;
    const used = all.filter((u) => u.lastUsedAt !== null);
    const mid = used[Math.floor(used.length / 2)] as Line;
    const micros = `${Date.parse(mid.lastUsedAt as string)}000`;
    const from = await fx.json<Page>(
      `/api/v1/apps/${id}/users?limit=200&cursor=${cursorOf({ v: micros, u: mid.saasId })}`,
    );
    expect(from.items).toEqual(all.slice(all.indexOf(mid) + 1));
    const past = await fx.json<Page>(`/api/v1/apps/${id}/users?cursor=${cursorOf({ v: null, u: '\uffff' })}`);
    expect(past).toEqual({ items: [], total: all.length, nextCursor: null });
  });
});
