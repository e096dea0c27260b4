// API keys (admins only): list (never the key or its hash), create (the key is shown once), revoke.
import { createRoute, z } from '@hono/zod-openapi';
import { audit } from '../audit.ts';
import { iso, RoleSchema } from '../auth/accounts.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { requireActor } from '../auth/middleware.ts';
import type { App, Role } from '../context.ts';
import { ApiError, errorResponses, notFoundResponse } from '../errors.ts';

const ApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: RoleSchema,
    prefix: z.string().openapi({ description: 'The first 8 characters, to tell keys apart' }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');
const CreatedApiKey = ApiKey.extend({
  key: z.string().openapi({ description: 'The key itself: shown this once, only its hash is kept' }),
}).openapi('CreatedApiKey');
const NewApiKey = z.object({ name: z.string().trim().min(1).max(100), role: RoleSchema });

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/api-keys',
  tags: ['API keys'],
  summary: 'List API keys (admin)',
  responses: {
    200: {
      description: 'Every key, newest first, revoked ones included',
      content: { 'application/json': { schema: z.object({ items: z.array(ApiKey) }) } },
    },
    ...errorResponses,
  },
});

const createKeyRoute = createRoute({
  method: 'post',
  path: '/api/v1/api-keys',
  tags: ['API keys'],
  summary: 'Create an API key; the response is the only time the key is shown (admin)',
  request: { body: { required: true, content: { 'application/json': { schema: NewApiKey } } } },
  responses: {
    201: { description: 'The new key', content: { 'application/json': { schema: CreatedApiKey } } },
    ...errorResponses,
  },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/api/v1/api-keys/{id}',
  tags: ['API keys'],
  summary: 'Revoke an API key (admin)',
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'Revoked (or already revoked)' }, ...errorResponses, ...notFoundResponse },
});

interface Row {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const orNull = (v: Date | string | null) => (v === null ? null : iso(v));

export function registerApiKeys(app: App): void {
  app.openapi(listRoute, async (c) => {
    requireActor(c, 'admin');
    const rows = await c
      .get('deps')
      .store.query<Row>(
        'SELECT id, name, role, prefix, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at DESC, id',
      );
    const items = rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      prefix: r.prefix,
      createdAt: iso(r.created_at),
      lastUsedAt: orNull(r.last_used_at),
      revokedAt: orNull(r.revoked_at),
    }));
    return c.json({ items }, 200);
  });

  app.openapi(createKeyRoute, async (c) => {
    const actor = requireActor(c, 'admin');
    const { store } = c.get('deps');
    const { name, role } = c.req.valid('json');
    const created = await store.transaction(async (tx) => {
      const k = await createApiKey(tx, { name, role, createdBy: actor.kind === 'session' ? actor.id : null });
      await audit(tx, actor, 'api_key.create', 'api_key', k.id, { name, role, prefix: k.prefix });
      return k;
    });
    return c.json({ ...created, name, role, lastUsedAt: null, revokedAt: null }, 201);
  });

  app.openapi(revokeRoute, async (c) => {
    const actor = requireActor(c, 'admin');
    const { store } = c.get('deps');
    const { id } = c.req.valid('param');
    await store.transaction(async (tx) => {
      const [key] = await tx.query<{ name: string; revoked: boolean }>(
        'SELECT name, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!key) throw new ApiError('not_found', `No API key ${id}.`);
      if (key.revoked) return;
      await tx.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [id]);
      await audit(tx, actor, 'api_key.revoke', 'api_key', id, { name: key.name });
    });
    return c.body(null, 204);
  });
}
