// Integrations: list, create (verify first, then save and queue the first sync), read, change, delete, sync now,
// and the history of runs. Credentials are write-only: no response ever contains a secret.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { connectorFor } from '../../connectors/registry.ts';
import { createIntegration, serviceDeps } from '../../services/integrations.ts';
import { saveCredential } from '../../store/queries/credentials.ts';
import {
  deleteIntegration,
  getIntegration,
  type Integration,
  listIntegrations,
  updateIntegration,
} from '../../store/queries/integrations.ts';
import { listRuns } from '../../store/queries/runs.ts';
import { audit } from '../audit.ts';
import { requireActor } from '../auth/middleware.ts';
import type { App, AppEnv } from '../context.ts';
import { ApiError, ErrorBody, errorResponses, notFoundResponse } from '../errors.ts';
import { IntegrationOut, integrationOut, RunOut, runOut } from './integration-schema.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const Id = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const CreateBody = z
  .object({
    saas: z.string().min(1).max(50),
    capabilities: z.array(z.string().max(50)).min(1).max(10),
    credential: z.record(z.string(), z.unknown()).optional().openapi({
      description:
        'e.g. { kind: "api_token", tenantUrl, adminEmail, apiToken } or { kind: "oauth_client_credentials", tenantUrl, clientId, clientSecret }. Omit it (and give tenantUrl) to reuse the credential of a tenant already connected.',
    }),
    tenantUrl: z.string().max(2048).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    scheduleMinutes: z.number().int().min(5).max(10_080).optional(),
  })
  .openapi('IntegrationCreate');
const PatchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
    scheduleMinutes: z.number().int().min(5).max(10_080).optional(),
    credential: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'A replacement credential; verified before it is saved.' }),
  })
  .openapi('IntegrationPatch');
const Unprocessable = {
  422: json(
    ErrorBody,
    'The connector refused the credential: `reason` carries its code, `field` the form field',
  ),
};

async function present(c: Context<AppEnv>, i: Integration) {
  const cred = await c
    .get('deps')
    .store.query<{ sanitized: unknown }>('SELECT sanitized FROM credentials WHERE id = $1', [i.credentialId]);
  return integrationOut(i, cred[0]?.sanitized ?? null);
}

async function found(c: Context<AppEnv>, id: string): Promise<Integration> {
  const i = await getIntegration(c.get('deps').store, id);
  if (!i) throw new ApiError('not_found', 'There is no integration with this id.');
  return i;
}

function queueOf(c: Context<AppEnv>) {
  const queue = c.get('deps').queue;
  if (!queue) throw new ApiError('unavailable', 'The job queue is not running on this server.');
  return queue;
}

export function registerIntegrations(app: App): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/integrations',
      tags: ['Integrations'],
      summary: 'List integrations',
      responses: {
        200: json(z.object({ items: z.array(IntegrationOut) }), 'Integrations'),
        ...errorResponses,
      },
    }),
    async (c) => {
      requireActor(c, 'viewer');
      const items = await Promise.all(
        (await listIntegrations(c.get('deps').store)).map((i) => present(c, i)),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/integrations',
      tags: ['Integrations'],
      summary: 'Connect a tenant: verify the credential, save it encrypted, queue the first sync',
      request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
      responses: {
        201: json(
          z.object({
            integration: IntegrationOut,
            runId: z.string().nullable(),
            reusedCredential: z.boolean(),
            warnings: z.array(z.object({ code: z.string(), message: z.string() })),
          }),
          'Connected; the first sync is queued',
        ),
        ...errorResponses,
        409: json(ErrorBody, 'Already connected'),
        ...Unprocessable,
      },
    }),
    async (c) => {
      const actor = requireActor(c, 'admin');
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const result = await createIntegration(serviceDeps(deps), {
        saas: body.saas,
        capabilities: body.capabilities,
        ...(body.credential && { credential: body.credential }),
        ...(body.tenantUrl && { tenantUrl: body.tenantUrl }),
        ...(body.name && { name: body.name }),
        ...(body.scheduleMinutes && { scheduleMinutes: body.scheduleMinutes }),
      });
      if (!result.ok) {
        const f = result.problem.field;
        const field = f && !['saas', 'capabilities', 'credential'].includes(f) ? `credential.${f}` : f;
        throw new ApiError(
          result.status === 409 ? 'conflict' : result.status === 404 ? 'not_found' : 'unprocessable',
          result.problem.message,
          { reason: result.problem.code, ...(field && { field }) },
        );
      }
      await audit(deps.store, actor, 'integration.create', 'integration', result.integration.id, {
        saas: body.saas,
        tenantUrl: result.integration.tenantUrl,
        reusedCredential: result.reusedCredential,
      });
      return c.json(
        {
          integration: await present(c, result.integration),
          runId: result.runId,
          reusedCredential: result.reusedCredential,
          warnings: result.account.warnings,
        },
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/integrations/{id}',
      tags: ['Integrations'],
      summary: 'One integration',
      request: { params: Id },
      responses: { 200: json(IntegrationOut, 'The integration'), ...errorResponses, ...notFoundResponse },
    }),
    async (c) => {
      requireActor(c, 'viewer');
      return c.json(await present(c, await found(c, c.req.valid('param').id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/integrations/{id}',
      tags: ['Integrations'],
      summary: 'Rename, enable or disable, reschedule, or replace the credential',
      request: {
        params: Id,
        body: { content: { 'application/json': { schema: PatchBody } }, required: true },
      },
      responses: {
        200: json(IntegrationOut, 'Updated'),
        ...errorResponses,
        ...notFoundResponse,
        ...Unprocessable,
      },
    }),
    async (c) => {
      const actor = requireActor(c, 'admin');
      const deps = c.get('deps');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const current = await found(c, id);
      if (body.credential) {
        const connector = connectorFor(current.saas);
        const parsed = connector?.parseCredential({ ...body.credential, tenantUrl: current.tenantUrl });
        if (!connector || !parsed) throw new ApiError('unprocessable', `No connector for ${current.saas}.`);
        if (!parsed.ok)
          throw new ApiError('unprocessable', parsed.problem.message, {
            reason: parsed.problem.code,
            field: `credential.${parsed.problem.field ?? ''}`,
          });
        const verified = await connector
          .createSession(parsed.credential, {
            platform: deps.platform,
            allowedHosts: deps.config.allowedHosts,
          })
          .verify();
        if (!verified.ok)
          throw new ApiError('unprocessable', verified.problem.message, {
            reason: verified.problem.code,
            ...(verified.problem.field && { field: `credential.${verified.problem.field}` }),
          });
        await deps.store.transaction(async (tx) => {
          await saveCredential(deps.store, tx, {
            saas: current.saas,
            tenantUrl: current.tenantUrl,
            kind: String((parsed.credential as { kind: string }).kind),
            sanitized: connector.sanitize(parsed.credential),
            plain: connector.reveal(parsed.credential),
          });
        });
        await deps.store.query(
          "UPDATE integrations SET status = 'connected', status_code = NULL, status_message = NULL WHERE credential_id = (SELECT id FROM credentials WHERE saas = $1 AND tenant_url = $2)",
          [current.saas, current.tenantUrl],
        );
      }
      const updated = await updateIntegration(deps.store, id, {
        ...(body.name && { name: body.name }),
        ...(body.enabled !== undefined && { enabled: body.enabled }),
        ...(body.scheduleMinutes && { scheduleMinutes: body.scheduleMinutes }),
      });
      if (!updated) throw new ApiError('not_found', 'There is no integration with this id.');
      await audit(deps.store, actor, 'integration.update', 'integration', id, {
        fields: Object.keys(body),
        credentialReplaced: Boolean(body.credential),
      });
      return c.json(await present(c, updated), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/integrations/{id}',
      tags: ['Integrations'],
      summary:
        'Delete an integration, its inventory, and (with its last integration) the tenant’s credential',
      request: { params: Id },
      responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFoundResponse },
    }),
    async (c) => {
      const actor = requireActor(c, 'admin');
      const { id } = c.req.valid('param');
      const deps = c.get('deps');
      const current = await found(c, id);
      await deleteIntegration(deps.store, id);
      await audit(deps.store, actor, 'integration.delete', 'integration', id, {
        tenantUrl: current.tenantUrl,
      });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/integrations/{id}/sync',
      tags: ['Integrations'],
      summary: 'Sync now',
      request: { params: Id },
      responses: {
        202: json(
          z.object({
            runId: z.string(),
            queued: z.boolean().openapi({
              description: 'false when a sync was already waiting: that one serves this request',
            }),
          }),
          'Queued',
        ),
        ...errorResponses,
        ...notFoundResponse,
        409: json(ErrorBody, 'The integration is disabled'),
      },
    }),
    async (c) => {
      const actor = requireActor(c, 'admin');
      const { id } = c.req.valid('param');
      const integration = await found(c, id);
      if (!integration.enabled)
        throw new ApiError('conflict', 'This integration is disabled; enable it before syncing.');
      const run = await queueOf(c).enqueue(id, 'manual');
      await audit(c.get('deps').store, actor, 'integration.sync', 'integration', id, { runId: run.runId });
      return c.json(run, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/integrations/{id}/runs',
      tags: ['Integrations'],
      summary: 'Sync runs, newest first',
      request: {
        params: Id,
        query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
      responses: {
        200: json(z.object({ items: z.array(RunOut) }), 'Runs'),
        ...errorResponses,
        ...notFoundResponse,
      },
    }),
    async (c) => {
      requireActor(c, 'viewer');
      const { id } = c.req.valid('param');
      await found(c, id);
      const runs = await listRuns(c.get('deps').store, id, c.req.valid('query').limit);
      return c.json({ items: runs.map(runOut) }, 200);
    },
  );
}
