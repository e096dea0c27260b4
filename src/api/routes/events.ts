// GET /api/v1/events: what changed between syncs (apps added or removed, scopes, grants, risk), newest first.
import { createRoute, z } from '@hono/zod-openapi';
import { EVENT_TYPES, listEvents } from '../../store/queries/events.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { EventOut } from './app-schemas.ts';
import {
  cursorParam,
  decodeCursor,
  encodeCursor,
  idString,
  integrationIdParam,
  isoParam,
  limitParam,
  multiEnum,
} from './list-params.ts';
import { viewer } from './viewer.ts';

const EventCursor = z.object({ i: idString });

const route = createRoute({
  method: 'get',
  path: '/api/v1/events',
  middleware: [viewer],
  tags: ['Events'],
  summary: 'Change events, newest first',
  request: {
    query: z.object({
      integrationId: integrationIdParam,
      type: multiEnum(EVENT_TYPES, 'Only these types.'),
      appKey: z.string().max(300).optional().openapi({ description: "Only this app's events (its key)." }),
      since: isoParam.optional().openapi({ description: 'Only events at or after this instant (ISO 8601).' }),
      limit: limitParam,
      cursor: cursorParam,
    }),
  },
  responses: {
    200: {
      description: 'A page of events',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(EventOut), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerEvents(app: App): void {
  app.openapi(route, async (c) => {
    const { store } = c.get('deps');
    const q = c.req.valid('query');
    const page = await listEvents(store, {
      filter: { integrationId: q.integrationId, types: q.type, appKey: q.appKey, since: q.since },
      limit: q.limit,
      beforeId: q.cursor ? decodeCursor(q.cursor, EventCursor).i : null,
    });
    return c.json({ items: page.items, nextCursor: page.next && encodeCursor({ i: page.next }) }, 200);
  });
}
