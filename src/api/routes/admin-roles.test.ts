// Every admin-only route of accounts, API keys and the audit trail: 401 for nobody, 403 for a viewer (session or
// key), never reaching the handler.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../../store/test-store.ts';
import { type ApiFixture, apiFixture } from '../test-app.ts';

const SOME_ID = '00000000-0000-4000-8000-000000000000';
const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/v1/accounts'],
  [
    'POST',
    '/api/v1/accounts',
    { email: 'x@example.test', name: 'X', role: 'admin', password: 'a long password!' },
  ],
  ['PATCH', `/api/v1/accounts/${SOME_ID}`, { role: 'admin' }],
  ['DELETE', `/api/v1/accounts/${SOME_ID}`],
  ['GET', '/api/v1/api-keys'],
  ['POST', '/api/v1/api-keys', { name: 'k', role: 'admin' }],
  ['DELETE', `/api/v1/api-keys/${SOME_ID}`],
  ['GET', '/api/v1/audit'],
];

afterAll(closeTemplates);

describe.each(engines())('admin-only routes on %s', (engine) => {
  let f: ApiFixture;
  beforeEach(async () => {
    f = await apiFixture(engine);
  });
  afterEach(() => f.dispose());

  it.each(ADMIN_ROUTES)('%s %s answers 401 to nobody and 403 to viewers', async (method, path, json) => {
    const viewer = await f.signIn('viewer');
    const viewerKey = await f.apiKey('viewer');
    expect((await f.request(path, { method, json })).status).toBe(401);
    for (const as of [viewer, viewerKey]) {
      const res = await f.request(path, { method, json, as });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    const [n] = await f.store.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_trail');
    expect(n?.n).toBe(0);
  });
});
