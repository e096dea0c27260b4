// GET /api/v1/apps/{id} on each store engine: scopes grouped by category from the connector's catalog, how many users
// granted the app and how many are stale exactly as the simulator's tokens say, change events, and 404 for anything
// not live. Its users' lines are app-users.test.ts's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupScope } from '../../connectors/zendesk/scopes.ts';
import { riskRank } from '../../core/risk-levels.ts';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type InventoryFixture, inventoryFixture, TWIN_NAME } from './inventory-fixture.ts';

afterAll(closeTemplates);

interface Detail {
  id: string;
  key: string;
  scopes: {
    category: string;
    risk: 'low' | 'medium' | 'high' | 'critical';
    scopes: {
      scope: string;
      risk: 'low' | 'medium' | 'high' | 'critical';
      description: string;
      docsUrl: string;
    }[];
  }[];
  risk: {
    level: string;
    score: number;
    reasons: { code: string; message: string; points: number }[];
    model: string;
  };
  userCount: number;
  staleUserCount: number;
  events: { id: string; type: string; appKey: string; appId: string | null }[];
  integration: { id: string; name: string; saas: string; tenantUrl: string };
  [k: string]: unknown;
}

const DAY = 86_400_000;

describe.each(engines())('GET /api/v1/apps/{id} on %s', (engine) => {
  let fx: InventoryFixture;
  const appId = async (key: string) =>
    (
      await fx.f.t.store.query<{ id: string }>(
        'SELECT id::text FROM apps WHERE key = $1 AND removed_at IS NULL',
        [key],
      )
    )[0]?.id as string;
  const detail = async (key: string) => fx.json<Detail>(`/api/v1/apps/${await appId(key)}`);

  beforeAll(async () => {
    fx = await inventoryFixture(engine, { changes: true });
  });
  afterAll(() => fx?.dispose());

  it('answers the app with its integration, explained risk and every documented field', async () => {
    const d = await detail('global_oauth_client:90001');
    expect(Object.keys(d).sort()).toEqual(
      [
        'categories',
        'createdAt',
        'description',
        'destinationHost',
        'enabled',
        'events',
        'firstSeenAt',
        'grantCount',
        'id',
        'integration',
        'integrationId',
        'key',
        'kind',
        'lastUsedAt',
        'name',
        'publisher',
        'risk',
        'saasId',
        'scopes',
        'staleUserCount',
        'userCount',
      ].sort(),
    );
    expect(d.integration).toEqual({
      id: fx.f.integration.id,
      name: fx.f.integration.name,
      saas: 'zendesk',
      tenantUrl: fx.f.integration.tenantUrl,
    });
    expect(d.risk.reasons.length).toBeGreaterThan(0);
    expect(d.risk.reasons.reduce((s, r) => s + r.points, 0)).toBeGreaterThanOrEqual(d.risk.score);
    expect(d.risk.model).toBeTruthy();
  });

  it("groups scopes by category, riskiest category first, each described by the connector's catalog", async () => {
    const [row] = await fx.f.t.store.query<{ key: string; scopes: string[] }>(
      'SELECT key, scopes FROM apps WHERE removed_at IS NULL ORDER BY cardinality(categories) DESC, id LIMIT 1',
    );
    const d = await detail(row?.key as string);
    expect(d.scopes.length).toBeGreaterThan(1);
    expect(d.scopes.flatMap((g) => g.scopes.map((s) => s.scope)).sort()).toEqual(
      [...(row?.scopes ?? [])].sort(),
    );
    for (const group of d.scopes) {
      for (const s of group.scopes) {
        const info = lookupScope(s.scope);
        expect(s).toEqual({
          scope: s.scope,
          risk: info.risk,
          description: info.description,
          docsUrl: info.docsUrl,
        });
        expect(info.category).toBe(group.category);
      }
      expect(group.risk).toBe(group.scopes.map((s) => s.risk).sort((a, b) => riskRank(b) - riskRank(a))[0]);
    }
    const ranks = d.scopes.map((g) => riskRank(g.risk));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it("counts the app's users and, by their merged tokens, the stale ones, as the simulator's tokens say", async () => {
    const withTokens = fx.f.sim.tenant.globalClients.filter((g) =>
      fx.f.sim.tenant.tokens.some((t) => t.clientId === g.id),
    );
    expect(withTokens.length).toBeGreaterThan(2);
    const seen = { stale: 0, fresh: 0 };
    for (const { id: clientId } of withTokens.slice(0, 3)) {
      const d = await detail(`global_oauth_client:${clientId}`);
      const byUser = Map.groupBy(
        fx.f.sim.tenant.tokens.filter((t) => t.clientId === clientId),
        (t) => t.userId,
      );
      const times = (xs: (string | null)[]) => xs.filter((x) => x !== null).map((x) => Date.parse(x));
      // A user's tokens merged: stale when the latest use, or (never used) the first grant, is 90+ days old.
      const stale = [...byUser.values()].filter((mine) => {
        const used = times(mine.map((t) => t.usedAt));
        const granted = times(mine.map((t) => t.createdAt));
        const since = used.length > 0 ? Math.max(...used) : granted.length > 0 ? Math.min(...granted) : null;
        return since !== null && Date.now() - since >= 90 * DAY;
      });
      expect(d.userCount, String(clientId)).toBe(byUser.size);
      expect(d.staleUserCount, String(clientId)).toBe(stale.length);
      seen.stale += stale.length;
      seen.fresh += byUser.size - stale.length;
    }
    // Users on both sides of the line.
    expect(seen.stale).toBeGreaterThan(0);
    expect(seen.fresh).toBeGreaterThan(0);
  });

  it("lists the app's change events, newest first, the added grant's scopes among them", async () => {
    const twin = fx.f.sim.tenant.localClients[1];
    expect(twin?.name).toBe(TWIN_NAME);
    const d = await detail(`oauth_client:${twin?.id}`);
    const types = d.events.map((e) => e.type);
    expect(types).toContain('grant_added');
    expect(types).toContain('scopes_expanded');
    expect(d.events.every((e) => e.appKey === d.key && e.appId === d.id)).toBe(true);
    const ids = d.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('answers 404 for an unknown, removed or malformed id, and 401 to an anonymous caller', async () => {
    const removed = await fx.f.t.store.query<{ id: string }>(
      'SELECT id::text FROM apps WHERE key = $1 AND removed_at IS NOT NULL',
      [fx.removedAppKey],
    );
    expect(removed.length).toBe(1);
    for (const id of ['999999', 'abc', '1e3', '99999999999999999999999', removed[0]?.id]) {
      const res = await fx.get(`/api/v1/apps/${id}`);
      expect(res.status, id).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect(
      (await fx.get(`/api/v1/apps/${await appId('global_oauth_client:90001')}`, { anonymous: true })).status,
    ).toBe(401);
  });
});
