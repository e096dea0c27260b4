// "Connect with Zendesk": start (authorize URL with PKCE and a single-use state, the flow kept encrypted for 10
// minutes) and the callback (code exchanged, credential verified and saved, integration created, browser sent back).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ConnectorError } from '../../connectors/errors.ts';
import { connectorFor } from '../../connectors/registry.ts';
import { normalizeTenantUrl } from '../../connectors/zendesk/tenant-url.ts';
import { createIntegration, serviceDeps } from '../../services/integrations.ts';
import { audit } from '../audit.ts';
import { requireActor } from '../auth/middleware.ts';
import { sha256 } from '../auth/secrets.ts';
import type { App, AppEnv } from '../context.ts';
import { ApiError, ErrorBody, errorResponses } from '../errors.ts';

const FLOW_TTL_MINUTES = 10;

const StartBody = z
  .object({
    saas: z.string().default('zendesk'),
    tenantUrl: z.string().min(1).max(2048),
    clientId: z.string().trim().min(1).max(255),
    clientSecret: z.string().min(1).max(4096).optional(),
    capabilities: z.array(z.string()).min(1).max(10).default(['third_party_apps']),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .openapi('OAuthStart');

interface Flow {
  saas: string;
  tenantUrl: string;
  clientId: string;
  clientSecret: string | null;
  verifier: string;
  redirectUri: string;
  capabilities: string[];
  name: string | null;
  actorLabel: string;
}

function callbackUrl(c: Context<AppEnv>): string {
  const configured = c.get('deps').publicUrl;
  return `${configured ?? new URL(c.req.url).origin}/oauth/callback`;
}

export function registerOAuthConnect(app: App): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/integrations/oauth/start',
      tags: ['Integrations'],
      summary: 'Start "Connect with Zendesk": returns the Zendesk authorization URL (PKCE, state)',
      request: { body: { content: { 'application/json': { schema: StartBody } }, required: true } },
      responses: {
        200: {
          description: 'Send the admin’s browser to authorizeUrl',
          content: {
            'application/json': {
              schema: z.object({ authorizeUrl: z.string(), redirectUri: z.string(), expiresAt: z.string() }),
            },
          },
        },
        ...errorResponses,
        422: {
          description: 'Bad tenant URL or SaaS',
          content: { 'application/json': { schema: ErrorBody } },
        },
      },
    }),
    async (c) => {
      const actor = requireActor(c, 'admin');
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const connector = connectorFor(body.saas);
      if (!connector?.oauth)
        throw new ApiError('unprocessable', `No consent flow for "${body.saas}".`, { field: 'saas' });
      const tenant = normalizeTenantUrl(body.tenantUrl, deps.config.allowedHosts);
      if (!tenant.ok)
        throw new ApiError('unprocessable', tenant.problem.message, {
          field: 'tenantUrl',
          reason: tenant.problem.code,
        });
      const pkce = connector.oauth.newPkce();
      const redirectUri = callbackUrl(c);
      const flow: Flow = {
        saas: body.saas,
        tenantUrl: tenant.url,
        clientId: body.clientId,
        clientSecret: body.clientSecret ?? null,
        verifier: pkce.verifier,
        redirectUri,
        capabilities: body.capabilities,
        name: body.name ?? null,
        actorLabel: actor.label,
      };
      const stateHash = sha256(pkce.state);
      const [row] = await deps.store.query<{ expires_at: Date }>(
        `INSERT INTO oauth_flows (state_hash, account_id, payload, expires_at) VALUES ($1, $2, $3, now() + make_interval(mins => $4)) RETURNING expires_at`,
        [
          stateHash,
          actor.kind === 'session' ? actor.id : null,
          deps.store.cipher.encrypt(JSON.stringify(flow), `oauth_flow:${stateHash}`),
          FLOW_TTL_MINUTES,
        ],
      );
      await deps.store.query('DELETE FROM oauth_flows WHERE expires_at < now()');
      return c.json(
        {
          authorizeUrl: connector.oauth.authorizeUrl(
            { tenantUrl: tenant.url, clientId: body.clientId, redirectUri },
            pkce,
          ),
          redirectUri,
          expiresAt: new Date(row?.expires_at ?? Date.now()).toISOString(),
        },
        200,
      );
    },
  );

  // The browser arrives here from Zendesk. Answers JSON to API clients, and redirects browsers to the console.
  app.get('/oauth/callback', async (c) => {
    const deps = c.get('deps');
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    const finish = (
      result: { ok: true; integrationId: string } | { ok: false; code: string; message: string },
    ) => {
      if (wantsJson) {
        if (result.ok) return c.json({ integrationId: result.integrationId }, 201);
        throw new ApiError('unprocessable', result.message, { reason: result.code });
      }
      const target = new URL('/integrations', new URL(c.req.url).origin);
      if (result.ok) target.searchParams.set('connected', result.integrationId);
      else {
        target.searchParams.set('oauthError', result.code);
        target.searchParams.set('message', result.message.slice(0, 300));
      }
      return c.redirect(`${target.pathname}${target.search}`, 302);
    };
    const state = c.req.query('state') ?? '';
    const stateHash = sha256(state);
    // Single use: the flow is deleted as it is read, whatever happens next.
    const [row] = await deps.store.query<{ payload: string; expired: boolean; account_id: string | null }>(
      'DELETE FROM oauth_flows WHERE state_hash = $1 RETURNING payload, account_id, expires_at < now() AS expired',
      [stateHash],
    );
    if (!state || !row || row.expired)
      return finish({
        ok: false,
        code: 'invalid_state',
        message: 'This sign-in link is unknown, already used or expired. Start “Connect with Zendesk” again.',
      });
    const flow = JSON.parse(deps.store.cipher.decrypt(row.payload, `oauth_flow:${stateHash}`)) as Flow;
    const denied = c.req.query('error');
    if (denied)
      return finish({
        ok: false,
        code: denied === 'access_denied' ? 'access_denied' : 'oauth_error',
        message:
          denied === 'access_denied'
            ? 'Access was not approved in Zendesk.'
            : `Zendesk answered: ${denied.slice(0, 60)}.`,
      });
    const code = c.req.query('code');
    if (!code)
      return finish({ ok: false, code: 'oauth_error', message: 'Zendesk sent no authorization code.' });
    const connector = connectorFor(flow.saas);
    if (!connector?.oauth)
      return finish({ ok: false, code: 'oauth_error', message: 'This SaaS has no consent flow.' });
    let credential: Record<string, unknown>;
    try {
      credential = await connector.oauth.exchangeCode(deps.platform, {
        tenantUrl: flow.tenantUrl,
        clientId: flow.clientId,
        clientSecret: flow.clientSecret,
        redirectUri: flow.redirectUri,
        code,
        verifier: flow.verifier,
      });
    } catch (error) {
      if (error instanceof ConnectorError)
        return finish({ ok: false, code: error.code, message: error.message });
      throw error;
    }
    const result = await createIntegration(serviceDeps(deps), {
      saas: flow.saas,
      capabilities: flow.capabilities,
      credential,
      ...(flow.name && { name: flow.name }),
    });
    if (!result.ok) return finish({ ok: false, code: result.problem.code, message: result.problem.message });
    await audit(
      deps.store,
      { kind: 'session', id: row.account_id ?? '', label: flow.actorLabel, role: 'admin', csrfToken: null },
      'integration.create',
      'integration',
      result.integration.id,
      { saas: flow.saas, tenantUrl: flow.tenantUrl, via: 'oauth_consent' },
    );
    return finish({ ok: true, integrationId: result.integration.id });
  });
}
