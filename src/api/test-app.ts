// For route tests: the whole app in-process on a fresh test store, with helpers to call it as an admin, a viewer,
// an API key or nobody. Requests go through app.request(): no port, no mocked HTTP.
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { systemPlatform } from '../connectors/http.ts';
import type { Store } from '../store/db.ts';
import { type Engine, testStore } from '../store/test-store.ts';
import { createApp } from './app.ts';
import { createApiKey } from './auth/api-keys.ts';
import { DUMMY_HASH } from './auth/secrets.ts';
import { createSession } from './auth/sessions.ts';
import type { ApiDeps, App, Role } from './context.ts';
import { createMetrics } from './metrics.ts';

export interface TestSession {
  accountId: string;
  email: string;
  /** The Cookie header value: `gs_session=…`. */
  cookie: string;
  csrf: string;
}

export interface RequestOptions {
  method?: string;
  /** Sent as the JSON body, with its content type. */
  json?: unknown;
  /** A session (cookie + its CSRF token) or an API key (Bearer); omitted: anonymous. */
  as?: TestSession | string;
  /** For sessions: false leaves the X-CSRF-Token header out. */
  csrf?: boolean;
  headers?: Record<string, string>;
}

export interface ApiFixture {
  app: App;
  store: Store;
  deps: ApiDeps;
  /** A new account of `role` with a live session (created directly: no password, no scrypt). */
  signIn(role?: Role, fields?: { email?: string; name?: string }): Promise<TestSession>;
  /** A new API key of `role`. */
  apiKey(role?: Role): Promise<string>;
  request(path: string, options?: RequestOptions): Promise<Response>;
  dispose(): Promise<void>;
}

export async function apiFixture(engine: Engine, overrides: Partial<ApiDeps> = {}): Promise<ApiFixture> {
  const t = await testStore(engine);
  const deps: ApiDeps = {
    store: t.store,
    queue: null,
    platform: systemPlatform(),
    config: loadConfig({}),
    log: pino({ level: 'silent' }),
    metrics: createMetrics(),
    ...overrides,
  };
  const app = createApp(deps);
  let n = 0;
  return {
    app,
    store: t.store,
    deps,
    async signIn(role = 'admin', fields = {}) {
      n += 1;
      const email = fields.email ?? `${role}-${n}@example.test`;
      const [row] = await t.store.query<{ id: string }>(
        'INSERT INTO accounts (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING id',
        [email, fields.name ?? `Test ${role} ${n}`, role, DUMMY_HASH],
      );
      const accountId = (row as { id: string }).id;
      const s = await createSession(t.store, accountId);
      return { accountId, email, cookie: `gs_session=${s.token}`, csrf: s.csrfToken };
    },
    async apiKey(role = 'admin') {
      n += 1;
      return (await createApiKey(t.store, { name: `test key ${n}`, role, createdBy: null })).key;
    },
    async request(path, o = {}) {
      const headers: Record<string, string> = {};
      if (typeof o.as === 'string') headers.authorization = `Bearer ${o.as}`;
      else if (o.as) {
        headers.cookie = o.as.cookie;
        if (o.csrf !== false) headers['x-csrf-token'] = o.as.csrf;
      }
      if (o.json !== undefined) headers['content-type'] = 'application/json';
      Object.assign(headers, o.headers);
      return app.request(path, {
        method: o.method ?? (o.json === undefined ? 'GET' : 'POST'),
        headers,
        ...(o.json !== undefined && { body: JSON.stringify(o.json) }),
      });
    },
    dispose: t.dispose,
  };
}
