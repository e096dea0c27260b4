// GET /api/v1/summary on each store engine: every count against the live tables, new apps, stale grants, and the
// integrations' status and last sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type InventoryFixture, inventoryFixture } from './inventory-fixture.ts';

afterAll(closeTemplates);

interface Summary {
  apps: {
    total: number;
    byRisk: Record<string, number>;
    byKind: Record<string, number>;
    byCategory: Record<string, number>;
  };
  grants: number;
  users: number;
  staleGrants: number;
  newAppsLast7Days: {
    count: number;
    items: {
      id: string;
      name: string;
      kind: string;
      risk: { level: string; score: number };
      firstSeenAt: string;
    }[];
  };
  integrations: {
    byStatus: Record<string, number>;
    lastSync: {
      integrationId: string;
      status: string;
      lastSyncAt: string | null;
      lastRun: { status: string; error: unknown } | null;
    }[];
  };
}

const DAY = 86_400_000;

describe.each(engines())('GET /api/v1/summary on %s', (engine) => {
  let fx: InventoryFixture;
  let apps: { id: string; risk_level: string; kind: string; categories: string[] }[];
  let grants: { last_used_at: Date | null; created_at_saas: Date | null }[];

  beforeAll(async () => {
    fx = await inventoryFixture(engine, { changes: true });
    apps = await fx.f.t.store.query(
      'SELECT id::text, risk_level, kind, categories FROM apps WHERE removed_at IS NULL',
    );
    grants = await fx.f.t.store.query(
      'SELECT last_used_at, created_at_saas FROM grants WHERE removed_at IS NULL',
    );
  });
  afterAll(() => fx?.dispose());

  it('counts live apps by risk, kind and category, and totals of grants and users', async () => {
    const s = await fx.json<Summary>('/api/v1/summary');
    const count = (pick: (a: (typeof apps)[number]) => string[]) => {
      const out: Record<string, number> = {};
      for (const a of apps) for (const k of pick(a)) out[k] = (out[k] ?? 0) + 1;
      return out;
    };
    const nonZero = (r: Record<string, number>) =>
      Object.fromEntries(Object.entries(r).filter(([, n]) => n > 0));
    expect(s.apps.total).toBe(apps.length);
    expect(nonZero(s.apps.byRisk)).toEqual(count((a) => [a.risk_level]));
    expect(Object.keys(s.apps.byRisk).sort()).toEqual(['critical', 'high', 'low', 'medium']);
    expect(nonZero(s.apps.byKind)).toEqual(count((a) => [a.kind]));
    expect(Object.keys(s.apps.byKind).length).toBe(5);
    expect(nonZero(s.apps.byCategory)).toEqual(count((a) => a.categories));
    expect(Object.keys(s.apps.byCategory).length).toBe(8);
    expect(s.grants).toBe(grants.length);
    const [users] = await fx.f.t.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM saas_users WHERE removed_at IS NULL',
    );
    expect(s.users).toBe(users?.n);
  });

  it('counts grants unused for the stale period, never-used ones once they are that old', async () => {
    const cutoff = Date.now() - 90 * DAY;
    const stale = grants.filter((g) => {
      const since = g.last_used_at ?? g.created_at_saas;
      return since !== null && new Date(since).getTime() <= cutoff;
    });
    expect(stale.length).toBeGreaterThan(0);
    expect((await fx.json<Summary>('/api/v1/summary')).staleGrants).toBe(stale.length);
  });

  it('lists up to ten of the apps first seen in the last seven days, newest first', async () => {
    const s = await fx.json<Summary>('/api/v1/summary');
    expect(s.newAppsLast7Days.count).toBe(apps.length);
    expect(s.newAppsLast7Days.items.length).toBe(10);
    const added = await fx.f.t.store.query<{ id: string }>(
      "UPDATE apps SET first_seen_at = now() + interval '1 second' WHERE id = $1 RETURNING id::text",
      [apps[3]?.id],
    );
    expect((await fx.json<Summary>('/api/v1/summary')).newAppsLast7Days.items[0]?.id).toBe(added[0]?.id);
  });

  it("reports each integration's status and last sync, and narrows everything to one integration", async () => {
    const s = await fx.json<Summary>(`/api/v1/summary?integrationId=${fx.f.integration.id}`);
    expect(s.integrations.byStatus).toMatchObject({ connected: 1, failure: 0 });
    expect(s.integrations.lastSync).toEqual([
      expect.objectContaining({
        integrationId: fx.f.integration.id,
        lastSyncAt: expect.any(String),
        lastRun: expect.objectContaining({ status: 'completed', error: null }),
      }),
    ]);
    const other = await fx.json<Summary>(
      '/api/v1/summary?integrationId=00000000-0000-4000-8000-000000000000',
    );
    expect(other.apps.total).toBe(0);
    expect(other.grants + other.users + other.staleGrants + other.integrations.lastSync.length).toBe(0);
    expect((await fx.get('/api/v1/summary?integrationId=1')).status).toBe(400);
    expect((await fx.get('/api/v1/summary', { anonymous: true })).status).toBe(401);
  });
});
