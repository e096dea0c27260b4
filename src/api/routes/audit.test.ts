// The audit trail: newest first, in pages that neither skip nor repeat an entry.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { audit } from '../audit.ts';
import { type ApiFixture, apiFixture } from '../test-app.ts';

afterAll(closeTemplates);

describe.each(engines())('audit trail on %s', (engine) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(engine);
  });
  afterEach(() => f.dispose());

  it('pages through every entry newest first with nextCursor, ending with null', async () => {
    for (let i = 0; i < 7; i++) await audit(f.store, null, 'test.event', 'thing', String(i), { i });
    const admin = await f.signIn('admin');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/audit?limit=3${cursor ? `&before=${cursor}` : ''}`;
      const page = await (await f.request(url, { as: admin })).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((e: { targetId: string }) => e.targetId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['6', '5', '4', '3', '2', '1', '0']);
  });

  it('shows who did what, with details', async () => {
    const admin = await f.signIn('admin', { email: 'root@example.test' });
    await f.request('/api/v1/api-keys', { json: { name: 'ci', role: 'viewer' }, as: admin });
    const { items } = await (await f.request('/api/v1/audit', { as: admin })).json();
    expect(items).toEqual([
      {
        id: expect.any(String),
        actor: { id: admin.accountId, label: 'root@example.test' },
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: expect.any(String),
        details: { name: 'ci', role: 'viewer', prefix: expect.stringMatching(/^gs_/) },
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it('rejects a malformed cursor or limit with 400', async () => {
    const admin = await f.signIn('admin');
    expect((await f.request('/api/v1/audit?before=abc', { as: admin })).status).toBe(400);
    expect((await f.request('/api/v1/audit?limit=0', { as: admin })).status).toBe(400);
  });
});
