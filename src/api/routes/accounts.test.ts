// Accounts: admins manage them, nobody ever sees a password hash, and the server always keeps an active admin.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type ApiFixture, apiFixture, type TestSession } from '../test-app.ts';

const PASSWORD = 'correct horse battery staple';

afterAll(closeTemplates);

describe.each(engines())('accounts on %s', (engine) => {
  let f: ApiFixture;
  let admin: TestSession;
  beforeEach(async () => {
    f = await apiFixture(engine);
    admin = await f.signIn('admin');
  });
  afterEach(() => f.dispose());

  const patch = (id: string, json: unknown, as: TestSession | string = admin) =>
    f.request(`/api/v1/accounts/${id}`, { method: 'PATCH', json, as });

  it('creates an account that can sign in, and never returns a password hash', async () => {
    const res = await f.request('/api/v1/accounts', {
      json: { email: 'Bob@Example.test', name: 'Bob', role: 'viewer', password: PASSWORD },
      as: admin,
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toMatch(/scrypt|password/i);
    expect(JSON.parse(text)).toMatchObject({ email: 'bob@example.test', role: 'viewer', disabled: false });
    const list = await (await f.request('/api/v1/accounts', { as: admin })).text();
    expect(list).not.toMatch(/scrypt|password/i);
    expect(JSON.parse(list).items).toHaveLength(2);
    const login = await f.request('/api/v1/auth/login', {
      json: { email: 'bob@example.test', password: PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('refuses a duplicate email (whatever its case) with 409 and a short password with 400', async () => {
    const json = { email: 'dup@example.test', name: 'Dup', role: 'viewer', password: PASSWORD };
    expect((await f.request('/api/v1/accounts', { json, as: admin })).status).toBe(201);
    const dup = await f.request('/api/v1/accounts', {
      json: { ...json, email: 'DUP@example.test' },
      as: admin,
    });
    expect(dup.status).toBe(409);
    const short = await f.request('/api/v1/accounts', { json: { ...json, password: 'short' }, as: admin });
    expect(short.status).toBe(400);
    expect((await short.json()).error.field).toBe('password');
  });

  it('refuses to demote, disable or delete the last active admin, with a message saying why', async () => {
    for (const res of [
      await patch(admin.accountId, { role: 'viewer' }),
      await patch(admin.accountId, { disabled: true }),
      await f.request(`/api/v1/accounts/${admin.accountId}`, { method: 'DELETE', as: admin }),
    ]) {
      expect(res.status).toBe(409);
      expect((await res.json()).error.message).toMatch(/last active admin/);
    }
    const other = await f.signIn('admin');
    expect((await patch(other.accountId, { disabled: true })).status).toBe(200);
    // A disabled admin does not count: the first one is again the last.
    expect((await patch(admin.accountId, { role: 'viewer' })).status).toBe(409);
    expect((await patch(other.accountId, { disabled: false })).status).toBe(200);
    expect((await patch(admin.accountId, { role: 'viewer' })).status).toBe(200);
  });

  it("disabling an account deletes its sessions; a new password ends the account's other sessions", async () => {
    const viewer = await f.signIn('viewer');
    expect((await f.request('/api/v1/auth/me', { as: viewer })).status).toBe(200);
    const res = await patch(viewer.accountId, { disabled: true, name: 'Gone' });
    expect(await res.json()).toMatchObject({ disabled: true, name: 'Gone' });
    expect(await f.store.query('SELECT 1 FROM sessions WHERE account_id = $1', [viewer.accountId])).toEqual(
      [],
    );
    expect((await f.request('/api/v1/auth/me', { as: viewer })).status).toBe(401);

    const key = await f.apiKey('admin');
    const other = await f.signIn('viewer');
    expect((await patch(other.accountId, { password: PASSWORD }, key)).status).toBe(200);
    expect((await f.request('/api/v1/auth/me', { as: other })).status).toBe(401);
  });

  it('deletes an account and answers 404 for an unknown one', async () => {
    const viewer = await f.signIn('viewer');
    const del = await f.request(`/api/v1/accounts/${viewer.accountId}`, { method: 'DELETE', as: admin });
    expect(del.status).toBe(204);
    const again = await f.request(`/api/v1/accounts/${viewer.accountId}`, { method: 'DELETE', as: admin });
    expect(again.status).toBe(404);
    expect((await patch(viewer.accountId, { name: 'x' })).status).toBe(404);
  });

  it('writes every change to the audit trail, without the password', async () => {
    const created = await (
      await f.request('/api/v1/accounts', {
        json: { email: 'c@example.test', name: 'C', role: 'viewer', password: PASSWORD },
        as: admin,
      })
    ).json();
    await patch(created.id, { role: 'admin', password: `${PASSWORD}!` });
    await f.request(`/api/v1/accounts/${created.id}`, { method: 'DELETE', as: admin });
    const rows = await f.store.query<{ action: string; actor_id: string; details: unknown }>(
      'SELECT action, actor_id, details FROM audit_trail ORDER BY id',
    );
    expect(rows.map((r) => r.action)).toEqual(['account.create', 'account.update', 'account.delete']);
    expect(rows.every((r) => r.actor_id === admin.accountId)).toBe(true);
    expect(rows[1]?.details).toEqual({ role: 'admin', passwordChanged: true });
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });
});
