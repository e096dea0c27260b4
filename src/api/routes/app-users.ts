// GET /api/v1/apps/{id}/users: the users holding a live grant of one app, one line per user (their grants merged),
// most recently used first, searched and paged by keyset cursor in SQL: an app can have tens of thousands of users.
import { createRoute, z } from '@hono/zod-openapi';
import { getApp } from '../../store/queries/app-detail.ts';
import { appUsersPage } from '../../store/queries/app-users.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses, notFoundResponse } from '../errors.ts';
import { AppIdParams } from './app-detail.ts';
import { AppUsersPage } from './app-schemas.ts';
import { cursorParam, decodeCursor, encodeCursor, limitParam } from './list-params.ts';
import { viewer } from './viewer.ts';

const AppUserCursor = z.object({
  // The last line's latest use in epoch microseconds (exact, unlike a Date), null when never used.
  v: z
    .string()
    .regex(/^-?\d{1,16}$/)
    .nullable(),
  // Its user's SaaS id ('' for the grants tied to no user); decodeCursor refuses text PostgreSQL cannot store.
  u: z.string().max(500),
});

const route = createRoute({
  method: 'get',
  path: '/api/v1/apps/{id}/users',
  middleware: [viewer],
  tags: ['Apps'],
  summary: "The app's users, one line per user with their grants merged, most recently used first",
  description:
    'Never-used lines come last; ties by SaaS user id. Grants tied to no user form one line with a null `id`. Pages follow `nextCursor`.',
  request: {
    params: AppIdParams,
    query: z.object({
      q: z
        .string()
        .trim()
        .max(200)
        .optional()
        .openapi({ description: 'Text in the name, email or SaaS user id (case-insensitive).' }),
      limit: limitParam,
      cursor: cursorParam,
    }),
  },
  responses: {
    200: { description: 'A page of users', content: { 'application/json': { schema: AppUsersPage } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

export function registerAppUsers(app: App): void {
  app.openapi(route, async (c) => {
    const { store, platform, config } = c.get('deps');
    const q = c.req.valid('query');
    const cursor = q.cursor ? decodeCursor(q.cursor, AppUserCursor) : null;
    const clock = { now: platform.now(), staleDays: config.staleDays };
    const page = await store.snapshot(async (tx) => {
      const found = await getApp(tx, c.req.valid('param').id);
      if (!found) return null;
      return appUsersPage(
        tx,
        found,
        { q: q.q || undefined, limit: q.limit, after: cursor && { lastUsed: cursor.v, user: cursor.u } },
        clock,
      );
    });
    if (!page) throw new ApiError('not_found', 'No live app has this id; it may have been removed.');
    return c.json(
      {
        items: page.items,
        total: page.total,
        nextCursor: page.next && encodeCursor({ v: page.next.lastUsed, u: page.next.user }),
      },
      200,
    );
  });
}
