// GET /api/v1/apps: the Plugins page — live apps filtered, sorted and paged by keyset cursor — and one app's routes.
import { createRoute, z } from '@hono/zod-openapi';
import { listApps } from '../../store/queries/apps.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { registerAppDetail } from './app-detail.ts';
import { AppFilterQuery, appCursor, appFilter, readAppCursor, resolveOrder, SortQuery } from './app-query.ts';
import { AppListItem, appListItem } from './app-schemas.ts';
import { registerAppUsers } from './app-users.ts';
import { cursorParam, limitParam } from './list-params.ts';
import { viewer } from './viewer.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/apps',
  middleware: [viewer],
  tags: ['Apps'],
  summary: 'List apps (plugins) with access to the connected tenants',
  description:
    'Live apps only. Pages follow `nextCursor` (a keyset position, stable while the inventory changes); it is tied to the sort and order it came from.',
  request: { query: AppFilterQuery.extend({ ...SortQuery.shape, limit: limitParam, cursor: cursorParam }) },
  responses: {
    200: {
      description: 'A page of apps',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(AppListItem), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerApps(app: App): void {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const q = c.req.valid('query');
    const order = resolveOrder(q.sort, q.order);
    const after = q.cursor ? readAppCursor(q.cursor, q.sort, order) : null;
    const page = await listApps(deps.store, {
      filter: appFilter(q, deps),
      sort: q.sort,
      order,
      limit: q.limit,
      after,
    });
    return c.json(
      {
        items: page.items.map(appListItem),
        nextCursor: page.next ? appCursor(q.sort, order, page.next) : null,
      },
      200,
    );
  });
  registerAppDetail(app);
  registerAppUsers(app);
}
