// GET /api/v1/apps/{id} on each store engine: scopes grouped by category from the connector's catalog, users merged
// per user exactly as the simulator's tokens say, stale marks, change events, and 404 for anything not live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupScope } from '../../connectors/zendesk/scopes.ts';
import { riskRank } from '../../core/risk-levels.ts';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type InventoryFixture, inventoryFixture, TWIN_NAME } from './inventory-fixture.ts';

afterAll(closeTemplates);

interface UserLine {
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
  users: UserLine[];
  events: { id: string; type: string; appKey: string; appId: string | null }[];
  integration: { id: string; name: string; saas: string; tenantUrl: string };
  [k: string]: unknown;
}

const DAY = 86_400_000;
const isoOrNull = (v: string | null) => (v === null ? null : new Date(v).toISOString());

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
        'userCount',
        'users',
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
    expect(d.users.length).toBe(d.userCount);
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

  it("merges each user's several tokens into one line that matches the simulator's tokens", async () => {
    const clientId = 90001;
    const d = await detail(`global_oauth_client:${clientId}`);
    const tokens = fx.f.sim.tenant.tokens.filter((t) => t.clientId === clientId);
    const byUser = Map.groupBy(tokens, (t) => String(t.userId));
    expect([...byUser.values()].some((ts) => ts.length > 1)).toBe(true);
    expect(d.users.map((u) => u.saasId).sort()).toEqual([...byUser.keys()].sort());
    for (const u of d.users) {
      const mine = byUser.get(u.saasId as string) ?? [];
      const times = (xs: (string | null)[]) =>
        xs
          .filter((x): x is string => x !== null)
          .map(isoOrNull)
          .sort();
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

  it('lists users most recently used first and the never-used last', async () => {
    const users = (await detail('global_oauth_client:90001')).users;
    const used = users.filter((u) => u.lastUsedAt !== null);
    expect(users.slice(0, used.length)).toEqual(used);
    const times = used.map((u) => Date.parse(u.lastUsedAt as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(users.length).toBeGreaterThan(used.length);
  });

  it('keeps the id of a user who no longer exists, with name, email and role null', async () => {
    const d = await detail('global_oauth_client:90001');
    const gone = d.users[0] as UserLine;
    await fx.f.t.store.query('UPDATE saas_users SET removed_at = now() WHERE saas_id = $1', [gone.saasId]);
    try {
      const again = (await detail('global_oauth_client:90001')).users.find((u) => u.saasId === gone.saasId);
      expect(again).toMatchObject({
        id: gone.id,
        name: null,
        email: null,
        role: null,
        grantIds: gone.grantIds,
      });
    } finally {
      await fx.f.t.store.query('UPDATE saas_users SET removed_at = NULL WHERE saas_id = $1', [gone.saasId]);
    }
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
