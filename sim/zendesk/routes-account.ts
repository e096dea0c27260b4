// Account-level endpoints: installed apps, app metadata, owned apps, API tokens, webhooks, audit logs.
// Apps: https://developer.zendesk.com/api-reference/ticketing/apps/apps/ (not in the Support OAS).
import type { Ctx, Route } from './context.ts';
import { intParam } from './context.ts';
import { forbiddenRole, json, notFound } from './errors.ts';
import type { SimAuditLog, SimWebhook } from './model.ts';
import { paginate } from './pagination.ts';
import { apiTokenJson, appJson, auditLogJson, installationJson, webhookJson } from './serialize.ts';

function installations(ctx: Ctx): Response {
  return json({ installations: ctx.tenant.installations.map(installationJson) });
}

function app(ctx: Ctx): Response {
  const id = intParam(ctx, 'id');
  const found = id === null ? undefined : ctx.tenant.apps.get(id);
  // The Apps API answers with the app's attributes at the top level, not under an `app` key.
  return found ? json(appJson(found)) : notFound();
}

function owned(ctx: Ctx): Response {
  const apps = [...ctx.tenant.apps.values()].filter((a) => a.visibility === 'private');
  return json({ apps: apps.map(appJson) });
}

function apiTokens(ctx: Ctx): Response {
  // Unpaginated: an account holds at most 256 API tokens (API notes §7).
  const tokens = ctx.tenant.apiTokens.map((t) => apiTokenJson(t, ctx.origin));
  return json({ api_tokens: tokens, next_page: null, previous_page: null, count: tokens.length });
}

function webhooks(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  const nameContains = q.get('filter[name_contains]')?.toLowerCase();
  const status = q.get('filter[status]');
  const items = ctx.tenant.webhooks.filter(
    (w) => (!nameContains || w.name.toLowerCase().includes(nameContains)) && (!status || w.status === status),
  );
  return paginate<SimWebhook>({
    url: ctx.url,
    root: 'webhooks',
    items,
    key: (w) => w.id,
    order: 'asc',
    render: webhookJson,
    cursorOnly: true,
    omitNullLinks: true,
    fault: ctx.pageFault,
  });
}

function auditLogs(ctx: Ctx): Response {
  // Only accounts on Enterprise plans have audit log access; others are refused like any forbidden page.
  if (ctx.tenant.plan !== 'enterprise' && ctx.tenant.plan !== 'enterprise_plus') return forbiddenRole();
  return paginate<SimAuditLog>({
    url: ctx.url,
    root: 'audit_logs',
    items: ctx.tenant.auditLogs,
    key: (a) => a.id,
    order: 'desc',
    render: (a) => auditLogJson(a, ctx.origin),
    fault: ctx.pageFault,
  });
}

export const accountRoutes: Route[] = [
  {
    name: 'apps.installations',
    method: 'GET',
    path: '/api/v2/apps/installations',
    auth: 'agent',
    resource: 'apps',
    access: 'read',
    handle: installations,
  },
  {
    name: 'apps.owned',
    method: 'GET',
    path: '/api/v2/apps/owned',
    auth: 'admin',
    resource: 'apps',
    access: 'read',
    handle: owned,
  },
  {
    name: 'apps.show',
    method: 'GET',
    path: '/api/v2/apps/:id',
    auth: 'agent',
    resource: 'apps',
    access: 'read',
    handle: app,
  },
  {
    name: 'api_tokens',
    method: 'GET',
    path: '/api/v2/api_tokens',
    auth: 'admin',
    resource: null,
    access: 'read',
    handle: apiTokens,
  },
  {
    name: 'webhooks',
    method: 'GET',
    path: '/api/v2/webhooks',
    auth: 'admin',
    resource: 'webhooks',
    access: 'read',
    handle: webhooks,
  },
  {
    name: 'audit_logs',
    method: 'GET',
    path: '/api/v2/audit_logs',
    auth: 'admin',
    resource: 'auditlogs',
    access: 'read',
    handle: auditLogs,
  },
];
