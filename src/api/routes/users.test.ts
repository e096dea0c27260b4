// GET /api/v1/users and /api/v1/users/{id} on each store engine: users ranked by their riskiest app, keyset pages,
// filters, and one user's apps merged per app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type InventoryFixture, inventoryFixture } from './inventory-fixture.ts';

afterAll(closeTemplates);

interface User {
  id: string;
  integrationId: string;
  saasId: string;
  name: string | null;
  email: string | null;
  role: string | null;
  appCount: number;
  highestRisk: { level: string; score: number } | null;
}
interface Page {
  items: User[];
  nextCursor: string | null;
}
interface Truth {
  user_id: string;
  app_id: string;
  app_key: string;
  risk_score: number;
  grant_id: string;
}

describe.each(engines())('GET /api/v1/users on %s', (engine) => {
  let fx: InventoryFixture;
  let grants: Truth[];
  let userIds: string[];
  const page = (query: string) => fx.json<Page>(`/api/v1/users?${query}`);

  beforeAll(async () => {
    fx = await inventoryFixture(engine);
    grants = await fx.f.t.store.query<Truth>(
      `SELECT g.user_id, a.id::text AS app_id, a.key AS app_key, a.risk_score, g.saas_id AS grant_id
       FROM grants g JOIN apps a ON a.integration_id = g.integration_id AND a.key = g.app_key AND a.removed_at IS NULL
       WHERE g.removed_at IS NULL AND g.user_id IS NOT NULL`,
    );
    userIds = (
      await fx.f.t.store.query<{ saas_id: string }>('SELECT saas_id FROM saas_users WHERE removed_at IS NULL')
    ).map((u) => u.saas_id);
  });
  afterAll(() => fx?.dispose());

  it('ranks users by their riskiest app, then by how many apps they granted, with true counts', async () => {
    const { items } = await page('limit=200');
    expect(items.length).toBe(Math.min(200, userIds.length));
    for (const u of items) {
      const mine = grants.filter((g) => g.user_id === u.saasId);
      expect(u.id).toBe(`${fx.f.integration.id}:${u.saasId}`);
      expect(u.appCount).toBe(new Set(mine.map((g) => g.app_id)).size);
      expect(u.highestRisk?.score ?? null).toBe(
        mine.length ? Math.max(...mine.map((g) => g.risk_score)) : null,
      );
    }
    const rank = items.map((u) => [u.highestRisk?.score ?? -1, u.appCount] as const);
    for (let i = 1; i < rank.length; i++) {
      const [s0, c0] = rank[i - 1] as readonly [number, number];
      const [s1, c1] = rank[i] as readonly [number, number];
      expect(s0 > s1 || (s0 === s1 && c0 >= c1)).toBe(true);
    }
  });

  it('walks every user exactly once across pages, in the order of a single page', async () => {
    const whole = (await page('limit=200')).items.map((u) => u.id);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await page(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...p.items.map((u) => u.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(walked).toEqual(whole);
    expect(new Set(walked).size).toBe(userIds.length);
  });

  it('filters by integration and by text in the name or email, or the exact SaaS id', async () => {
    expect((await page(`integrationId=${fx.f.integration.id}&limit=200`)).items.length).toBe(userIds.length);
    expect((await page('integrationId=00000000-0000-4000-8000-000000000000')).items).toEqual([]);
    const admin = fx.f.sim.tenant.users[0];
    expect((await page('q=AVERY%20admin')).items.map((u) => u.saasId)).toEqual([String(admin?.id)]);
    expect((await page('q=ADMIN%40EXAMPLE.COM')).items.map((u) => u.saasId)).toEqual([String(admin?.id)]);
    expect((await page(`q=${admin?.id}`)).items.map((u) => u.saasId)).toEqual([String(admin?.id)]);
  });

  it('rejects a foreign cursor and an out-of-range limit naming the field, and anonymous callers', async () => {
    for (const [query, field] of [
      ['cursor=abc', 'cursor'],
      [`cursor=${Buffer.from('{"s":"x"}').toString('base64url')}`, 'cursor'],
      ['limit=500', 'limit'],
    ]) {
      const res = await fx.get(`/api/v1/users?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await fx.get('/api/v1/users', { anonymous: true })).status).toBe(401);
  });

  it('refuses a cursor carrying text the database cannot hold (NUL, a lone surrogate) with a 400, not a 500', async () => {
    const { nextCursor } = await page('limit=2');
    const real = JSON.parse(Buffer.from(nextCursor as string, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(typeof real.u).toBe('string'); // the user's SaaS id, free text
    for (const bad of ['a\u0000b', '\ud800']) {
      const cursor = Buffer.from(JSON.stringify({ ...real, u: bad })).toString('base64url');
      const res = await fx.get(`/api/v1/users?limit=2&cursor=${cursor}`);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('answers one user with the apps they granted, several grants of an app merged into one', async () => {
    const counts = Map.groupBy(grants, (g) => `${g.user_id} ${g.app_id}`);
    const [pair] = [...counts.values()].filter((gs) => gs.length > 1);
    const saasId = pair?.[0]?.user_id as string;
    const id = encodeURIComponent(`${fx.f.integration.id}:${saasId}`);
    const u = await fx.json<
      User & {
        apps: { id: string; key: string; risk: { score: number }; grantIds: string[]; scopes: string[] }[];
      }
    >(`/api/v1/users/${id}`);
    const mine = grants.filter((g) => g.user_id === saasId);
    expect(u.saasId).toBe(saasId);
    expect(u.apps.map((a) => a.id).sort()).toEqual([...new Set(mine.map((g) => g.app_id))].sort());
    for (const a of u.apps) {
      expect([...a.grantIds].sort()).toEqual(
        mine
          .filter((g) => g.app_id === a.id)
          .map((g) => g.grant_id)
          .sort(),
      );
    }
    const scores = u.apps.map((a) => a.risk.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    expect(u.appCount).toBe(u.apps.length);
    // The colon may also travel unencoded.
    expect((await fx.get(`/api/v1/users/${fx.f.integration.id}:${saasId}`)).status).toBe(200);
  });

  it('answers 404 for an unknown user, a malformed id or another integration', async () => {
    const saasId = userIds[0] as string;
    for (const id of [
      `${fx.f.integration.id}:424242`,
      saasId,
      `00000000-0000-4000-8000-000000000000:${saasId}`,
      'x:y',
    ]) {
      const res = await fx.get(`/api/v1/users/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(404);
    }
  });
});

describe.each(engines())('user ranks after a changing sync on %s', (engine) => {
  it('are kept true by the sync: an app removed, a grant revoked, a grant added', async () => {
    const fx = await inventoryFixture(engine, { changes: true });
    try {
      expect(fx.removedAppKey).not.toBeNull();
      const truth = await fx.f.t.store.query<{ saas_id: string; apps: number; top: number | null }>(
        `SELECT u.saas_id, count(DISTINCT a.id)::int AS apps, max(a.risk_score) AS top
         FROM saas_users u
         LEFT JOIN grants g ON g.integration_id = u.integration_id AND g.user_id = u.saas_id AND g.removed_at IS NULL
         LEFT JOIN apps a ON a.integration_id = g.integration_id AND a.key = g.app_key AND a.removed_at IS NULL
         WHERE u.removed_at IS NULL GROUP BY u.saas_id`,
      );
      // The removed app's users held it before; some of them now rank lower or hold nothing at all.
      const holders = await fx.f.t.store.query<{ user_id: string }>(
        'SELECT DISTINCT user_id FROM grants WHERE app_key = $1 AND user_id IS NOT NULL',
        [fx.removedAppKey],
      );
      expect(holders.length).toBeGreaterThan(0);
      const seen = new Map<string, User>();
      let cursor: string | null = null;
      do {
        const p: Page = await fx.json<Page>(`/api/v1/users?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        for (const u of p.items) seen.set(u.saasId, u);
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen.size).toBe(truth.length);
      for (const t of truth) {
        const u = seen.get(t.saas_id);
        expect({ apps: u?.appCount, top: u?.highestRisk?.score ?? null }, t.saas_id).toEqual({
          apps: t.apps,
          top: t.top === null ? null : Number(t.top),
        });
      }
    } finally {
      await fx.dispose();
    }
  });
});
