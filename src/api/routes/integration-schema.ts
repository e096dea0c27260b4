// The Integration and Run shapes of the API: what a client sees of an integration (never its secrets).
import { z } from '@hono/zod-openapi';
import type { Integration } from '../../store/queries/integrations.ts';
import type { SyncRun } from '../../store/queries/runs.ts';

export const IntegrationOut = z
  .object({
    id: z.string().uuid(),
    saas: z.string(),
    tenantUrl: z.string(),
    name: z.string(),
    capabilities: z.array(z.string()),
    status: z.enum(['connected', 'syncing', 'warning', 'failure', 'disabled']),
    statusReason: z.object({ code: z.string(), message: z.string() }).nullable(),
    enabled: z.boolean(),
    scheduleMinutes: z.number().int(),
    lastSyncAt: z.string().nullable(),
    nextSyncAt: z.string().nullable(),
    createdAt: z.string(),
    credential: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'The credential without any secret: kind, tenant, identifiers, notices.' }),
  })
  .openapi('Integration');

export const RunOut = z
  .object({
    id: z.string().uuid(),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    trigger: z.string(),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
    stats: z
      .object({
        apps: z.number(),
        grants: z.number(),
        users: z.number(),
        apiCalls: z.number(),
        retries: z.number(),
        rateLimitWaits: z.number(),
        rateLimitWaitMs: z.number(),
      })
      .nullable(),
    warnings: z.array(z.object({ code: z.string(), message: z.string() })),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .openapi('SyncRun');

export function integrationOut(i: Integration, sanitized: unknown): z.infer<typeof IntegrationOut> {
  return {
    id: i.id,
    saas: i.saas,
    tenantUrl: i.tenantUrl,
    name: i.name,
    capabilities: i.capabilities,
    status: i.status,
    statusReason: i.statusCode ? { code: i.statusCode, message: i.statusMessage ?? '' } : null,
    enabled: i.enabled,
    scheduleMinutes: i.scheduleMinutes,
    lastSyncAt: i.lastSyncAt,
    nextSyncAt: i.nextSyncAt,
    createdAt: i.createdAt,
    credential: (sanitized as Record<string, unknown> | null) ?? null,
  };
}

export function runOut(r: SyncRun): z.infer<typeof RunOut> {
  const { integrationId: _, ...rest } = r;
  return rest;
}
