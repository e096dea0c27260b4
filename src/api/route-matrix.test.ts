// Every operation of the OpenAPI document (read at collection time, so a new route is covered without editing this
// file) and the routes outside it, called by nobody, a viewer (session and API key) and an admin (session and API
// key): who may do what, that a cookie session's state-changing request needs its CSRF token, and that an id naming
// nothing is a 404 — never a 403 that would tell it exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../store/test-store.ts';
import { listOperations, type Operation, pathParams, probeDocument } from './openapi-operations.ts';
import { createWorld, type GoodRequest, type World } from './route-world.ts';
import type { RequestOptions, TestSession } from './test-app.ts';

const doc = await probeDocument();
const OPERATIONS = listOperations(doc);

/** Open to anyone: signing in and out, and the first-run check. */
const PUBLIC = new Set([
  'GET /api/v1/auth/status',
  'POST /api/v1/auth/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
]);
/** Sign-in replaces the session, so it needs no token of the one it replaces (auth/middleware.ts). */
const SIGN_IN = new Set(['POST /api/v1/auth/setup', 'POST /api/v1/auth/login']);
/** Reads that only admins may make; every other read is a viewer's, every other change an admin's. */
const ADMIN_READS = ['/api/v1/accounts', '/api/v1/api-keys', '/api/v1/audit'];

interface Case {
  key: string;
  method: string;
  access: 'public' | 'viewer' | 'admin';
  /** A request an admin may make, new for each call. */
  request(w: World): Promise<GoodRequest>;
}

const fixed = (path: string, ok: (s: number) => boolean) => async (): Promise<GoodRequest> => ({
  path,
  ok,
  strict: true,
});

const CASES: Case[] = [
  ...OPERATIONS.map(
    (op: Operation): Case => ({
      key: op.key,
      method: op.method,
      access: PUBLIC.has(op.key)
        ? 'public'
        : op.method !== 'GET' || ADMIN_READS.some((p) => op.path.startsWith(p))
          ? 'admin'
          : 'viewer',
      request: (w) => w.good(op),
    }),
  ),
  // Outside the document: Prometheus needs a viewer; docs and probes are open; the OAuth callback is open because
  // the browser arrives from Zendesk, and only a live single-use state lets it do anything.
  { key: 'GET /metrics', method: 'GET', access: 'viewer', request: fixed('/metrics', (s) => s === 200) },
  { key: 'GET /api/docs', method: 'GET', access: 'public', request: fixed('/api/docs', (s) => s === 200) },
  {
    key: 'GET /api/docs.js',
    method: 'GET',
    access: 'public',
    request: fixed('/api/docs.js', (s) => s === 200),
  },
  {
    key: 'GET /api/openapi.json',
    method: 'GET',
    access: 'public',
    request: fixed('/api/openapi.json', (s) => s === 200),
  },
  {
    key: 'GET /oauth/callback',
    method: 'GET',
    access: 'public',
    request: fixed('/oauth/callback?state=unknown&code=x', (s) => s === 302),
  },
  { key: 'GET /healthz', method: 'GET', access: 'public', request: fixed('/healthz', (s) => s === 200) },
  { key: 'GET /readyz', method: 'GET', access: 'public', request: fixed('/readyz', (s) => s === 200) },
];

async function expectError(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  expect({ status: res.status, text }).toMatchObject({ status });
  const body = JSON.parse(text) as { error: { code: string; message: string; requestId: string } };
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: expect.any(String) });
}

afterAll(closeTemplates);

it('covers every operation of the OpenAPI document, and declares public only the public routes', () => {
  expect(OPERATIONS.length).toBeGreaterThanOrEqual(32);
  for (const op of OPERATIONS.filter((o) => o.declaredPublic)) expect(PUBLIC).toContain(op.key);
});

describe.each(engines())('the route matrix on %s', (engine) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(engine, doc);
  });
  afterAll(() => w?.dispose());

  const send = (c: Case, req: GoodRequest, as?: TestSession | string, extra: Partial<RequestOptions> = {}) =>
    w.f.request(req.path, {
      method: c.method,
      ...(req.json !== undefined && { json: req.json }),
      ...(as && { as }),
      ...extra,
    });
  const call = async (c: Case, as?: TestSession | string, extra: Partial<RequestOptions> = {}) => {
    const req = await c.request(w);
    return { req, res: await send(c, req, as, extra) };
  };
  /** Sends the request, and checks that it changed nothing of what the fingerprint covers. */
  const refused = async (c: Case, as: TestSession | string, extra: Partial<RequestOptions> = {}) => {
    const req = await c.request(w);
    const before = await w.fingerprint();
    const res = await send(c, req, as, extra);
    expect(await w.fingerprint(), 'a refused request changed nothing').toBe(before);
    return res;
  };

  it.each(CASES)('$key: allowed and refused as its access says', async (c) => {
    const anonymous = await call(c);
    if (c.access === 'public') expect(anonymous.res.status, 'nobody').toSatisfy(anonymous.req.ok);
    else await expectError(anonymous.res, 401, 'unauthenticated');
    for (const as of [await w.f.signIn('viewer'), await w.f.apiKey('viewer')]) {
      if (c.access === 'admin') await expectError(await refused(c, as), 403, 'forbidden');
      else {
        const viewer = await call(c, as);
        expect(viewer.res.status, `viewer ${typeof as}`).toSatisfy(viewer.req.ok);
      }
    }
    for (const as of [await w.f.signIn('admin'), await w.f.apiKey('admin')]) {
      const admin = await call(c, as);
      expect(admin.res.status, `admin ${typeof as}: ${await admin.res.clone().text()}`).toSatisfy(
        admin.req.ok,
      );
    }
  });

  const stateChanging = CASES.filter((c) => c.method !== 'GET' && !SIGN_IN.has(c.key));
  it.each(stateChanging)('$key: refuses a cookie session without its CSRF token', async (c) => {
    const admin = await w.f.signIn('admin');
    for (const headers of [{}, { 'x-csrf-token': 'not-the-token' }] as Record<string, string>[]) {
      await expectError(await refused(c, admin, { csrf: false, headers }), 403, 'csrf_failed');
    }
    // The same request with the token goes through: the refusal was the token's, nothing else's.
    const { req, res } = await call(c, admin);
    expect(res.status).toSatisfy(req.ok);
  });

  it.each([...SIGN_IN])('%s: signs in with a cookie session and no CSRF token', async (key) => {
    const c = CASES.find((x) => x.key === key) as Case;
    const { req, res } = await call(c, await w.f.signIn('viewer'), { csrf: false });
    expect(res.status).toSatisfy(req.ok);
  });

  const withId = CASES.filter((c) => pathParams(c.key).length > 0);
  it.each(withId)('$key: an id naming nothing, or another integration’s, is a 404', async (c) => {
    const deleted = await w.spareIntegration();
    await w.f.store.query('DELETE FROM integrations WHERE id = $1', [deleted]);
    const saasId = w.userRef.split(':')[1];
    const ids = c.key.includes('/users/')
      ? [`${w.otherIntegrationId}:${saasId}`, `${crypto.randomUUID()}:${saasId}`, '999999999']
      : c.key.includes('/apps/')
        ? ['999999999', '0']
        : [crypto.randomUUID(), deleted];
    const path = c.key.split(' ')[1] as string;
    const { json } = await c.request(w);
    for (const id of ids) {
      const url = path.replace('{id}', encodeURIComponent(id));
      const init = { method: c.method, ...(json !== undefined && { json }) };
      await expectError(await w.f.request(url, { ...init, as: await w.f.apiKey('admin') }), 404, 'not_found');
      const viewer = await w.f.request(url, { ...init, as: await w.f.signIn('viewer') });
      // A viewer learns nothing about objects of routes it may not use: the role is refused first.
      if (c.access === 'admin') await expectError(viewer, 403, 'forbidden');
      else await expectError(viewer, 404, 'not_found');
    }
  });
});
