// Domain records shared by every layer: each zod schema is the source of truth and its type has the same name.
import { z } from 'zod';

export const RiskLevel = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const Category = z.enum([
  'Basic Profile and Presence',
  'Collaboration and Communication',
  'Content and Knowledge',
  'Directory and App Mgmt',
  'Automation and Integrations',
  'Security and Compliance',
  'Full Account Access',
  'Unknown',
]);
export type Category = z.infer<typeof Category>;

export const AppKind = z.enum([
  'custom_oauth_app',
  'marketplace_oauth_app',
  'installed_app',
  'api_token',
  'webhook',
]);
export type AppKind = z.infer<typeof AppKind>;

/** What a scope lets its holder do; `impersonate` is separate because it changes *who* acts, not what. */
export const ScopeAccess = z.enum(['read', 'write', 'read_write', 'impersonate']);
export type ScopeAccess = z.infer<typeof ScopeAccess>;

// Offsets are allowed because SaaS APIs do not all answer in UTC; connectors pass the string through.
export const IsoDateTime = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTime>;

export const SaasUser = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  role: z.string().nullable(),
  active: z.boolean().nullable(),
  suspended: z.boolean().nullable(),
});
export type SaasUser = z.infer<typeof SaasUser>;

export const Grant = z.object({
  appKey: z.string(),
  /** The SaaS's own id of this token or grant, so it can be revoked there. */
  saasId: z.string(),
  userId: z.string().nullable(),
  scopes: z.array(z.string()),
  createdAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime.nullable(),
  lastUsedAt: IsoDateTime.nullable(),
  adminGranted: z.boolean().optional(),
});
export type Grant = z.infer<typeof Grant>;

export const App = z.object({
  /** Stable per tenant across syncs, e.g. `oauth_client:5001`. */
  key: z.string(),
  kind: AppKind,
  name: z.string(),
  publisher: z.string().nullable(),
  /** True only when the SaaS vouches for the publisher; absent when it says nothing. */
  publisherVerified: z.boolean().nullable().optional(),
  saasId: z.string(),
  description: z.string().nullable().optional(),
  /** Where a webhook sends data; null when it cannot be parsed. */
  destinationHost: z.string().nullable().optional(),
  enabled: z.boolean().nullable().optional(),
  createdAt: IsoDateTime.nullable().optional(),
  lastUsedAt: IsoDateTime.nullable().optional(),
  /** Access the app holds by itself rather than through user grants (API tokens, installed apps). */
  scopes: z.array(z.string()),
});
export type App = z.infer<typeof App>;

export const ScopeInfo = z.object({
  scope: z.string(),
  category: Category,
  risk: RiskLevel,
  /** Absent when the catalog cannot tell; the risk model then assumes read and write. */
  access: ScopeAccess.optional(),
  description: z.string(),
  docsUrl: z.string(),
});
export type ScopeInfo = z.infer<typeof ScopeInfo>;

export const RiskReasonCode = z.enum([
  'base_risk',
  'full_account_access',
  'full_write_access',
  'full_read_access',
  'impersonation',
  'unknown_scope',
  'data_egress',
  'admin_granted',
  'many_users',
  'stale_grant',
  'never_expires',
  'custom_app',
  'unverified_publisher',
]);
export type RiskReasonCode = z.infer<typeof RiskReasonCode>;

export const RiskReason = z.object({
  code: RiskReasonCode,
  message: z.string(),
  /** Points this reason contributed, so a reader can add the score up (see docs/risk-model.md). */
  points: z.number().int().min(0),
});
export type RiskReason = z.infer<typeof RiskReason>;

export const AppRisk = z.object({
  level: RiskLevel,
  score: z.number().int().min(0).max(100),
  reasons: z.array(RiskReason),
  modelVersion: z.string(),
});
export type AppRisk = z.infer<typeof AppRisk>;
