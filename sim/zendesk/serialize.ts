// Turns simulated records into Zendesk's JSON shapes (OAS UserForAdmin, OAuthClientObject, OauthTokenObject…).
// Fields the spec does not mark nullable are left out when there is no value, rather than sent as null.
import type {
  SimApiToken,
  SimApp,
  SimAuditLog,
  SimGlobalClient,
  SimInstallation,
  SimLocalClient,
  SimToken,
  SimUser,
  SimWebhook,
} from './model.ts';

type Json = Record<string, unknown>;

function withOptional(base: Json, optional: Json): Json {
  for (const [k, v] of Object.entries(optional)) if (v !== null && v !== undefined) base[k] = v;
  return base;
}

export function userJson(u: SimUser, origin: string): Json {
  return withOptional(
    {
      id: u.id,
      url: `${origin}/api/v2/users/${u.id}.json`,
      name: u.name,
      email: u.email,
      created_at: u.createdAt,
      updated_at: u.updatedAt,
      time_zone: u.timeZone,
      iana_time_zone: u.ianaTimeZone,
      phone: null,
      shared_phone_number: null,
      photo: null,
      locale_id: 1,
      locale: u.locale,
      organization_id: u.organizationId,
      role: u.role,
      verified: u.verified,
      external_id: null,
      tags: [],
      alias: '',
      active: u.active,
      shared: false,
      shared_agent: false,
      signature: '',
      details: '',
      notes: '',
      role_type: u.roleType,
      custom_role_id: u.customRoleId,
      moderator: u.role !== 'end-user',
      ticket_restriction: u.role === 'end-user' ? 'requested' : null,
      only_private_comments: false,
      restricted_agent: u.role === 'agent' && u.roleType === 1,
      suspended: u.suspended,
      chat_only: false,
      default_group_id: u.role === 'end-user' ? undefined : 200_001,
      report_csv: u.role === 'admin',
      user_fields: {},
      two_factor_auth_enabled: u.twoFactor,
    },
    { last_login_at: u.lastLoginAt },
  );
}

/** What `/users/me` answers to a request without credentials: Zendesk's anonymous placeholder. */
export function anonymousUserJson(): Json {
  return {
    id: null,
    url: null,
    name: 'Anonymous user',
    email: 'invalid@example.com',
    role: 'end-user',
    active: true,
    verified: false,
    locale: 'en-US',
    locale_id: 1,
    time_zone: 'Pacific Time (US & Canada)',
    iana_time_zone: 'America/Los_Angeles',
    authenticity_token: 'anonymous',
  };
}

export function localClientJson(c: SimLocalClient, origin: string): Json {
  return {
    id: c.id,
    url: `${origin}/api/v2/oauth/clients/${c.id}.json`,
    name: c.name,
    identifier: c.identifier,
    company: c.company,
    description: c.description,
    kind: c.kind,
    global: false,
    redirect_uri: c.redirectUri,
    // Lists never show the whole secret (API notes §2).
    secret: `${c.secret.slice(0, 6)}...`,
    user_id: c.userId,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function globalClientJson(c: SimGlobalClient): Json {
  return {
    id: c.id,
    name: c.name,
    identifier: c.identifier,
    company: c.company,
    description: c.description,
    kind: c.kind,
    logo_url: c.logoUrl,
  };
}

export function tokenJson(t: SimToken, origin: string): Json {
  return withOptional(
    {
      id: t.id,
      url: `${origin}/api/v2/oauth/tokens/${t.id}.json`,
      client_id: t.clientId,
      user_id: t.userId,
      // Only the first 10 characters of a token are ever returned (API notes §3).
      token: t.token.slice(0, 10),
      scopes: t.scopes,
      created_at: t.createdAt,
    },
    {
      refresh_token: t.refreshToken?.slice(0, 10),
      expires_at: t.expiresAt,
      used_at: t.usedAt,
      refresh_token_expires_at: t.refreshTokenExpiresAt,
    },
  );
}

export function installationJson(i: SimInstallation): Json {
  return {
    id: i.id,
    app_id: i.appId,
    product: 'support',
    settings: i.settings,
    settings_objects: Object.entries(i.settings).map(([name, value]) => ({ name, value })),
    enabled: i.enabled,
    updated: i.updatedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    role_restrictions: null,
    group_restrictions: null,
    collapsible: true,
    paid: i.paid,
    recurring_payment: false,
    has_unpaid_subscription: false,
    has_incomplete_subscription: false,
  };
}

export function appJson(a: SimApp): Json {
  return {
    id: a.id,
    name: a.name,
    short_description: a.shortDescription,
    author_name: a.authorName,
    author_email: a.authorEmail,
    author_url: a.authorUrl,
    app_organization: { id: a.ownerId, name: a.authorName },
    owner_id: a.ownerId,
    visibility: a.visibility,
    products: ['support'],
    categories: [],
    framework_version: '2.0',
    version: '1.0.0',
    paid: a.paid,
    deprecated: false,
    obsolete: false,
    installable: true,
    marketing_only: false,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    parameters: [],
    small_icon: `https://static.zdassets.example/apps/${a.id}/small.png`,
    large_icon: `https://static.zdassets.example/apps/${a.id}/large.png`,
  };
}

export function apiTokenJson(t: SimApiToken, origin: string): Json {
  return {
    id: t.id,
    url: `${origin}/api/v2/api_tokens/${t.id}.json`,
    description: t.description,
    active: t.active,
    // The token itself is never listed: only a short visible prefix.
    visible_token: `${t.token.slice(0, 4)}…`,
    user_id: t.userId,
    assigned_user_id: null,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
    last_used_at: t.lastUsedAt,
  };
}

export function webhookJson(w: SimWebhook): Json {
  return withOptional(
    {
      id: w.id,
      name: w.name,
      description: w.description,
      endpoint: w.endpoint,
      http_method: w.httpMethod,
      request_format: w.requestFormat,
      status: w.status,
      subscriptions: w.subscriptions,
      created_at: w.createdAt,
      created_by: w.createdBy,
      updated_at: w.updatedAt,
      updated_by: w.createdBy,
    },
    { authentication: w.authentication, external_source: w.externalSource },
  );
}

export function auditLogJson(a: SimAuditLog, origin: string): Json {
  return {
    id: a.id,
    url: `${origin}/api/v2/audit_logs/${a.id}.json`,
    action: a.action,
    action_label: a.action.charAt(0).toUpperCase() + a.action.slice(1),
    actor_id: a.actorId,
    actor_name: a.actorName,
    change_description: a.changeDescription,
    created_at: a.createdAt,
    ip_address: a.ipAddress,
    source_id: a.sourceId,
    source_label: a.sourceLabel,
    source_type: a.sourceType,
  };
}
