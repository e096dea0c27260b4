// The API's response shapes as the console reads them: inferred from the server's own schemas where they are
// exported, written here (matching the route files) where they are not yet.
import type { z } from 'zod';
import type { Account as AccountSchema } from '../../api/auth/accounts.ts';
import type {
  AppDetail as AppDetailSchema,
  AppListItem,
  AppUserOut,
  AppUsersPage as AppUsersPageSchema,
  EventOut,
} from '../../api/routes/app-schemas.ts';
import type { IntegrationOut, RunOut } from '../../api/routes/integration-schema.ts';
import type { AppKind, Category, RiskLevel } from '../../core/domain.ts';

export type { AppKind, Category, RiskLevel };

export type Integration = z.infer<typeof IntegrationOut>;
export type IntegrationStatus = Integration['status'];
export type SyncRun = z.infer<typeof RunOut>;
export type AppItem = z.infer<typeof AppListItem>;
export type AppDetail = z.infer<typeof AppDetailSchema>;
export type AppUser = z.infer<typeof AppUserOut>;
/** GET /apps/{id}/users: a page of an app's user lines, with how many match. */
export type AppUsersPage = z.infer<typeof AppUsersPageSchema>;
export type ChangeEvent = z.infer<typeof EventOut>;
export type Account = z.infer<typeof AccountSchema>;
export type Role = 'admin' | 'viewer';

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Me {
  kind: 'session' | 'api_key';
  id: string;
  label: string;
  role: Role;
  csrfToken: string | null;
}

export interface SignedIn {
  account: { id: string; email: string; name: string; role: Role };
  csrfToken: string;
}

export interface CredentialField {
  name: string;
  label: string;
  type: 'url' | 'email' | 'text' | 'secret';
  required: boolean;
  help: string;
}

export interface CredentialKind {
  kind: string;
  label: string;
  description: string;
  /** false: not typed in, obtained by a consent flow ("Connect with Zendesk"). */
  enterable: boolean;
  fields: CredentialField[];
  notice?: { code: string; message: string };
}

export interface ConnectedTenant {
  tenantUrl: string;
  credentialKind: string;
  integrations: { id: string; capabilities: string[] }[];
}

export interface SaasApplication {
  id: string;
  name: string;
  capabilities: { id: string; name: string }[];
  credentialKinds: CredentialKind[];
  connectedTenants: ConnectedTenant[];
}

export interface CreatedIntegration {
  integration: Integration;
  runId: string | null;
  reusedCredential: boolean;
  warnings: { code: string; message: string }[];
}

export interface Risk {
  level: RiskLevel;
  score: number;
}

export interface SaasUserItem {
  id: string;
  integrationId: string;
  saasId: string;
  name: string | null;
  email: string | null;
  role: string | null;
  active: boolean | null;
  suspended: boolean | null;
  appCount: number;
  highestRisk: Risk | null;
}

export interface UserApp {
  id: string;
  key: string;
  name: string;
  kind: AppKind;
  risk: Risk;
  scopes: string[];
  grantedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  grantIds: string[];
  stale: boolean;
}

/** GET /users/{id}: the user's fields and the apps they authorized, side by side. */
export interface UserDetail extends SaasUserItem {
  apps: UserApp[];
}

export interface Summary {
  apps: {
    total: number;
    byRisk: Record<RiskLevel, number>;
    byKind: Record<AppKind, number>;
    byCategory: Record<Category, number>;
  };
  grants: number;
  users: number;
  staleGrants: number;
  newAppsLast7Days: {
    count: number;
    items: { id: string; name: string; kind: AppKind; risk: Risk; firstSeenAt: string }[];
  };
  integrations: {
    byStatus: Record<IntegrationStatus, number>;
    lastSync: {
      integrationId: string;
      name: string;
      saas: string;
      tenantUrl: string;
      status: IntegrationStatus;
      lastSyncAt: string | null;
      lastRun: { id: string; status: string; queuedAt: string; finishedAt: string | null } | null;
    }[];
  };
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface AuditEntry {
  id: string;
  actor: { id: string | null; label: string };
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}
