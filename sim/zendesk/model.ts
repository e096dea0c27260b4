// The simulated tenant's state: plain records kept in id order, plus the indexes the endpoints need.

export type Plan = 'team' | 'growth' | 'professional' | 'enterprise' | 'enterprise_plus';
export type Role = 'admin' | 'agent' | 'end-user';

export interface SimUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  /** Zendesk's role_type: 4 admin, 0 custom agent, 1 light agent, null otherwise. */
  roleType: number | null;
  customRoleId: number | null;
  /** false once the user was deleted (soft delete: the record stays, as in Zendesk). */
  active: boolean;
  suspended: boolean;
  verified: boolean;
  locale: string;
  timeZone: string;
  ianaTimeZone: string;
  twoFactor: boolean | null;
  organizationId: number | null;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface SimLocalClient {
  id: number;
  name: string;
  identifier: string;
  company: string;
  description: string;
  kind: 'public' | 'confidential';
  secret: string;
  redirectUri: string[];
  userId: number;
  /** Default access-token lifetime in seconds for grant-type tokens (null: never expires, legacy clients). */
  accessTtl: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface SimGlobalClient {
  id: number;
  name: string;
  identifier: string;
  company: string;
  description: string;
  kind: 'public' | 'confidential';
  logoUrl: string;
}

export interface SimToken {
  id: number;
  /** A local client's id, a global client's id, or the id of a client that no longer exists. */
  clientId: number;
  userId: number;
  token: string;
  refreshToken: string | null;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  usedAt: string | null;
  refreshTokenExpiresAt: string | null;
}

export interface SimInstallation {
  id: number;
  appId: number;
  name: string;
  enabled: boolean;
  paid: boolean;
  settings: Record<string, string | boolean | number>;
  createdAt: string;
  updatedAt: string;
}

export interface SimApp {
  id: number;
  name: string;
  shortDescription: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  visibility: 'public' | 'private';
  ownerId: number;
  paid: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SimApiToken {
  id: number;
  description: string;
  token: string;
  active: boolean;
  userId: number;
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
}

export interface SimWebhook {
  id: string;
  name: string;
  description: string;
  endpoint: string;
  httpMethod: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  requestFormat: 'json' | 'xml' | 'form_encoded';
  status: 'active' | 'inactive';
  subscriptions: string[];
  authentication: { type: 'basic_auth' | 'bearer_token' | 'api_key'; add_position: 'header' } | null;
  externalSource: { name: string; version: string } | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface SimAuditLog {
  id: number;
  action: 'create' | 'destroy' | 'exported' | 'login' | 'update';
  actorId: number;
  actorName: string;
  changeDescription: string;
  createdAt: string;
  ipAddress: string;
  sourceId: number;
  sourceLabel: string;
  sourceType: string;
}

/** Credentials the simulator hands out so that a client (or a test) can sign in. */
export interface SimCredentials {
  adminEmail: string;
  apiToken: string;
  agentEmail: string;
  clientId: string;
  clientSecret: string;
}

export interface Tenant {
  subdomain: string;
  plan: Plan;
  users: SimUser[];
  localClients: SimLocalClient[];
  globalClients: SimGlobalClient[];
  /** Sorted by id; revoked tokens are removed. */
  tokens: SimToken[];
  installations: SimInstallation[];
  apps: Map<number, SimApp>;
  apiTokens: SimApiToken[];
  webhooks: SimWebhook[];
  /** Newest first, as Zendesk lists them by default (`sort=-created_at`). */
  auditLogs: SimAuditLog[];
  credentials: SimCredentials;
  /** Indexes, kept in step with the arrays above by the functions in tenant-index.ts. */
  usersById: Map<number, SimUser>;
  usersByEmail: Map<string, SimUser>;
  tokensByAccess: Map<string, SimToken>;
  tokensByRefresh: Map<string, SimToken>;
  nextTokenId: number;
}
