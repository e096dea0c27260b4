// GET /api/v1/events on each store engine: the changes of a second sync, newest first, in keyset pages, filtered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type InventoryFixture, inventoryFixture } from './inventory-fixture.ts';

afterAll(closeTemplates);

interface Event {
  id: string;
  type: string;
  integrationId: string;
  appKey: string;
  appName: string;
  appId: string | null;
  subject: string | null;
  details: Record<string, unknown>;
  runId: string;
  createdAt: string;
}
interface Page {
  items: Event[];
  nextCursor: string | null;
}

describe.each(engines())('GET /api/v1/events on %s', (engine) => {
  let fx: InventoryFixture;
  let all: { id: string; type: string; app_key: string }[];
  const page = (query: string) => fx.json<Page>(`/api/v1/events?limit=200&${query}`);
  const ids = (items: { id: string }[]) => items.map((e) => e.id);

  beforeAll(async () => {
    fx = await inventoryFixture(engine, { changes: true });
    all = await fx.f.t.store.query('SELECT id::text, type, app_key FROM change_events ORDER BY id DESC');
  });
  afterAll(() => fx?.dispose());

  it('lists every change of the second sync newest first, in the documented shape', async () => {
    const { items } = await page('');
    expect(ids(items)).toEqual(all.map((e) => e.id));
    expect(new Set(items.map((e) => e.type))).toEqual(
      new Set(
        ['grant_removed', 'app_removed', 'grant_added', 'scopes_expanded', 'risk_changed'].filter((t) =>
          all.some((e) => e.type === t),
        ),
      ),
    );
    for (const e of items) {
      expect(Object.keys(e).sort()).toEqual([
        'appId',
        'appKey',
        'appName',
        'createdAt',
        'details',
        'id',
        'integrationId',
        'runId',
        'subject',
        'type',
      ]);
    }
    const removed = items.find((e) => e.type === 'app_removed');
    expect(removed).toMatchObject({ appKey: fx.removedAppKey, appId: null });
    expect(items.find((e) => e.type === 'grant_added')?.appId).toMatch(/^\d+$/);
  });

  it('walks every event exactly once in pages', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await fx.json<Page>(`/api/v1/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...ids(p.items));
      cursor = p.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all.map((e) => e.id));
  });

  it('filters by type (repeated or comma-separated), app key, integration and time', async () => {
    const of = (types: string[]) => all.filter((e) => types.includes(e.type)).map((e) => e.id);
    expect(ids((await page('type=grant_added,app_removed')).items)).toEqual(
      of(['grant_added', 'app_removed']),
    );
    expect(ids((await page('type=grant_added&type=app_removed')).items)).toEqual(
      of(['grant_added', 'app_removed']),
    );
    const key = fx.removedAppKey as string;
    expect(ids((await page(`appKey=${encodeURIComponent(key)}`)).items)).toEqual(
      all.filter((e) => e.app_key === key).map((e) => e.id),
    );
    expect((await page(`integrationId=${fx.f.integration.id}`)).items.length).toBe(all.length);
    expect((await page('integrationId=00000000-0000-4000-8000-000000000000')).items).toEqual([]);
    expect((await page('since=2000-01-01T00:00:00Z')).items.length).toBe(all.length);
    expect(
      (await page(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items,
    ).toEqual([]);
  });

  it('names the field of a bad type, time, cursor or limit, and refuses anonymous callers', async () => {
    for (const [query, field] of [
      ['type=app_renamed', 'type'],
      ['since=yesterday', 'since'],
      ['cursor=%2F%2F', 'cursor'],
      [`cursor=${Buffer.from('{"i":"-1"}').toString('base64url')}`, 'cursor'],
      ['limit=0', 'limit'],
    ]) {
      const res = await fx.get(`/api/v1/events?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await fx.get('/api/v1/events', { anonymous: true })).status).toBe(401);
  });
});
