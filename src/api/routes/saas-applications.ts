// GET /api/v1/saas-applications: the connectors this server offers, their capabilities and credential kinds with
// field definitions (so the UI renders the New Integration form from data), and tenants already connected.
import { createRoute, z } from '@hono/zod-openapi';
import { CONNECTORS } from '../../connectors/registry.ts';
import { requireActor } from '../auth/middleware.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';

const Field = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['url', 'email', 'text', 'secret']),
  required: z.boolean(),
  help: z.string(),
});
const SaasApplication = z
  .object({
    id: z.string(),
    name: z.string(),
    capabilities: z.array(z.object({ id: z.string(), name: z.string() })),
    credentialKinds: z.array(
      z.object({
        kind: z.string(),
        label: z.string(),
        description: z.string(),
        enterable: z.boolean(),
        fields: z.array(Field),
        notice: z.object({ code: z.string(), message: z.string() }).optional(),
      }),
    ),
    connectedTenants: z.array(
      z.object({
        tenantUrl: z.string(),
        credentialKind: z.string(),
        integrations: z.array(z.object({ id: z.string(), capabilities: z.array(z.string()) })),
      }),
    ),
  })
  .openapi('SaasApplication');

const CAPABILITY_NAMES: Record<string, string> = { third_party_apps: 'Third Party Apps' };

const route = createRoute({
  method: 'get',
  path: '/api/v1/saas-applications',
  tags: ['Integrations'],
  summary: 'Connectors, capabilities and credential forms',
  responses: {
    200: {
      description: 'The SaaS applications this server can connect',
      content: { 'application/json': { schema: z.object({ items: z.array(SaasApplication) }) } },
    },
    ...errorResponses,
  },
});

export function registerSaasApplications(app: App): void {
  app.openapi(route, async (c) => {
    requireActor(c, 'viewer');
    const { store } = c.get('deps');
    const tenants = await store.query<{
      saas: string;
      tenant_url: string;
      kind: string;
      integrations: { id: string; capabilities: string[] }[];
    }>(
      `SELECT c.saas, c.tenant_url, c.kind, COALESCE(json_agg(json_build_object('id', i.id, 'capabilities', i.capabilities)) FILTER (WHERE i.id IS NOT NULL), '[]') AS integrations
       FROM credentials c LEFT JOIN integrations i ON i.credential_id = c.id GROUP BY c.id ORDER BY c.tenant_url`,
    );
    const items = Object.values(CONNECTORS).map((conn) => ({
      id: conn.id,
      name: conn.name,
      capabilities: conn.capabilities.map((id) => ({ id, name: CAPABILITY_NAMES[id] ?? id })),
      credentialKinds: conn.credentialKinds.map((k) => ({
        ...k,
        fields: k.fields.map((f) => ({ ...f })),
        ...(k.notice && { notice: { code: k.notice.code, message: k.notice.message } }),
      })),
      connectedTenants: tenants
        .filter((t) => t.saas === conn.id)
        .map((t) => ({ tenantUrl: t.tenant_url, credentialKind: t.kind, integrations: t.integrations })),
    }));
    return c.json({ items }, 200);
  });
}
