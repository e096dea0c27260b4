// GET /api/v1/apps on each store engine: the exact shape, every filter and sort, keyset pages that visit each
// app once (ties included), validation naming the field, and authentication first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { HOSTILE_NAME, type InventoryFixture, inventoryFixture, TWIN_NAME } from './inventory-fixture.ts';

afterAll(closeTemplates);

interface Item {
  id: string;
  key: string;
  kind: string;
  name: string;
  publisher: string | null;
  risk: { level: string; score: number };
  userCount: number;
  categories: string[];
  lastUsedAt: string | null;
  firstSeenAt: string;
  integrationId: string;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}
interface Truth {
  id: string;
  key: string;
  kind: string;
  name: string;
  publisher: string | null;
  risk_level: string;
  categories: string[];
  user_count: number;
  last_used_at: Date | null;
}

const SORTS = ['risk', 'name', 'users', 'lastUsed', 'firstSeen'] as const;
const DAY = 86_400_000;

describe.each(engines())('GET /api/v1/apps on %s', (engine) => {
  let fx: InventoryFixture;
  let live: Truth[];
  const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
  const liveIds = (keep: (t: Truth) => boolean = () => true) => ids(live.filter(keep));
  const list = (query: string) => fx.json<Page>(`/api/v1/apps?limit=200&${query}`);
  async function walk(query: string, limit: number): Promise<Item[]> {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await fx.json<Page>(
        `/api/v1/apps?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && seen.length < 1000);
    return seen;
  }
  async function expectError(path: string, status: number, code: string, field?: string) {
    const res = await fx.get(path);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; field?: string; requestId: string } };
    expect(body.error.code).toBe(code);
    if (field) expect(body.error.field).toBe(field);
    expect(body.error.requestId).toBeTruthy();
  }

  beforeAll(async () => {
    fx = await inventoryFixture(engine);
    live = await fx.f.t.store.query<Truth>(
      `SELECT id::text, key, kind, name, publisher, risk_level, categories, user_count, last_used_at
       FROM apps WHERE removed_at IS NULL`,
    );
  });
  afterAll(() => fx?.dispose());

  it('answers a page of live apps in exactly the documented shape, riskiest first by default', async () => {
    const page = await fx.json<Page>('/api/v1/apps');
    expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
    expect(page.items.length).toBe(Math.min(50, live.length));
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'categories',
          'firstSeenAt',
          'id',
          'integrationId',
          'key',
          'kind',
          'lastUsedAt',
          'name',
          'publisher',
          'risk',
          'userCount',
        ].sort(),
      );
      expect(Object.keys(item.risk).sort()).toEqual(['level', 'score']);
      expect(item.id).toMatch(/^\d+$/);
      expect(item.integrationId).toBe(fx.f.integration.id);
      expect(new Date(item.firstSeenAt).toISOString()).toBe(item.firstSeenAt);
    }
    const scores = page.items.map((i) => i.risk.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('refuses an anonymous caller with 401 before it validates anything', async () => {
    const res = await fx.get('/api/v1/apps?limit=0', { anonymous: true });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('names the field when limit, sort, kind or integrationId is invalid', async () => {
    for (const limit of ['0', '201', 'abc', '1.5']) {
      await expectError(`/api/v1/apps?limit=${limit}`, 400, 'validation_failed', 'limit');
    }
    await expectError('/api/v1/apps?sort=popularity', 400, 'validation_failed', 'sort');
    await expectError('/api/v1/apps?kind=api_token,robot', 400, 'validation_failed', 'kind');
    await expectError('/api/v1/apps?risk=extreme', 400, 'validation_failed', 'risk');
    await expectError('/api/v1/apps?category=Everything', 400, 'validation_failed', 'category');
    await expectError('/api/v1/apps?integrationId=nope', 400, 'validation_failed', 'integrationId');
    await expectError('/api/v1/apps?stale=yes', 400, 'validation_failed', 'stale');
  });

  it('rejects a cursor it did not issue, or one issued for another sort, naming the cursor', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const bad = [
      'not a cursor!',
      'AAAA',
      b64({ s: 'risk', o: 'desc', v: 'ninety', i: '1' }),
      b64({ s: 'risk', o: 'desc', v: '90', i: '1; DROP TABLE apps' }),
      b64({ s: 'risk', o: 'desc', v: null, i: '1' }),
      b64({ s: 'lastUsed', o: 'desc', v: '2026-13-45', i: '1' }),
      b64([1, 2]),
    ];
    for (const cursor of bad) {
      await expectError(
        `/api/v1/apps?cursor=${encodeURIComponent(cursor)}`,
        400,
        'validation_failed',
        'cursor',
      );
    }
    const byName = await fx.json<Page>('/api/v1/apps?sort=name&limit=2');
    await expectError(`/api/v1/apps?cursor=${byName.nextCursor}`, 400, 'validation_failed', 'cursor');
    await expectError(
      `/api/v1/apps?sort=name&order=desc&cursor=${byName.nextCursor}`,
      400,
      'validation_failed',
      'cursor',
    );
  });

  it('walks every live app exactly once under each sort and order, in the order of a single page', async () => {
    for (const sort of SORTS) {
      for (const order of ['asc', 'desc']) {
        const whole = (await list(`sort=${sort}&order=${order}`)).items.map((i) => i.id);
        expect(whole.length).toBe(live.length);
        for (const limit of [1, 7]) {
          const walked = (await walk(`sort=${sort}&order=${order}`, limit)).map((i) => i.id);
          expect(walked, `${sort} ${order} by ${limit}`).toEqual(whole);
          expect(new Set(walked).size).toBe(live.length);
        }
      }
    }
  });

  it('breaks ties by id so that equal scores, names and dates split across pages lose nothing', async () => {
    const twins = live.filter((t) => t.name.toLowerCase() === TWIN_NAME.toLowerCase());
    expect(twins.length).toBe(3);
    const scores = new Map<number, number>();
    for (const item of (await list('')).items)
      scores.set(item.risk.score, (scores.get(item.risk.score) ?? 0) + 1);
    expect([...scores.values()].some((n) => n >= 3)).toBe(true);
    const byName = await walk('sort=name', 1);
    const at = byName.findIndex((i) => i.name.toLowerCase() === TWIN_NAME.toLowerCase());
    const run = byName.slice(at, at + 3);
    expect(run.map((i) => i.name.toLowerCase())).toEqual(Array(3).fill(TWIN_NAME.toLowerCase()));
    expect(run.map((i) => Number(i.id))).toEqual(run.map((i) => Number(i.id)).sort((a, b) => a - b));
    // Every app of one sync shares its first-seen instant: the whole walk is one tie.
    expect(new Set((await walk('sort=firstSeen', 3)).map((i) => i.firstSeenAt)).size).toBe(1);
  });

  it('orders by each key in the documented direction, never-used apps last when newest first', async () => {
    const asc = (xs: number[]) => xs.every((x, i) => i === 0 || (xs[i - 1] as number) <= x);
    expect(asc((await list('sort=risk&order=asc')).items.map((i) => i.risk.score))).toBe(true);
    expect(asc((await list('sort=users')).items.map((i) => -i.userCount))).toBe(true);
    const recent = (await list('sort=lastUsed')).items;
    const used = recent.filter((i) => i.lastUsedAt !== null);
    expect(recent.slice(0, used.length)).toEqual(used);
    expect(asc(used.map((i) => -Date.parse(i.lastUsedAt as string)))).toBe(true);
    const stalest = (await list('sort=lastUsed&order=asc')).items;
    expect(stalest[0]?.lastUsedAt).toBeNull();
    expect((await list('sort=name')).items.map((i) => i.name)).toContain(HOSTILE_NAME);
  });

  it('filters by kind (repeated or comma-separated), risk, category and minimum users', async () => {
    const kinds = ['api_token', 'webhook'];
    const want = liveIds((t) => kinds.includes(t.kind));
    expect(ids((await list('kind=api_token,webhook')).items)).toEqual(want);
    expect(ids((await list('kind=api_token&kind=webhook')).items)).toEqual(want);
    expect(ids((await list('risk=critical,low')).items)).toEqual(
      liveIds((t) => ['critical', 'low'].includes(t.risk_level)),
    );
    const category = 'Full Account Access';
    const inCategory = liveIds((t) => t.categories.includes(category));
    expect(inCategory.length).toBeGreaterThan(0);
    expect(ids((await list(`category=${encodeURIComponent(category)}`)).items)).toEqual(inCategory);
    expect(ids((await list('minUsers=20')).items)).toEqual(liveIds((t) => t.user_count >= 20));
  });

  it('filters stale apps: last used at least GRANTSCOPE_STALE_DAYS ago, or never', async () => {
    const cutoff = Date.now() - 90 * DAY;
    const stale = (t: Truth) => t.last_used_at === null || new Date(t.last_used_at).getTime() <= cutoff;
    const yes = liveIds(stale);
    expect(yes.length).toBeGreaterThan(0);
    expect(ids((await list('stale=true')).items)).toEqual(yes);
    expect(ids((await list('stale=false')).items)).toEqual(liveIds((t) => !stale(t)));
  });

  it('searches name, publisher and key case-insensitively, taking LIKE wildcards literally', async () => {
    expect(ids((await list('q=TWIN')).items)).toEqual(liveIds((t) => t.name.toLowerCase().includes('twin')));
    const publisher = live.find((t) => t.publisher)?.publisher as string;
    expect(ids((await list(`q=${encodeURIComponent(publisher.toUpperCase())}`)).items)).toEqual(
      liveIds((t) =>
        [t.name, t.publisher ?? '', t.key].some((s) => s.toLowerCase().includes(publisher.toLowerCase())),
      ),
    );
    expect(ids((await list('q=webhook%3A')).items)).toEqual(liveIds((t) => t.key.startsWith('webhook:')));
    for (const wildcard of ['%', '_', '\\', 'o_a%']) {
      const want = liveIds((t) =>
        [t.name, t.publisher ?? '', t.key].some((s) => s.toLowerCase().includes(wildcard)),
      );
      expect(want.length).toBeLessThan(live.length);
      expect(ids((await list(`q=${encodeURIComponent(wildcard)}`)).items), wildcard).toEqual(want);
    }
  });

  it('lists only live apps of the integration asked for', async () => {
    const [victim] = live;
    await fx.f.t.store.query('UPDATE apps SET removed_at = now() WHERE id = $1', [victim?.id]);
    try {
      expect(ids((await list('')).items)).toEqual(liveIds((t) => t.id !== victim?.id));
    } finally {
      await fx.f.t.store.query('UPDATE apps SET removed_at = NULL WHERE id = $1', [victim?.id]);
    }
    expect(ids((await list(`integrationId=${fx.f.integration.id}`)).items)).toEqual(liveIds());
    expect((await list('integrationId=00000000-0000-4000-8000-000000000000')).items).toEqual([]);
  });

  it('documents the inventory routes in the OpenAPI document', async () => {
    const doc = await fx.json<{ paths: Record<string, unknown> }>('/api/openapi.json');
    for (const path of [
      '/api/v1/apps',
      '/api/v1/apps/{id}',
      '/api/v1/apps/{id}/users',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/events',
      '/api/v1/summary',
      '/api/v1/exports/grants.csv',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
});
