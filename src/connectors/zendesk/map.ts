// Zendesk payloads (already parsed by wire.ts) to core records: pure functions, no I/O.
import type { App, Grant, SaasUser } from '../../core/domain.ts';
import type {
  ApiToken,
  AppInfo,
  GlobalClient,
  Installation,
  LocalClient,
  Token,
  User,
  Webhook,
} from './wire.ts';

export const appKey = {
  local: (id: string) => `oauth_client:${id}`,
  global: (id: string) => `global_oauth_client:${id}`,
  installation: (id: string) => `app_installation:${id}`,
  apiToken: (id: string) => `api_token:${id}`,
  webhook: (id: string) => `webhook:${id}`,
};

export function localClientApp(c: LocalClient): App {
  return {
    key: appKey.local(c.id),
    kind: 'custom_oauth_app',
    name: c.name ?? `OAuth client ${c.id}`,
    publisher: c.company,
    publisherVerified: null,
    saasId: c.id,
    description: c.description,
    createdAt: c.created_at,
    scopes: [],
  };
}

export function globalClientApp(c: GlobalClient): App {
  return {
    key: appKey.global(c.id),
    kind: 'marketplace_oauth_app',
    name: c.name ?? `Marketplace app ${c.id}`,
    publisher: c.company,
    publisherVerified: null,
    saasId: c.id,
    description: c.description,
    scopes: [],
  };
}

/** A token whose client is in neither list (deleted, or not visible to us): still reported, named after its id. */
export function unlistedClientApp(clientId: string): App {
  return {
    key: appKey.local(clientId),
    kind: 'custom_oauth_app',
    name: `Unlisted OAuth client ${clientId}`,
    publisher: null,
    publisherVerified: null,
    saasId: clientId,
    description:
      'Grants exist for this OAuth client, but Zendesk lists it neither as a local nor as a global client.',
    scopes: [],
  };
}

export function tokenGrant(t: Token, key: string): Grant {
  return {
    appKey: key,
    saasId: t.id,
    userId: t.user_id ?? null,
    scopes: t.scopes,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    lastUsedAt: t.used_at,
  };
}

export function saasUser(u: User): SaasUser {
  return { id: u.id, name: u.name, email: u.email, role: u.role, active: u.active, suspended: u.suspended };
}

/** A user id that grants reference but Zendesk no longer knows: kept as a bare id. */
export function vanishedUser(id: string): SaasUser {
  return { id, name: null, email: null, role: null, active: false, suspended: null };
}

export function installationApp(i: Installation, info: AppInfo | null): App {
  const settingsName = typeof i.settings?.name === 'string' ? i.settings.name : null;
  return {
    key: appKey.installation(i.id),
    kind: 'installed_app',
    name: info?.name ?? settingsName ?? `App ${i.app_id ?? i.id}`,
    publisher: info?.author_name ?? null,
    publisherVerified: null,
    saasId: i.id,
    description:
      info?.short_description ?? (info ? null : 'The app behind this installation is no longer available.'),
    enabled: i.enabled,
    createdAt: i.created_at,
    scopes: [],
  };
}

export function apiTokenApp(t: ApiToken): App {
  return {
    key: appKey.apiToken(t.id),
    kind: 'api_token',
    name: t.description ? `API token: ${t.description}` : `API token ${t.id}`,
    publisher: null,
    publisherVerified: null,
    saasId: t.id,
    enabled: t.active,
    createdAt: t.created_at,
    lastUsedAt: t.last_used_at ?? t.last_used,
    scopes: [],
  };
}

/** The admin who created an API token "granted" it: shown as its one grant. */
export function apiTokenGrant(t: ApiToken): Grant | null {
  if (!t.user_id) return null;
  return {
    appKey: appKey.apiToken(t.id),
    saasId: t.id,
    userId: t.user_id,
    scopes: [],
    createdAt: t.created_at,
    expiresAt: null,
    lastUsedAt: t.last_used_at ?? t.last_used,
  };
}

export function webhookHost(endpoint: string | null): string | null {
  if (!endpoint) return null;
  return URL.parse(endpoint)?.host ?? null;
}

export function webhookApp(w: Webhook): App {
  return {
    key: appKey.webhook(w.id),
    kind: 'webhook',
    name: w.name ?? `Webhook ${w.id}`,
    publisher: w.external_source?.name ?? null,
    publisherVerified: null,
    saasId: w.id,
    description: w.description,
    destinationHost: webhookHost(w.endpoint),
    enabled: w.status === null ? null : w.status === 'active',
    createdAt: w.created_at,
    scopes: [],
  };
}

/** `created_by` is a user id, or "-1" for Zendesk itself. */
export function webhookCreator(w: Webhook): string | null {
  return w.created_by && /^\d+$/.test(w.created_by) ? w.created_by : null;
}
