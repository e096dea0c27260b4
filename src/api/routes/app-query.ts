// The app filters shared by GET /apps and the exports, the list's sorts, and the shape of its cursor.
import { z } from '@hono/zod-openapi';
import { AppKind, Category, RiskLevel } from '../../core/domain.ts';
import { DAY_MS } from '../../core/risk-usage.ts';
import {
  APP_SORTS,
  type AppFilter,
  type AppKey,
  type AppSort,
  type Order,
  SORTS,
} from '../../store/queries/apps.ts';
import type { ApiDeps } from '../context.ts';
import { ApiError } from '../errors.ts';
import { decodeCursor, encodeCursor, idString, integrationIdParam, multiEnum } from './list-params.ts';

export const AppFilterQuery = z.object({
  integrationId: integrationIdParam,
  kind: multiEnum(AppKind.options, 'Only these kinds of app.'),
  risk: multiEnum(RiskLevel.options, 'Only these risk levels.'),
  category: z
    .enum(Category.options)
    .optional()
    .openapi({ description: 'Only apps holding a scope of this category.' }),
  stale: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({
      description: 'true: apps last used at least GRANTSCOPE_STALE_DAYS ago, or never; false: the others.',
    }),
  minUsers: z.coerce.number().int().min(0).optional().openapi({ description: 'At least this many users.' }),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi({ description: 'Text in the name, publisher or key (case-insensitive).' }),
});
export type AppFilterQuery = z.infer<typeof AppFilterQuery>;

export const SortQuery = z.object({
  sort: z
    .enum(APP_SORTS)
    .default('risk')
    .openapi({ description: 'risk (default), name, users, lastUsed or firstSeen.' }),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .openapi({ description: 'Defaults to desc, except name (asc). Never-used apps count as the oldest.' }),
});

export function appFilter(q: AppFilterQuery, deps: Pick<ApiDeps, 'config' | 'platform'>): AppFilter {
  return {
    integrationId: q.integrationId,
    kinds: q.kind,
    risks: q.risk,
    category: q.category,
    stale: q.stale,
    staleCutoff: new Date(deps.platform.now() - deps.config.staleDays * DAY_MS).toISOString(),
    minUsers: q.minUsers,
    q: q.q || undefined,
  };
}

export function resolveOrder(sort: AppSort, order: Order | undefined): Order {
  return order ?? SORTS[sort].primary;
}

const VALUE: Record<(typeof SORTS)[AppSort]['cast'], z.ZodType<string>> = {
  int: z.string().regex(/^-?\d{1,9}$/),
  bigint: idString,
  text: z.string().max(2000),
  timestamptz: z.string().regex(/^-?\d{1,16}$/),
};

const AppCursor = z.object({
  s: z.enum(APP_SORTS),
  o: z.enum(['asc', 'desc']),
  v: z.string().nullable(),
  i: idString,
});

export function appCursor(sort: AppSort, order: Order, key: AppKey): string {
  return encodeCursor({ s: sort, o: order, v: key.value, i: key.id });
}

/** A cursor of this very sort and order, with a value of the sort's type. */
export function readAppCursor(raw: string, sort: AppSort, order: Order): AppKey {
  const c = decodeCursor(raw, AppCursor);
  const spec = SORTS[sort];
  const fits =
    c.s === sort && c.o === order && (c.v === null ? spec.nullable : VALUE[spec.cast].safeParse(c.v).success);
  if (!fits) {
    throw new ApiError(
      'validation_failed',
      'cursor: it belongs to another sort or order; start again without it.',
      { field: 'cursor' },
    );
  }
  return { value: c.v, id: c.i };
}
