// GET /api/v1/users and /api/v1/users/{id}: the SaaS users who granted apps, riskiest first, and one user's apps.
// A user's id is `${integrationId}:${saasId}` (URL-encode it in the path): SaaS ids are unique per tenant only.
import { createRoute, z } from '@hono/zod-openapi';
import { AppKind } from '../../core/domain.ts';
import { getUser, listUsers, parseUserRef } from '../../store/queries/saas-users.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses, notFoundResponse } from '../errors.ts';
import { MergedGrantOut, RiskOut } from './app-schemas.ts';
import { cursorParam, decodeCursor, encodeCursor, integrationIdParam, limitParam } from './list-params.ts';
import { viewer } from './viewer.ts';

const SaasUserOut = z
  .object({
    id: z.string().openapi({ example: '0b7c…-…:10000001', description: 'integrationId:saasId' }),
    integrationId: z.string(),
    saasId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: z.string().nullable(),
    active: z.boolean().nullable(),
    suspended: z.boolean().nullable(),
    appCount: z.number().int(),
    highestRisk: RiskOut.nullable(),
  })
  .openapi('SaasUser');

const UserAppOut = MergedGrantOut.extend({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  kind: AppKind,
  risk: RiskOut,
}).openapi('UserApp');

const UserCursor = z.object({
  s: z.number().int().min(-1).max(1000),
  c: z.number().int().min(0),
  i: z.string().uuid(),
  u: z.string().max(500),
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/users',
  middleware: [viewer],
  tags: ['Users'],
  summary: 'SaaS users who granted apps, by the riskiest app each authorized, then by app count',
  request: {
    query: z.object({
      integrationId: integrationIdParam,
      q: z
        .string()
        .trim()
        .max(200)
        .optional()
        .openapi({ description: 'Text in the name or email, or the SaaS id.' }),
      limit: limitParam,
      cursor: cursorParam,
    }),
  },
  responses: {
    200: {
      description: 'A page of users',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(SaasUserOut), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses,
  },
});

const one = createRoute({
  method: 'get',
  path: '/api/v1/users/{id}',
  middleware: [viewer],
  tags: ['Users'],
  summary: 'One SaaS user and the apps they authorized (several grants of one app merged)',
  request: {
    params: z.object({
      id: z
        .string()
        .max(600)
        .openapi({ param: { name: 'id', in: 'path' }, description: 'integrationId:saasId' }),
    }),
  },
  responses: {
    200: {
      description: 'The user',
      content: { 'application/json': { schema: SaasUserOut.extend({ apps: z.array(UserAppOut) }) } },
    },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export function registerUsers(app: App): void {
  app.openapi(list, async (c) => {
    const { store } = c.get('deps');
    const q = c.req.valid('query');
    const cursor = q.cursor ? decodeCursor(q.cursor, UserCursor) : null;
    const page = await listUsers(store, {
      integrationId: q.integrationId,
      q: q.q || undefined,
      limit: q.limit,
      after: cursor && { score: cursor.s, apps: cursor.c, integrationId: cursor.i, saasId: cursor.u },
    });
    const n = page.next;
    return c.json(
      {
        items: page.items,
        nextCursor: n && encodeCursor({ s: n.score, c: n.apps, i: n.integrationId, u: n.saasId }),
      },
      200,
    );
  });

  app.openapi(one, async (c) => {
    const { store, platform, config } = c.get('deps');
    const ref = parseUserRef(c.req.valid('param').id);
    const found =
      ref &&
      (await store.snapshot((tx) => getUser(tx, ref, { now: platform.now(), staleDays: config.staleDays })));
    if (!found) throw new ApiError('not_found', 'No SaaS user has this id (`integrationId:saasId`).');
    return c.json({ ...found.user, apps: found.apps }, 200);
  });
}
