// GET /api/v1/summary: the dashboard — live apps by risk, kind and category, totals, new apps, stale grants, and
// each integration's status and last sync.
import { createRoute, z } from '@hono/zod-openapi';
import { AppKind, Category, RiskLevel } from '../../core/domain.ts';
import { DAY_MS } from '../../core/risk-usage.ts';
import { getSummary } from '../../store/queries/summary.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { RiskOut } from './app-schemas.ts';
import { integrationIdParam } from './list-params.ts';
import { viewer } from './viewer.ts';

const STATUS = z.enum(['connected', 'syncing', 'warning', 'failure', 'disabled']);
const counts = <T extends z.ZodEnum>(keys: T) => z.record(keys, z.number().int());

const SummaryOut = z
  .object({
    apps: z.object({
      total: z.number().int(),
      byRisk: counts(RiskLevel),
      byKind: counts(AppKind),
      byCategory: counts(Category).openapi({
        description: 'Apps holding at least one scope of each category.',
      }),
    }),
    grants: z.number().int(),
    users: z.number().int(),
    staleGrants: z.number().int().openapi({
      description: 'Grants unused for GRANTSCOPE_STALE_DAYS or more (never-used ones once that old).',
    }),
    newAppsLast7Days: z.object({
      count: z.number().int(),
      items: z.array(
        z.object({ id: z.string(), name: z.string(), kind: AppKind, risk: RiskOut, firstSeenAt: z.string() }),
      ),
    }),
    integrations: z.object({
      byStatus: counts(STATUS),
      lastSync: z.array(
        z.object({
          integrationId: z.string(),
          name: z.string(),
          saas: z.string(),
          tenantUrl: z.string(),
          status: STATUS,
          lastSyncAt: z.string().nullable(),
          lastRun: z
            .object({
              id: z.string(),
              status: z.string(),
              queuedAt: z.string(),
              finishedAt: z.string().nullable(),
              error: z.object({ code: z.string(), message: z.string() }).nullable(),
            })
            .nullable(),
        }),
      ),
    }),
  })
  .openapi('Summary');

const route = createRoute({
  method: 'get',
  path: '/api/v1/summary',
  middleware: [viewer],
  tags: ['Summary'],
  summary: 'Dashboard numbers',
  request: { query: z.object({ integrationId: integrationIdParam }) },
  responses: {
    200: { description: 'The summary', content: { 'application/json': { schema: SummaryOut } } },
    ...errorResponses,
  },
});

export function registerSummary(app: App): void {
  app.openapi(route, async (c) => {
    const { store, platform, config } = c.get('deps');
    const now = platform.now();
    const summary = await store.snapshot((tx) =>
      getSummary(tx, {
        integrationId: c.req.valid('query').integrationId,
        staleCutoff: new Date(now - config.staleDays * DAY_MS).toISOString(),
        newSince: new Date(now - 7 * DAY_MS).toISOString(),
      }),
    );
    return c.json(summary, 200);
  });
}
