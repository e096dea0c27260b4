// Fidelity: simulated JSON bodies and Zendesk's own examples validate against Zendesk's OpenAPI documents.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createZendeskSimulator, type ZendeskSimulator } from './server.ts';

// The OpenAPI documents live beside the project, never inside it.
const PROJECT_ROOT = new URL('../../', import.meta.url);
const SPEC_DIR = new URL('../shared/zendesk/', PROJECT_ROOT);
const SUPPORT_FILE = fileURLToPath(new URL('support-api.oas.yaml', SPEC_DIR));
const WEBHOOKS_FILE = fileURLToPath(new URL('webhooks-api.oas.yaml', SPEC_DIR));
const specsPresent = existsSync(SUPPORT_FILE) && existsSync(WEBHOOKS_FILE);
if (!specsPresent) {
  console.warn(
    `../shared/zendesk not found: the fidelity suite needs Zendesk's OpenAPI documents beside the project (looked for ${SUPPORT_FILE} and ${WEBHOOKS_FILE})`,
  );
}

// ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose `default` is the plugin.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;
type Method = 'get' | 'post';
/** The two documents, registered with Ajv under these ids. */
type DocId = 'support.oas.yaml' | 'webhooks.oas.yaml';

interface Operation {
  doc: DocId;
  path: string;
  method: Method;
  status: string;
}

const SUPPORT = 'support.oas.yaml' as const;
const WEBHOOKS = 'webhooks.oas.yaml' as const;

/** Every simulated endpoint the documents cover; the webhooks document's paths lack the /api/v2 prefix. */
const OPS = {
  me: { doc: SUPPORT, path: '/api/v2/users/me', method: 'get', status: '200' },
  users: { doc: SUPPORT, path: '/api/v2/users', method: 'get', status: '200' },
  showMany: { doc: SUPPORT, path: '/api/v2/users/show_many', method: 'get', status: '200' },
  user: { doc: SUPPORT, path: '/api/v2/users/{user_id}', method: 'get', status: '200' },
  clients: { doc: SUPPORT, path: '/api/v2/oauth/clients', method: 'get', status: '200' },
  globalClients: { doc: SUPPORT, path: '/api/v2/oauth/global_clients', method: 'get', status: '200' },
  globalClient: {
    doc: SUPPORT,
    path: '/api/v2/oauth/global_clients/{global_client_id}',
    method: 'get',
    status: '200',
  },
  tokenSummary: {
    doc: SUPPORT,
    path: '/api/v2/oauth/global_clients/token_summary',
    method: 'get',
    status: '200',
  },
  tokens: { doc: SUPPORT, path: '/api/v2/oauth/tokens', method: 'get', status: '200' },
  token: { doc: SUPPORT, path: '/api/v2/oauth/tokens/{oauth_token_id}', method: 'get', status: '200' },
  auditLogs: { doc: SUPPORT, path: '/api/v2/audit_logs', method: 'get', status: '200' },
  grant: { doc: SUPPORT, path: '/oauth/tokens', method: 'post', status: '201' },
  webhooks: { doc: WEBHOOKS, path: '/webhooks', method: 'get', status: '200' },
} satisfies Record<string, Operation>;

const ORIGIN = 'https://acme.zendesk.com';

// ---------------------------------------------------------------------------------------------
// The validator: Ajv over the documents themselves, so schema look-ups follow the spec.

interface SpecValidator {
  /** The response schema of an operation, looked up by path + method + status in the document. */
  forOperation(op: Operation): ValidateFunction;
  /** Named example payloads the operation's response refers to (`examples` refs and inline values). */
  examplesOf(op: Operation): { name: string; value: unknown }[];
  explain(errors: ErrorObject[] | null | undefined): string;
}

function escapePointer(segment: string): string {
  return encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));
}

function pointer(segments: readonly string[]): string {
  return `/${segments.map(escapePointer).join('/')}`;
}

function resolveLocal(doc: Json, ref: string): { value: Json; segments: string[] } {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are followed, got ${ref}`);
  const segments = ref
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replaceAll('~1', '/').replaceAll('~0', '~'));
  let node: unknown = doc;
  for (const s of segments) node = (node as Json | undefined)?.[s];
  if (node === undefined || node === null || typeof node !== 'object') throw new Error(`unresolvable ${ref}`);
  return { value: node as Json, segments };
}

function createSpecValidator(docs: Record<DocId, Json>): SpecValidator {
  // OpenAPI 3.0 schemas are not quite JSON Schema: `nullable` is understood by Ajv itself; `example`,
  // `xml`, `discriminator` and `x-*` extensions are annotations that strict:false lets Ajv ignore.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // OpenAPI's own formats, which JSON Schema does not define.
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  for (const [id, doc] of Object.entries(docs)) ajv.addSchema(doc, id);

  function mediaType(op: Operation): { media: Json; segments: string[] } {
    const doc = docs[op.doc];
    const operation = ((doc.paths as Json)[op.path] as Json | undefined)?.[op.method] as Json | undefined;
    if (!operation) throw new Error(`${op.doc} has no ${op.method.toUpperCase()} ${op.path}`);
    let response = (operation.responses as Json)[op.status] as Json | undefined;
    if (!response)
      throw new Error(`${op.doc}: ${op.method.toUpperCase()} ${op.path} documents no ${op.status}`);
    let segments = ['paths', op.path, op.method, 'responses', op.status];
    if (typeof response.$ref === 'string') {
      const resolved = resolveLocal(doc, response.$ref);
      response = resolved.value;
      segments = resolved.segments;
    }
    const content = (response.content ?? {}) as Json;
    const type =
      'application/json' in content
        ? 'application/json'
        : Object.keys(content).find((t) => t.includes('json'));
    if (!type) throw new Error(`${op.method.toUpperCase()} ${op.path} ${op.status} has no JSON body`);
    return { media: content[type] as Json, segments: [...segments, 'content', type] };
  }

  const compiled = new Map<string, ValidateFunction>();
  return {
    forOperation(op) {
      const { segments } = mediaType(op);
      const ref = `${op.doc}#${pointer([...segments, 'schema'])}`;
      let validate = compiled.get(ref);
      if (!validate) {
        validate = ajv.getSchema(ref);
        if (!validate) throw new Error(`Ajv could not resolve ${ref}`);
        compiled.set(ref, validate);
      }
      return validate;
    },
    examplesOf(op) {
      const { media } = mediaType(op);
      const found: { name: string; value: unknown }[] = [];
      if (media.example !== undefined) found.push({ name: 'example', value: media.example });
      for (const [key, entry] of Object.entries((media.examples ?? {}) as Record<string, Json>)) {
        const ref = typeof entry.$ref === 'string' ? entry.$ref : null;
        const example = ref ? resolveLocal(docs[op.doc], ref).value : entry;
        found.push({ name: ref ? (ref.split('/').pop() as string) : key, value: example.value });
      }
      return found;
    },
    explain(errors) {
      const list = errors ?? [];
      const shown = list
        .slice(0, 25)
        .map(
          (e) =>
            `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)} (schema ${e.schemaPath})`,
        );
      return `${list.length} Ajv error(s):\n${shown.join('\n')}${list.length > 25 ? `\n  … and ${list.length - 25} more` : ''}`;
    },
  };
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(!specsPresent)('Fidelity: simulated responses match Zendesk’s OpenAPI documents', () => {
  let spec: SpecValidator;
  let sim: ZendeskSimulator;
  let auth: string;
  const validated: Record<string, number> = {};
  const validatedItems: Record<string, number> = {};

  beforeAll(() => {
    spec = createSpecValidator({
      [SUPPORT]: parse(readFileSync(SUPPORT_FILE, 'utf8')) as Json,
      [WEBHOOKS]: parse(readFileSync(WEBHOOKS_FILE, 'utf8')) as Json,
    });
    sim = createZendeskSimulator({ seed: 5, users: 300, tokens: 1000 });
    const { adminEmail, apiToken } = sim.tenant.credentials;
    auth = `Basic ${Buffer.from(`${adminEmail}/token:${apiToken}`).toString('base64')}`;
  });

  afterAll(() => {
    if (Object.keys(validated).length === 0) return;
    console.info('fidelity: validated bodies per operation', validated);
    console.info('fidelity: records inside validated list pages', validatedItems);
  });

  function expectValid(op: Operation, body: unknown, label: string): void {
    const validate = spec.forOperation(op);
    const ok = validate(body);
    const where = `${op.method.toUpperCase()} ${op.path} ${op.status} (${op.doc})`;
    expect(ok, `${label} does not validate against ${where}\n${spec.explain(validate.errors)}`).toBe(true);
    const key = `${op.method.toUpperCase()} ${op.path}`;
    validated[key] = (validated[key] ?? 0) + 1;
  }

  async function get(path: string, via: typeof fetch = sim.fetch, origin = ORIGIN): Promise<Json> {
    const res = await via(new URL(path, origin), {
      headers: { authorization: auth, accept: 'application/json' },
    });
    const text = await res.text();
    expect(res.status, `GET ${path} answered ${res.status}: ${text.slice(0, 300)}`).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    return JSON.parse(text) as Json;
  }

  /** Every page of a list, following `links.next` (cursor) or `next_page` (offset). */
  async function walk(first: string): Promise<Json[]> {
    const pages: Json[] = [];
    let next: string | null = first;
    while (next) {
      expect(pages.length, `more than 200 pages from ${first}`).toBeLessThan(200);
      const body: Json = await get(next);
      pages.push(body);
      const links = body.links as { next?: string | null } | undefined;
      next = (body.meta as { has_more?: boolean } | undefined)?.has_more
        ? (links?.next ?? null)
        : ((body.next_page as string | null | undefined) ?? null);
    }
    return pages;
  }

  async function walkAndValidate(op: Operation, first: string, root: string): Promise<Json[]> {
    const pages = await walk(first);
    const items: Json[] = [];
    pages.forEach((page, i) => {
      expectValid(op, page, `page ${i + 1} of ${first}`);
      items.push(...(page[root] as Json[]));
    });
    validatedItems[root] = (validatedItems[root] ?? 0) + items.length;
    return items;
  }

  describe('users', () => {
    it('answers GET /api/v2/users/me for the admin with a body that matches ShowCurrentUser', async () => {
      const body = await get('/api/v2/users/me');
      expect((body.user as Json).email).toBe(sim.tenant.credentials.adminEmail);
      expectValid(OPS.me, body, 'users/me');
    });

    it('lists every active user, page by page in offset form, each page matching ListUsers', async () => {
      const users = await walkAndValidate(OPS.users, '/api/v2/users?per_page=100', 'users');
      expect(users).toHaveLength(sim.tenant.users.filter((u) => u.active).length);
    });

    it('lists every active user in cursor form too, and the pages cover agents, admins, end-users, suspended users and non-ASCII names', async () => {
      const users = await walkAndValidate(OPS.users, '/api/v2/users?page[size]=100', 'users');
      expect(users).toHaveLength(sim.tenant.users.filter((u) => u.active).length);
      const roles = new Set(users.map((u) => u.role));
      expect([...roles].sort()).toEqual(['admin', 'agent', 'end-user']);
      expect(users.some((u) => u.suspended === true)).toBe(true);
      expect(users.some((u) => /\P{ASCII}/u.test(String(u.name)))).toBe(true);
      expect(users.some((u) => u.last_login_at === undefined)).toBe(true);
    });

    it('validates a filtered list of agents and admins', async () => {
      const users = await walkAndValidate(
        OPS.users,
        '/api/v2/users?role[]=agent&role[]=admin&page[size]=50',
        'users',
      );
      expect(users.every((u) => u.role !== 'end-user')).toBe(true);
    });

    it('answers show_many with 100 mixed users (and deleted ones on request) in a body that matches ShowManyUsers', async () => {
      const all = sim.tenant.users;
      const ids = all.slice(0, 100).map((u) => u.id);
      const body = await get(`/api/v2/users/show_many?ids=${ids.join(',')}`);
      expect((body.users as Json[]).length).toBe(all.slice(0, 100).filter((u) => u.active).length);
      expectValid(OPS.showMany, body, 'show_many (100 ids)');
      const deleted = all.filter((u) => !u.active).map((u) => u.id);
      expect(deleted.length).toBeGreaterThan(0);
      const withDeleted = await get(
        `/api/v2/users/show_many?include_deleted=true&ids=${deleted.slice(0, 100).join(',')}`,
      );
      expect((withDeleted.users as Json[]).every((u) => u.active === false)).toBe(true);
      expectValid(OPS.showMany, withDeleted, 'show_many of deleted users');
    });

    it('answers GET /api/v2/users/{id} for an admin, an agent, an end-user, a suspended and a deleted user in bodies that match ShowUser', async () => {
      const users = sim.tenant.users;
      const pick = [
        users.find((u) => u.role === 'admin'),
        users.find((u) => u.role === 'agent' && u.roleType === 1),
        users.find((u) => u.role === 'agent' && u.customRoleId !== null),
        users.find((u) => u.role === 'end-user'),
        users.find((u) => u.suspended),
        users.find((u) => !u.active),
        users.find((u) => u.lastLoginAt === null),
        users.find((u) => /\P{ASCII}/u.test(u.name)),
      ];
      for (const user of pick) {
        expect(user, 'the tenant lacks a kind of user this test wants').toBeDefined();
        if (!user) continue;
        const body = await get(`/api/v2/users/${user.id}`);
        expect((body.user as Json).id).toBe(user.id);
        expectValid(
          OPS.user,
          body,
          `user ${user.id} (${user.role}${user.suspended ? ', suspended' : ''}${user.active ? '' : ', deleted'})`,
        );
      }
    });
  });

  describe('OAuth clients', () => {
    it('lists local OAuth clients in bodies that match ListOAuthClients', async () => {
      const clients = await walkAndValidate(OPS.clients, '/api/v2/oauth/clients?page[size]=100', 'clients');
      expect(clients).toHaveLength(sim.tenant.localClients.length);
      await walkAndValidate(OPS.clients, '/api/v2/oauth/clients', 'clients');
    });

    it('lists global OAuth clients in bodies that match ListGlobalOAuthClients', async () => {
      const clients = await walkAndValidate(
        OPS.globalClients,
        '/api/v2/oauth/global_clients?page[size]=3',
        'global_clients',
      );
      expect(clients).toHaveLength(sim.tenant.globalClients.length);
    });

    it('shows each global OAuth client in a body that matches ShowGlobalClient', async () => {
      expect(sim.tenant.globalClients.length).toBeGreaterThan(0);
      for (const client of sim.tenant.globalClients) {
        const body = await get(`/api/v2/oauth/global_clients/${client.id}`);
        expectValid(OPS.globalClient, body, `global client ${client.id}`);
      }
    });

    it('summarises tokens per global client, with and without expired tokens, in bodies that match GlobalOAuthClientsTokenSummary', async () => {
      const current = await walkAndValidate(
        OPS.tokenSummary,
        '/api/v2/oauth/global_clients/token_summary',
        'global_clients',
      );
      expect(current).toHaveLength(sim.tenant.globalClients.length);
      await walkAndValidate(
        OPS.tokenSummary,
        '/api/v2/oauth/global_clients/token_summary?include_expired=true&page[size]=4',
        'global_clients',
      );
      const one = sim.tenant.globalClients[0];
      if (one)
        await walkAndValidate(
          OPS.tokenSummary,
          `/api/v2/oauth/global_clients/token_summary?global_client_id=${one.id}`,
          'global_clients',
        );
    });
  });

  describe('OAuth tokens', () => {
    it('walks every page of all ~1000 tokens and each page matches ListOAuthTokens', async () => {
      const expected = sim.tenant.tokens.length;
      expect(expected).toBeGreaterThanOrEqual(900);
      const tokens = await walkAndValidate(
        OPS.tokens,
        '/api/v2/oauth/tokens?all=true&page[size]=100',
        'tokens',
      );
      expect(tokens).toHaveLength(expected);
      // The pages carry varied tokens: with and without expiry, refresh tokens and last use.
      expect(tokens.some((t) => t.expires_at === undefined)).toBe(true);
      expect(tokens.some((t) => typeof t.expires_at === 'string')).toBe(true);
      expect(tokens.some((t) => typeof t.refresh_token === 'string')).toBe(true);
      expect(tokens.some((t) => t.used_at === undefined)).toBe(true);
      expect(new Set(tokens.map((t) => t.client_id)).size).toBeGreaterThan(5);
    });

    it('matches ListOAuthTokens in offset form, for the caller only, and filtered by client', async () => {
      await walkAndValidate(OPS.tokens, '/api/v2/oauth/tokens?all=true&per_page=100&page=3', 'tokens');
      await walkAndValidate(OPS.tokens, '/api/v2/oauth/tokens', 'tokens');
      const local = sim.tenant.localClients[0];
      const global = sim.tenant.globalClients[0];
      if (local)
        await walkAndValidate(OPS.tokens, `/api/v2/oauth/tokens?all=true&client_id=${local.id}`, 'tokens');
      if (global)
        await walkAndValidate(
          OPS.tokens,
          `/api/v2/oauth/tokens?all=true&global_client_id=${global.id}&page[size]=100`,
          'tokens',
        );
    });

    it('shows single tokens of every shape in bodies that match ShowToken', async () => {
      const tokens = sim.tenant.tokens;
      const pick = [
        tokens.find((t) => t.expiresAt === null && t.refreshToken === null),
        tokens.find((t) => t.expiresAt !== null && t.refreshToken !== null),
        tokens.find((t) => t.usedAt === null),
        tokens.find((t) => !sim.tenant.usersById.has(t.userId)),
        tokens.at(-1),
      ];
      for (const token of pick) {
        if (!token) continue;
        const body = await get(`/api/v2/oauth/tokens/${token.id}`);
        expectValid(OPS.token, body, `token ${token.id}`);
      }
      expect(validated[`GET ${OPS.token.path}`]).toBeGreaterThanOrEqual(3);
    });

    it('issues a client-credentials token with 201 and a body that matches CreateTokenForGrantType', async () => {
      const { clientId, clientSecret } = sim.tenant.credentials;
      const res = await sim.fetch(new URL('/oauth/tokens', ORIGIN), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
          scope: 'read',
        }),
      });
      const text = await res.text();
      expect(res.status, text).toBe(201);
      const body = JSON.parse(text) as Json;
      expect(body.token_type).toBe('bearer');
      expectValid(OPS.grant, body, 'POST /oauth/tokens (client_credentials)');
    });
  });

  describe('account endpoints', () => {
    it('lists every audit log entry in pages that match ListAuditLogs', async () => {
      const logs = await walkAndValidate(OPS.auditLogs, '/api/v2/audit_logs?page[size]=100', 'audit_logs');
      expect(logs).toHaveLength(sim.tenant.auditLogs.length);
      await walkAndValidate(OPS.auditLogs, '/api/v2/audit_logs?per_page=100', 'audit_logs');
    });

    it('lists webhooks in bodies that match listWebhooks of the webhooks document', async () => {
      const hooks = await walkAndValidate(OPS.webhooks, '/api/v2/webhooks', 'webhooks');
      expect(hooks).toHaveLength(sim.tenant.webhooks.length);
    });

    it('lists webhooks over several cursor pages, each matching listWebhooks', async () => {
      const hooks = await walkAndValidate(OPS.webhooks, '/api/v2/webhooks?page[size]=2', 'webhooks');
      expect(hooks).toHaveLength(sim.tenant.webhooks.length);
    });

    it('answers filtered webhook lists, including an empty one, in bodies that match listWebhooks', async () => {
      const none = await walkAndValidate(
        OPS.webhooks,
        '/api/v2/webhooks?filter[name_contains]=no-such-webhook-anywhere',
        'webhooks',
      );
      expect(none).toHaveLength(0);
      const inactive = await walkAndValidate(
        OPS.webhooks,
        '/api/v2/webhooks?filter[status]=inactive',
        'webhooks',
      );
      expect(inactive.every((w) => w.status === 'inactive')).toBe(true);
    });
  });

  describe('over a real port', () => {
    let server: { url: string; close(): Promise<void> } | undefined;
    afterAll(async () => {
      await server?.close();
    });

    it('serves the same valid bodies over HTTP as in-process', async () => {
      server = await sim.listen();
      const me = await get('/api/v2/users/me', fetch, server.url);
      expectValid(OPS.me, me, 'users/me over HTTP');
      const tokens = await get('/api/v2/oauth/tokens?all=true&page[size]=100', fetch, server.url);
      expect((tokens.tokens as Json[]).length).toBe(100);
      expectValid(OPS.tokens, tokens, 'oauth/tokens over HTTP');
      const users = await get('/api/v2/users?page[size]=100', fetch, server.url);
      expectValid(OPS.users, users, 'users over HTTP');
    });
  });

  describe('the validator itself', () => {
    it('accepts every example payload the spec gives for these operations', () => {
      let count = 0;
      for (const op of Object.values(OPS)) {
        for (const example of spec.examplesOf(op)) {
          const validate = spec.forOperation(op);
          const ok = validate(example.value);
          expect(
            ok,
            `Zendesk's own example ${example.name} fails ${op.method.toUpperCase()} ${op.path} ${op.status}\n${spec.explain(validate.errors)}`,
          ).toBe(true);
          count++;
        }
      }
      console.info(`fidelity: ${count} spec example payloads validated`);
      expect(count).toBeGreaterThanOrEqual(10);
    });

    it('rejects a token list whose first id is a string, naming the offending path', async () => {
      const body = await get('/api/v2/oauth/tokens?all=true&page[size]=5');
      const tokens = body.tokens as Json[];
      const first = tokens[0] as Json;
      const mangled = { ...body, tokens: [{ ...first, id: String(first.id) }, ...tokens.slice(1)] };
      const validate = spec.forOperation(OPS.tokens);
      expect(validate(mangled)).toBe(false);
      expect(validate.errors?.some((e) => e.instancePath === '/tokens/0/id' && e.keyword === 'type')).toBe(
        true,
      );
      expect(validate(body), spec.explain(validate.errors)).toBe(true);
    });

    it('rejects a user whose created_at is not a date-time and a webhook with an unknown http_method', async () => {
      const me = await get('/api/v2/users/me');
      const validateMe = spec.forOperation(OPS.me);
      expect(validateMe({ user: { ...(me.user as Json), created_at: 'yesterday' } })).toBe(false);
      const hooks = await get('/api/v2/webhooks');
      const validateHooks = spec.forOperation(OPS.webhooks);
      const first = (hooks.webhooks as Json[])[0] as Json;
      expect(validateHooks({ ...hooks, webhooks: [{ ...first, http_method: 'TRACE' }] })).toBe(false);
    });
  });
});
