// Signing in and out: first-run setup, login and its throttle, session fixation, logout, CSRF, and /me.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { insertAccount } from '../auth/accounts.ts';
import { hashPassword, sha256 } from '../auth/secrets.ts';
import { ensureSetupToken } from '../auth/setup.ts';
import { type ApiFixture, apiFixture } from '../test-app.ts';

const PASSWORD = 'correct horse battery staple';
const sessionCookie = (res: Response) => /gs_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

afterAll(closeTemplates);

describe.each(engines())('auth on %s', (engine) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(engine);
  });
  afterEach(() => f.dispose());

  const addAccount = async (email = 'ada@example.test', role: 'admin' | 'viewer' = 'admin') =>
    insertAccount(f.store, { email, name: 'Ada', role, passwordHash: await hashPassword(PASSWORD) });
  const login = (email: string, password: string, headers: Record<string, string> = {}, env?: unknown) =>
    f.app.request(
      '/api/v1/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email, password }),
      },
      env,
    );

  describe('first-run setup', () => {
    const setup = (setupToken: string, email = 'first@example.test') =>
      f.request('/api/v1/auth/setup', { json: { email, name: 'First', password: PASSWORD, setupToken } });

    it('reports setup as required until the first account exists', async () => {
      expect(await (await f.request('/api/v1/auth/status')).json()).toEqual({ setupRequired: true });
      await addAccount();
      expect(await (await f.request('/api/v1/auth/status')).json()).toEqual({ setupRequired: false });
    });

    it('keeps the printed token while this process lives and stores only its hash', async () => {
      const token = (await ensureSetupToken(f.store)) as string;
      expect(await ensureSetupToken(f.store)).toBe(token);
      const rows = await f.store.query<{ value: string }>(
        "SELECT value FROM meta WHERE key = 'setup_token_hash'",
      );
      expect(rows).toEqual([{ value: sha256(token) }]);
    });

    it('creates the first admin with the right token, signs them in, and works only once', async () => {
      const token = (await ensureSetupToken(f.store)) as string;
      expect((await setup('wrong-token')).status).toBe(403);
      const res = await setup(token);
      expect(res.status).toBe(201);
      const body = await res.json();
      expect(body.account).toMatchObject({ email: 'first@example.test', role: 'admin' });
      const me = await f.request('/api/v1/auth/me', {
        headers: { cookie: `gs_session=${sessionCookie(res)}` },
      });
      expect((await me.json()).label).toBe('first@example.test');
      const again = await setup(token, 'second@example.test');
      expect(again.status).toBe(409);
      expect(await ensureSetupToken(f.store)).toBeNull();
    });
  });

  describe('login', () => {
    it('sets an HttpOnly SameSite=Lax session cookie and returns the account and its CSRF token', async () => {
      const account = await addAccount();
      const res = await login('ADA@example.test', PASSWORD);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        account: { id: account?.id, email: 'ada@example.test', name: 'Ada', role: 'admin' },
        csrfToken: expect.any(String),
      });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/);
      const [s] = await f.store.query<{ hours: number }>(
        'SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM sessions',
      );
      expect(s?.hours).toBe(12);
    });

    it('marks the cookie Secure behind a proxy that terminated https', async () => {
      await addAccount();
      const res = await login('ada@example.test', PASSWORD, { 'x-forwarded-proto': 'https' });
      expect(res.headers.get('set-cookie')).toMatch(/Secure/);
    });

    it('answers a wrong password, an unknown email and a disabled account with the same 401', async () => {
      const viewer = await addAccount('vic@example.test', 'viewer');
      await f.store.query('UPDATE accounts SET disabled = true WHERE id = $1', [viewer?.id]);
      await addAccount();
      const answers = await Promise.all([
        login('ada@example.test', 'not the password'),
        login('nobody@example.test', PASSWORD),
        login('vic@example.test', PASSWORD),
      ]);
      const bodies = await Promise.all(answers.map((r) => r.json()));
      expect(answers.map((r) => r.status)).toEqual([401, 401, 401]);
      expect(new Set(bodies.map((b) => b.error.message)).size).toBe(1);
      expect(answers.every((r) => r.headers.get('set-cookie') === null)).toBe(true);
    });

    it('answers 429 with Retry-After after 5 failures for one email, even to the right password', async () => {
      await addAccount();
      for (let i = 0; i < 5; i++)
        expect((await login('ada@example.test', 'wrong password')).status).toBe(401);
      const res = await login('Ada@example.test', PASSWORD);
      expect(res.status).toBe(429);
      expect((await res.json()).error.code).toBe('rate_limited');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      const keys = await f.store.query<{ key: string }>('SELECT DISTINCT key FROM login_attempts');
      expect(keys.some((k) => k.key.includes('ada'))).toBe(false);
    });

    it("clears an email's failures on success", async () => {
      await addAccount();
      for (let i = 0; i < 4; i++) await login('ada@example.test', 'wrong password');
      expect((await login('ada@example.test', PASSWORD)).status).toBe(200);
      for (let i = 0; i < 4; i++) await login('ada@example.test', 'wrong password');
      expect((await login('ada@example.test', PASSWORD)).status).toBe(200);
    });

    it('answers 429 after 20 failures from one client address, whatever the emails, and not to other addresses', async () => {
      await addAccount();
      const attacker = fromAddress('203.0.113.9');
      for (let i = 0; i < 20; i++) await login(`guess${i}@example.test`, 'wrong password', {}, attacker);
      expect((await login('ada@example.test', PASSWORD, {}, attacker)).status).toBe(429);
      // X-Forwarded-For is not trusted: it cannot move the attacker to another address.
      const spoofed = await login(
        'ada@example.test',
        PASSWORD,
        { 'x-forwarded-for': '198.51.100.1' },
        attacker,
      );
      expect(spoofed.status).toBe(429);
      expect((await login('ada@example.test', PASSWORD, {}, fromAddress('198.51.100.7'))).status).toBe(200);
    });

    it('always issues a new session id and deletes the one the request came with (session fixation)', async () => {
      await addAccount();
      const planted = 'attacker-chosen-session-id';
      const first = await login('ada@example.test', PASSWORD, { cookie: `gs_session=${planted}` });
      const issued = sessionCookie(first);
      expect(issued).toBeTruthy();
      expect(issued).not.toBe(planted);
      const cookie = `gs_session=${issued}`;
      const csrf = (await first.json()).csrfToken;
      const second = await login('ada@example.test', PASSWORD, { cookie, 'x-csrf-token': csrf });
      expect(second.status).toBe(200);
      expect(sessionCookie(second)).not.toBe(issued);
      expect((await f.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
    });
  });

  describe('logout', () => {
    it('deletes the session on the server, so the old cookie is refused afterwards', async () => {
      const s = await f.signIn('viewer');
      const res = await f.request('/api/v1/auth/logout', { method: 'POST', as: s });
      expect(res.status).toBe(204);
      expect(res.headers.get('set-cookie')).toMatch(/gs_session=;.*Max-Age=0/);
      expect((await f.request('/api/v1/auth/me', { as: s })).status).toBe(401);
      expect(await f.store.query('SELECT 1 FROM sessions WHERE account_id = $1', [s.accountId])).toEqual([]);
    });

    it('needs the CSRF token of the session', async () => {
      const s = await f.signIn('viewer');
      const res = await f.request('/api/v1/auth/logout', { method: 'POST', as: s, csrf: false });
      expect(res.status).toBe(403);
      expect((await f.request('/api/v1/auth/me', { as: s })).status).toBe(200);
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated POST without or with a wrong X-CSRF-Token, and accepts the right one', async () => {
      const s = await f.signIn('admin');
      const json = { name: 'ci', role: 'viewer' };
      const missing = await f.request('/api/v1/api-keys', { json, as: s, csrf: false });
      expect(missing.status).toBe(403);
      expect((await missing.json()).error.code).toBe('csrf_failed');
      const wrong = await f.request('/api/v1/api-keys', { json, as: s, headers: { 'x-csrf-token': 'x' } });
      expect(wrong.status).toBe(403);
      expect((await wrong.json()).error.code).toBe('csrf_failed');
      expect((await f.request('/api/v1/api-keys', { json, as: s })).status).toBe(201);
    });
  });

  describe('me', () => {
    it('describes a session with its CSRF token, an API key without one, and refuses anonymous callers', async () => {
      const s = await f.signIn('viewer', { email: 'vi@example.test' });
      expect(await (await f.request('/api/v1/auth/me', { as: s })).json()).toEqual({
        kind: 'session',
        id: s.accountId,
        label: 'vi@example.test',
        role: 'viewer',
        csrfToken: s.csrf,
      });
      const key = await f.apiKey('admin');
      expect(await (await f.request('/api/v1/auth/me', { as: key })).json()).toMatchObject({
        kind: 'api_key',
        role: 'admin',
        csrfToken: null,
      });
      expect((await f.request('/api/v1/auth/me')).status).toBe(401);
    });
  });
});
