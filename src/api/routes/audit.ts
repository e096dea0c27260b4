// GET /api/v1/audit (admins only): the audit trail, newest first, in pages keyed on the entry id.
import { createRoute, z } from '@hono/zod-openapi';
import { iso } from '../auth/accounts.ts';
import { requireActor } from '../auth/middleware.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';

const Cursor = z.string().regex(/^\d{1,18}$/, 'a cursor from nextCursor');

const AuditEntry = z
  .object({
    id: z.string(),
    actor: z.object({
      id: z
        .string()
        .nullable()
        .openapi({ description: 'The account, for sessions; null for API keys and the CLI' }),
      label: z.string(),
    }),
    action: z.string().openapi({ example: 'account.create' }),
    targetType: z.string(),
    targetId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');

const route = createRoute({
  method: 'get',
  path: '/api/v1/audit',
  tags: ['Audit'],
  summary: 'The audit trail, newest first (admin)',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: Cursor.optional().openapi({ description: 'nextCursor of the previous page' }),
    }),
  },
  responses: {
    200: {
      description: 'One page; nextCursor is null on the last',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(AuditEntry), nextCursor: Cursor.nullable() }),
        },
      },
    },
    ...errorResponses,
  },
});

interface Row {
  id: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  created_at: Date | string;
}

export function registerAudit(app: App): void {
  app.openapi(route, async (c) => {
    requireActor(c, 'admin');
    const { limit, before } = c.req.valid('query');
    // One row more than asked tells whether another page exists.
    const rows = await c.get('deps').store.query<Row>(
      `SELECT id::text AS id, actor_id, actor_label, action, target_type, target_id, details, created_at
       FROM audit_trail WHERE ($1::bigint IS NULL OR id < $1::bigint) ORDER BY id DESC LIMIT $2`,
      [before ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const items = page.map((r) => ({
      id: r.id,
      actor: { id: r.actor_id, label: r.actor_label },
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
      createdAt: iso(r.created_at),
    }));
    return c.json({ items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null }, 200);
  });
}
