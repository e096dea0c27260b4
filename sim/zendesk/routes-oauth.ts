// OAuth clients (local and global/Marketplace) and OAuth tokens (the grants), as an admin sees them.
// https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/ · .../oauth_tokens/
import type { Ctx, Route } from './context.ts';
import { intParam } from './context.ts';
import { forbiddenRole, json, notFound } from './errors.ts';
import type { SimGlobalClient, SimLocalClient, SimToken } from './model.ts';
import { paginate } from './pagination.ts';
import { globalClientJson, localClientJson, tokenJson } from './serialize.ts';
import { findIndexById, revokeToken } from './tenant-index.ts';

function clients(ctx: Ctx): Response {
  return paginate<SimLocalClient>({
    url: ctx.url,
    root: 'clients',
    items: ctx.tenant.localClients,
    key: (c) => c.id,
    order: 'asc',
    render: (c) => localClientJson(c, ctx.origin),
    fault: ctx.pageFault,
  });
}

function globalClients(ctx: Ctx): Response {
  return paginate<SimGlobalClient>({
    url: ctx.url,
    root: 'global_clients',
    items: ctx.tenant.globalClients,
    key: (c) => c.id,
    order: 'asc',
    render: globalClientJson,
    fault: ctx.pageFault,
  });
}

function globalClient(ctx: Ctx): Response {
  const id = intParam(ctx, 'id');
  const client = ctx.tenant.globalClients.find((c) => c.id === id);
  return client ? json({ global_client: globalClientJson(client) }) : notFound();
}

function tokenSummary(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  const only = q.get('global_client_id');
  const includeExpired = q.get('include_expired') === 'true';
  const wanted = ctx.tenant.globalClients.filter((c) => only === null || String(c.id) === only);
  const summary = new Map<number, { count: number; lastUsed: string | null }>(
    wanted.map((c) => [c.id, { count: 0, lastUsed: null }]),
  );
  for (const t of ctx.tenant.tokens) {
    const s = summary.get(t.clientId);
    if (!s) continue;
    if (!includeExpired && t.expiresAt !== null && Date.parse(t.expiresAt) <= ctx.now) continue;
    s.count++;
    if (t.usedAt !== null && (s.lastUsed === null || t.usedAt > s.lastUsed)) s.lastUsed = t.usedAt;
  }
  return paginate<SimGlobalClient>({
    url: ctx.url,
    root: 'global_clients',
    items: wanted,
    key: (c) => c.id,
    order: 'asc',
    render: (c) => {
      const s = summary.get(c.id) as { count: number; lastUsed: string | null };
      return s.lastUsed === null
        ? { id: c.id, tokens_count: s.count }
        : { id: c.id, last_used_at: s.lastUsed, tokens_count: s.count };
    },
    fault: ctx.pageFault,
  });
}

function tokens(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  if (ctx.caller.kind !== 'user') return forbiddenRole();
  const callerId = ctx.caller.user.id;
  const all = q.get('all') === 'true';
  const clientId = q.get('client_id');
  const globalClientId = q.get('global_client_id');
  // `client_id` matches local clients only; a Marketplace app's grants need `global_client_id` (API notes §3).
  const localIds = new Set(ctx.tenant.localClients.map((c) => c.id));
  const globalIds = new Set(ctx.tenant.globalClients.map((c) => c.id));
  const filter = (t: SimToken): boolean =>
    (all || t.userId === callerId) &&
    (clientId === null || (String(t.clientId) === clientId && localIds.has(t.clientId))) &&
    (globalClientId === null || (String(t.clientId) === globalClientId && globalIds.has(t.clientId)));
  const unfiltered = all && clientId === null && globalClientId === null;
  return paginate<SimToken>({
    url: ctx.url,
    root: 'tokens',
    items: unfiltered ? ctx.tenant.tokens : ctx.tenant.tokens.filter(filter),
    key: (t) => t.id,
    order: 'asc',
    render: (t) => tokenJson(t, ctx.origin),
    fault: ctx.pageFault,
  });
}

function findToken(ctx: Ctx): SimToken | null {
  if (ctx.params.id === 'current') return ctx.caller.kind === 'user' ? ctx.caller.token : null;
  const id = intParam(ctx, 'id');
  if (id === null) return null;
  const at = findIndexById(ctx.tenant.tokens, id);
  return at < 0 ? null : (ctx.tenant.tokens[at] as SimToken);
}

/** Admins see every token; anyone else only their own (a foreign token is "not found"). */
function visible(ctx: Ctx, token: SimToken | null): token is SimToken {
  if (!token || ctx.caller.kind !== 'user') return false;
  return ctx.caller.user.role === 'admin' || token.userId === ctx.caller.user.id;
}

function showToken(ctx: Ctx): Response {
  const token = findToken(ctx);
  return visible(ctx, token) ? json({ token: tokenJson(token, ctx.origin) }) : notFound();
}

function deleteToken(ctx: Ctx): Response {
  const token = findToken(ctx);
  if (!visible(ctx, token)) return notFound();
  revokeToken(ctx.tenant, token.id);
  return new Response(null, { status: 204 });
}

export const oauthRoutes: Route[] = [
  {
    name: 'oauth.clients',
    method: 'GET',
    path: '/api/v2/oauth/clients',
    auth: 'admin',
    resource: null,
    access: 'read',
    handle: clients,
  },
  {
    name: 'oauth.token_summary',
    method: 'GET',
    path: '/api/v2/oauth/global_clients/token_summary',
    auth: 'admin',
    resource: null,
    access: 'read',
    handle: tokenSummary,
  },
  {
    name: 'oauth.global_clients',
    method: 'GET',
    path: '/api/v2/oauth/global_clients',
    auth: 'admin',
    resource: null,
    access: 'read',
    handle: globalClients,
  },
  {
    name: 'oauth.global_client',
    method: 'GET',
    path: '/api/v2/oauth/global_clients/:id',
    auth: 'admin',
    resource: null,
    access: 'read',
    handle: globalClient,
  },
  {
    name: 'oauth.tokens',
    method: 'GET',
    path: '/api/v2/oauth/tokens',
    auth: 'admin',
    resource: null,
    access: 'read',
    handle: tokens,
  },
  {
    name: 'oauth.token',
    method: 'GET',
    path: '/api/v2/oauth/tokens/:id',
    auth: 'any',
    resource: null,
    access: 'read',
    handle: showToken,
  },
  {
    name: 'oauth.token_delete',
    method: 'DELETE',
    path: '/api/v2/oauth/tokens/:id',
    auth: 'any',
    resource: null,
    access: 'write',
    handle: deleteToken,
  },
];
