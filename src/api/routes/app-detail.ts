// GET /api/v1/apps/{id}: one live app with its scopes grouped by category, its risk explained, how many users granted
// it and how many of them are stale (the users themselves are paged by app-users.ts), and its latest change events.
import { createRoute, z } from '@hono/zod-openapi';
import { connectorFor } from '../../connectors/registry.ts';
import { CATEGORIES } from '../../core/categories.ts';
import type { Category, RiskLevel, ScopeInfo } from '../../core/domain.ts';
import { maxRiskLevel, riskRank } from '../../core/risk-levels.ts';
import { getApp } from '../../store/queries/app-detail.ts';
import { appUserCounts } from '../../store/queries/app-users.ts';
import { appEvents } from '../../store/queries/events.ts';
import type { App } from '../context.ts';
import { ApiError, errorResponses, notFoundResponse } from '../errors.ts';
import { AppDetail, appListItem, type ScopeGroupOut } from './app-schemas.ts';
import { viewer } from './viewer.ts';

const EVENTS = 50;

/** The app's id in the path, shared with its users' list. */
export const AppIdParams = z.object({
  id: z
    .string()
    .max(40)
    .openapi({ param: { name: 'id', in: 'path' }, example: '42' }),
});

const route = createRoute({
  method: 'get',
  path: '/api/v1/apps/{id}',
  middleware: [viewer],
  tags: ['Apps'],
  summary:
    'One app: scopes by category, risk reasons, how many users granted it (and are stale), recent changes',
  request: { params: AppIdParams },
  responses: {
    200: { description: 'The app', content: { 'application/json': { schema: AppDetail } } },
    ...errorResponses,
    ...notFoundResponse,
  },
});

/** Categories riskiest first (catalog order between equals); scopes riskiest first, then by name. */
export function groupScopes(
  scopes: readonly string[],
  lookup: (scope: string) => ScopeInfo,
): z.infer<typeof ScopeGroupOut>[] {
  const groups = new Map<Category, ScopeInfo[]>();
  for (const scope of scopes) {
    const info = lookup(scope);
    groups.set(info.category, [...(groups.get(info.category) ?? []), info]);
  }
  const catalogOrder = (c: Category) => CATEGORIES.findIndex((x) => x.category === c);
  return [...groups]
    .map(([category, infos]) => ({
      category,
      risk: maxRiskLevel(infos.map((i) => i.risk)) as RiskLevel,
      scopes: infos
        .sort((a, b) => riskRank(b.risk) - riskRank(a.risk) || (a.scope < b.scope ? -1 : 1))
        .map((i) => ({ scope: i.scope, risk: i.risk, description: i.description, docsUrl: i.docsUrl })),
    }))
    .sort(
      (a, b) => riskRank(b.risk) - riskRank(a.risk) || catalogOrder(a.category) - catalogOrder(b.category),
    );
}

// A connector removed from this build still leaves its apps readable; its scopes are then simply unknown.
const unknownScope = (scope: string): ScopeInfo => ({
  scope,
  category: 'Unknown',
  risk: 'high',
  description: 'Not in the catalog of any connector of this server.',
  docsUrl: '',
});

export function registerAppDetail(app: App): void {
  app.openapi(route, async (c) => {
    const { store, platform, config } = c.get('deps');
    const clock = { now: platform.now(), staleDays: config.staleDays };
    // One snapshot: a sync committing meanwhile cannot make the app's grant count disagree with its user counts.
    const read = await store.snapshot(async (tx) => {
      const app = await getApp(tx, c.req.valid('param').id);
      if (!app) return null;
      const [counts, events] = await Promise.all([appUserCounts(tx, app, clock), appEvents(tx, app, EVENTS)]);
      return { found: app, counts, events };
    });
    if (!read) throw new ApiError('not_found', 'No live app has this id; it may have been removed.');
    const { found, counts, events } = read;
    const lookup = connectorFor(found.integration.saas)?.lookupScope ?? unknownScope;
    return c.json(
      {
        ...appListItem(found),
        description: found.description,
        destinationHost: found.destinationHost,
        saasId: found.saasId,
        enabled: found.enabled,
        createdAt: found.createdAt,
        grantCount: found.grantCount,
        userCount: counts.userCount,
        staleUserCount: counts.staleUserCount,
        risk: {
          level: found.riskLevel,
          score: found.riskScore,
          reasons: found.riskReasons,
          model: found.riskModel,
        },
        scopes: groupScopes(found.scopes, lookup),
        integration: found.integration,
        events,
      },
      200,
    );
  });
}
