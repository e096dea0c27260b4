// Response shapes of the inventory routes (apps, users, events), shared so a thing looks the same everywhere.
import { z } from '@hono/zod-openapi';
import { AppKind, Category, RiskLevel, RiskReason } from '../../core/domain.ts';
import type { AppRow } from '../../store/queries/apps.ts';
import { EVENT_TYPES } from '../../store/queries/events.ts';

export const RiskOut = z.object({ level: RiskLevel, score: z.number().int() });

export const AppListItem = z
  .object({
    id: z.string().openapi({ example: '42' }),
    key: z.string().openapi({ example: 'oauth_client:5001' }),
    kind: AppKind,
    name: z.string(),
    publisher: z.string().nullable(),
    risk: RiskOut,
    userCount: z.number().int(),
    categories: z.array(Category),
    lastUsedAt: z.string().nullable(),
    firstSeenAt: z.string(),
    integrationId: z.string(),
  })
  .openapi('AppListItem');

export function appListItem(a: AppRow): z.infer<typeof AppListItem> {
  return {
    id: a.id,
    key: a.key,
    kind: a.kind,
    name: a.name,
    publisher: a.publisher,
    risk: { level: a.riskLevel, score: a.riskScore },
    userCount: a.userCount,
    categories: a.categories,
    lastUsedAt: a.lastUsedAt,
    firstSeenAt: a.firstSeenAt,
    integrationId: a.integrationId,
  };
}

/** One holder's grants of one app, merged. */
export const MergedGrantOut = z.object({
  scopes: z.array(z.string()),
  grantedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z
    .string()
    .nullable()
    .openapi({ description: 'Null when any of the merged grants never expires.' }),
  grantIds: z
    .array(z.string())
    .openapi({ description: "The SaaS's ids of the merged grants, to revoke them there." }),
  stale: z.boolean(),
});

export const AppUserOut = MergedGrantOut.extend({
  id: z.string().nullable().openapi({ description: 'The user id of GET /api/v1/users/{id}.' }),
  saasId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  role: z.string().nullable(),
}).openapi('AppUser');

export const EventOut = z
  .object({
    id: z.string(),
    type: z.enum(EVENT_TYPES),
    integrationId: z.string(),
    appKey: z.string(),
    appName: z.string(),
    appId: z.string().nullable(),
    subject: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    runId: z.string(),
    createdAt: z.string(),
  })
  .openapi('ChangeEvent');

export const ScopeGroupOut = z.object({
  category: Category,
  risk: z.enum(RiskLevel.options).openapi({ description: "The highest risk among the category's scopes." }),
  scopes: z.array(
    z.object({ scope: z.string(), risk: RiskLevel, description: z.string(), docsUrl: z.string() }),
  ),
});

export const AppDetail = AppListItem.extend({
  description: z.string().nullable(),
  destinationHost: z.string().nullable(),
  saasId: z.string(),
  enabled: z.boolean().nullable(),
  createdAt: z.string().nullable().openapi({ description: 'When the SaaS says the app was created.' }),
  grantCount: z.number().int(),
  risk: RiskOut.extend({ reasons: z.array(RiskReason), model: z.string() }),
  scopes: z.array(ScopeGroupOut),
  userCount: z.number().int().openapi({
    description:
      'Users holding a live grant of the app (GET /api/v1/apps/{id}/users lists them; its `total` also counts the one line of grants tied to no user).',
  }),
  staleUserCount: z.number().int().openapi({
    description:
      'Of those, the users whose merged grants are stale: last used GRANTSCOPE_STALE_DAYS ago or more, or never used and granted that long ago.',
  }),
  integration: z.object({ id: z.string(), name: z.string(), saas: z.string(), tenantUrl: z.string() }),
  events: z.array(EventOut),
}).openapi('AppDetail');

export const AppUsersPage = z
  .object({
    items: z.array(AppUserOut),
    total: z.number().int().openapi({ description: 'Lines matching `q`, on every page.' }),
    nextCursor: z.string().nullable(),
  })
  .openapi('AppUsersPage');
