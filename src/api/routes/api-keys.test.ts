// API keys: shown once, stored hashed, usable until revoked, last use recorded.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { sha256 } from '../auth/secrets.ts';
import { type ApiFixture, apiFixture, type TestSession } from '../test-app.ts';

afterAll(closeTemplates);

describe.each(engines())('API keys on %s', (engine) => {
  let f: ApiFixture;
  let admin: TestSession;
  beforeEach(async () => {
    f = await apiFixture(engine);
    admin = await f.signIn('admin');
  });
  afterEach(() => f.dispose());

  const create = async (role = 'viewer') => {
    const res = await f.request('/api/v1/api-keys', { json: { name: 'ci', role }, as: admin });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; key: string; prefix: string };
  };

  it('shows a new key once, and stores only its hash and an 8-character prefix', async () => {
    const { id, key, prefix } = await create();
    expect(key).toMatch(/^gs_[\w-]{43}$/);
    expect(prefix).toBe(key.slice(0, 8));
    const stored = await f.store.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [id]);
    expect(stored[0]?.key_hash).toBe(sha256(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    const list = await (await f.request('/api/v1/api-keys', { as: admin })).text();
    expect(list).not.toContain(key);
    expect(list).not.toContain(sha256(key));
    expect(JSON.parse(list).items[0]).toMatchObject({
      id,
      name: 'ci',
      role: 'viewer',
      prefix,
      revokedAt: null,
    });
  });

  it('lets the key in with its role, records its last use, and refuses it once revoked', async () => {
    const { id, key } = await create('viewer');
    expect((await f.request('/api/v1/auth/me', { as: key })).status).toBe(200);
    expect((await f.request('/api/v1/api-keys', { as: key })).status).toBe(403);
    const [used] = await f.store.query<{ last_used_at: Date | null }>(
      'SELECT last_used_at FROM api_keys WHERE id = $1',
      [id],
    );
    expect(used?.last_used_at).not.toBeNull();
    expect((await f.request(`/api/v1/api-keys/${id}`, { method: 'DELETE', as: admin })).status).toBe(204);
    const refused = await f.request('/api/v1/auth/me', { as: key });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthenticated');
    const listed = (await (await f.request('/api/v1/api-keys', { as: admin })).json()).items[0];
    expect(listed.revokedAt).not.toBeNull();
  });

  it('treats revoking twice as done, and an unknown key as 404', async () => {
    const { id } = await create();
    expect((await f.request(`/api/v1/api-keys/${id}`, { method: 'DELETE', as: admin })).status).toBe(204);
    expect((await f.request(`/api/v1/api-keys/${id}`, { method: 'DELETE', as: admin })).status).toBe(204);
    const unknown = await f.request(`/api/v1/api-keys/${crypto.randomUUID()}`, {
      method: 'DELETE',
      as: admin,
    });
    expect(unknown.status).toBe(404);
    const actions = await f.store.query<{ action: string }>('SELECT action FROM audit_trail ORDER BY id');
    expect(actions.map((a) => a.action)).toEqual(['api_key.create', 'api_key.revoke']);
  });

  it('lets an admin API key create keys, recorded as its own action', async () => {
    const key = await f.apiKey('admin');
    const res = await f.request('/api/v1/api-keys', { json: { name: 'from key', role: 'admin' }, as: key });
    expect(res.status).toBe(201);
    const [row] = await f.store.query<{ actor_label: string }>('SELECT actor_label FROM audit_trail');
    expect(row?.actor_label).toMatch(/^API key test key/);
  });
});
