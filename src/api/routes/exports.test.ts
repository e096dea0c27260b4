// The exports on each store engine: streamed downloads holding every matching row once, a hostile app name that
// stays text in CSV, filters shared with GET /apps, and per-user merging that survives batch boundaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportApps, exportGrants } from '../../store/queries/exports.ts';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { HOSTILE_NAME, type InventoryFixture, inventoryFixture } from './inventory-fixture.ts';

afterAll(closeTemplates);

/** RFC 4180 parser, strict enough to catch a quoting mistake. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') {
      if (cell !== '') throw new Error(`stray quote in row ${rows.length}`);
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) throw new Error('the last line lacks CRLF');
  return rows;
}

const records = (rows: string[][]) => {
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
};

describe.each(engines())('exports on %s', (engine) => {
  let fx: InventoryFixture;
  let apps: { id: string; kind: string; risk_level: string }[];
  let grants: { app_id: string; user_id: string | null; saas_id: string }[];
  const clock = { now: Date.now(), staleDays: 90 };

  beforeAll(async () => {
    fx = await inventoryFixture(engine);
    apps = await fx.f.t.store.query('SELECT id::text, kind, risk_level FROM apps WHERE removed_at IS NULL');
    grants = await fx.f.t.store.query(
      `SELECT a.id::text AS app_id, g.user_id, g.saas_id FROM grants g
       JOIN apps a ON a.integration_id = g.integration_id AND a.key = g.app_key AND a.removed_at IS NULL
       WHERE g.removed_at IS NULL`,
    );
  });
  afterAll(() => fx?.dispose());

  it('downloads every live app as CSV with the hostile name defused and quoted', async () => {
    const res = await fx.get('/api/v1/exports/apps.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="grantscope-apps-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await res.text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""Click, me"")"`);
    const rows = records(parseCsv(text));
    expect(rows.map((r) => r.id).sort()).toEqual(apps.map((a) => a.id).sort());
    expect(rows.find((r) => r.name?.includes('HYPERLINK'))?.name).toBe(`'${HOSTILE_NAME}`);
    for (const r of rows) expect(r.name?.[0]).not.toMatch(/[=+\-@\t\r]/);
  });

  it('downloads apps as a JSON array, filtered like GET /apps', async () => {
    const all = (await (await fx.get('/api/v1/exports/apps.json')).json()) as {
      id: string;
      name: string;
      scopes: string[];
    }[];
    expect(all.map((a) => a.id).sort()).toEqual(apps.map((a) => a.id).sort());
    expect(all.find((a) => a.name === HOSTILE_NAME)).toBeDefined();
    const some = (await (
      await fx.get('/api/v1/exports/apps.json?kind=api_token,webhook&risk=high,critical')
    ).json()) as { id: string }[];
    const want = apps.filter(
      (a) => ['api_token', 'webhook'].includes(a.kind) && ['high', 'critical'].includes(a.risk_level),
    );
    expect(some.map((a) => a.id).sort()).toEqual(want.map((a) => a.id).sort());
    const none = await fx.get('/api/v1/exports/apps.json?integrationId=00000000-0000-4000-8000-000000000000');
    expect(await none.json()).toEqual([]);
  });

  it('downloads one grants line per app and user, holding every live grant id exactly once', async () => {
    for (const format of ['csv', 'json'] as const) {
      const res = await fx.get(`/api/v1/exports/grants.${format}`);
      expect(res.headers.get('content-disposition')).toContain(`grantscope-grants-`);
      const lines =
        format === 'csv'
          ? records(parseCsv(await res.text())).map((r) => ({
              appId: r.app_id,
              userSaasId: r.user_id || null,
              grantIds: (r.grant_ids ?? '').split(' '),
            }))
          : ((await res.json()) as { appId: string; userSaasId: string | null; grantIds: string[] }[]);
      const pairs = new Set(grants.map((g) => `${g.app_id}/${g.user_id}`));
      expect(lines.length).toBe(pairs.size);
      expect(new Set(lines.map((l) => `${l.appId}/${l.userSaasId}`)).size).toBe(pairs.size);
      expect(lines.flatMap((l) => l.grantIds).sort()).toEqual(grants.map((g) => g.saas_id).sort());
    }
  });

  it('streams a large export in several chunks rather than one buffered body', async () => {
    const res = await fx.get('/api/v1/exports/grants.json');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks++;
    expect(chunks).toBeGreaterThan(1);
  });

  it("merges a user's grants across batch boundaries exactly as within one batch", async () => {
    const filter = {};
    const collect = async <T>(it: AsyncIterable<T>) => {
      const out: T[] = [];
      for await (const x of it) out.push(x);
      return out;
    };
    const whole = await collect(exportGrants(fx.f.t.store, { filter, clock, batch: 100_000 }));
    for (const batch of [1, 7]) {
      expect(await collect(exportGrants(fx.f.t.store, { filter, clock, batch }))).toEqual(whole);
    }
    const appsWhole = await collect(exportApps(fx.f.t.store, { filter, batch: 1000 }));
    expect(await collect(exportApps(fx.f.t.store, { filter, batch: 3 }))).toEqual(appsWhole);
    const appIds = appsWhole.map((a) => Number(a.id));
    expect(appIds).toEqual([...appIds].sort((x, y) => x - y));
    expect(whole.some((l) => l.grantIds.length > 1)).toBe(true);
    expect(whole.filter((l) => l.stale).length).toBeGreaterThan(0);
  });

  it('refuses anonymous callers and names an invalid filter', async () => {
    expect((await fx.get('/api/v1/exports/grants.csv', { anonymous: true })).status).toBe(401);
    const res = await fx.get('/api/v1/exports/apps.csv?kind=robot');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('kind');
  });
});
