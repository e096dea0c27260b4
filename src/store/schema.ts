// The one schema for both engines (embedded PGlite and a PostgreSQL server): integrations and their encrypted
// credentials, the live inventory (apps, grants, SaaS users), its staging area, sync runs and change events.
// Only PostgreSQL 15 features: PGlite is 18, Debian's server is 15.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const created = () => ts('created_at').notNull().defaultNow();

export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** One credential per tenant, shared by every integration (capability) of that tenant. */
export const credentials = pgTable(
  'credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    saas: text('saas').notNull(),
    tenantUrl: text('tenant_url').notNull(),
    kind: text('kind').notNull(),
    /** The secret-free form, for display. */
    sanitized: jsonb('sanitized').notNull(),
    /** AES-256-GCM of the whole credential, bound to this row's id. */
    ciphertext: text('ciphertext').notNull(),
    /** Bumped on every rotation, so a stale writer cannot overwrite a newer refresh token. */
    version: integer('version').notNull().default(1),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('credentials_tenant').on(t.saas, t.tenantUrl)],
);

export const integrations = pgTable(
  'integrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    saas: text('saas').notNull(),
    tenantUrl: text('tenant_url').notNull(),
    credentialId: uuid('credential_id')
      .notNull()
      .references(() => credentials.id, { onDelete: 'restrict' }),
    capabilities: text('capabilities').array().notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('connected'),
    statusCode: text('status_code'),
    statusMessage: text('status_message'),
    enabled: boolean('enabled').notNull().default(true),
    scheduleMinutes: integer('schedule_minutes').notNull().default(360),
    /** The generation of the last complete inventory; readers see exactly that one. */
    generation: integer('generation').notNull().default(0),
    lastSyncAt: ts('last_sync_at'),
    nextSyncAt: ts('next_sync_at'),
    createdAt: created(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('integrations_due').on(t.enabled, t.nextSyncAt)],
);

export const apps = pgTable(
  'apps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    publisher: text('publisher'),
    description: text('description'),
    saasId: text('saas_id').notNull(),
    destinationHost: text('destination_host'),
    enabled: boolean('enabled'),
    createdAtSaas: ts('created_at_saas'),
    lastUsedAt: ts('last_used_at'),
    scopes: text('scopes').array().notNull(),
    categories: text('categories').array().notNull(),
    riskLevel: text('risk_level').notNull(),
    riskScore: integer('risk_score').notNull(),
    riskReasons: jsonb('risk_reasons').notNull(),
    riskModel: text('risk_model').notNull(),
    userCount: integer('user_count').notNull(),
    grantCount: integer('grant_count').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    /** Set when a complete sync no longer found the app; null while it has access. */
    removedAt: ts('removed_at'),
  },
  (t) => [
    uniqueIndex('apps_key').on(t.integrationId, t.key),
    index('apps_risk').on(t.integrationId, t.riskScore.desc(), t.id),
    index('apps_risk_all').on(t.riskScore.desc(), t.id),
    index('apps_kind').on(t.kind),
    index('apps_last_used').on(t.lastUsedAt),
    index('apps_first_seen').on(t.firstSeenAt),
    index('apps_name').on(sql`lower(${t.name})`),
    index('apps_categories').using('gin', t.categories),
    // Keyset pages of the Plugins list for each sort, live apps only (removed ones accumulate forever).
    index('apps_users_live').on(t.userCount.desc().nullsLast(), t.id).where(sql`${t.removedAt} IS NULL`),
    index('apps_last_used_live').on(t.lastUsedAt.desc().nullsLast(), t.id).where(sql`${t.removedAt} IS NULL`),
    index('apps_name_live').on(sql`lower(${t.name})`, t.id).where(sql`${t.removedAt} IS NULL`),
    index('apps_first_seen_live').on(t.firstSeenAt, t.id).where(sql`${t.removedAt} IS NULL`),
  ],
);

export const grants = pgTable(
  'grants',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    appKey: text('app_key').notNull(),
    saasId: text('saas_id').notNull(),
    userId: text('user_id'),
    scopes: text('scopes').array().notNull(),
    createdAtSaas: ts('created_at_saas'),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    uniqueIndex('grants_key').on(t.integrationId, t.appKey, t.saasId),
    index('grants_user').on(t.integrationId, t.userId),
    index('grants_last_used').on(t.lastUsedAt),
  ],
);

export const saasUsers = pgTable(
  'saas_users',
  {
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    saasId: text('saas_id').notNull(),
    name: text('name'),
    email: text('email'),
    role: text('role'),
    active: boolean('active'),
    suspended: boolean('suspended'),
    // The user's rank in the users list, kept by every complete sync (refreshUserRanks): how many live apps the
    // user authorized and the riskiest of them. Stored so a page of users costs a page, not every grant.
    appCount: integer('app_count').notNull().default(0),
    maxRiskScore: integer('max_risk_score'),
    maxRiskLevel: text('max_risk_level'),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.integrationId, t.saasId] }),
    index('saas_users_email').on(sql`lower(${t.email})`),
    // The users list's order (riskiest first, then most apps) as one ascending key, for keyset pages.
    index('saas_users_rank')
      .on(sql`(-COALESCE(${t.maxRiskScore}, -1))`, sql`(-${t.appCount})`, t.integrationId, t.saasId)
      .where(sql`${t.removedAt} IS NULL`),
  ],
);

/** The permission catalog as seen: every scope met, with its category and risk (unknown scopes included). */
export const scopes = pgTable(
  'scopes',
  {
    saas: text('saas').notNull(),
    scope: text('scope').notNull(),
    category: text('category').notNull(),
    risk: text('risk').notNull(),
    description: text('description').notNull(),
    docsUrl: text('docs_url').notNull(),
  },
  (t) => [primaryKey({ columns: [t.saas, t.scope] })],
);

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    trigger: text('trigger').notNull(),
    jobId: text('job_id'),
    worker: text('worker'),
    queuedAt: ts('queued_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    heartbeatAt: ts('heartbeat_at'),
    finishedAt: ts('finished_at'),
    durationMs: integer('duration_ms'),
    apps: integer('apps'),
    grants: integer('grants'),
    users: integer('users'),
    apiCalls: integer('api_calls'),
    retries: integer('retries'),
    rateLimitWaits: integer('rate_limit_waits'),
    rateLimitWaitMs: bigint('rate_limit_wait_ms', { mode: 'number' }),
    warnings: jsonb('warnings'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
  },
  (t) => [
    index('sync_runs_integration').on(t.integrationId, t.queuedAt.desc()),
    index('sync_runs_status').on(t.status),
  ],
);

export const changeEvents = pgTable(
  'change_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    integrationId: uuid('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'cascade' }),
    runId: uuid('run_id').notNull(),
    type: text('type').notNull(),
    appKey: text('app_key').notNull(),
    appName: text('app_name').notNull(),
    subject: text('subject'),
    details: jsonb('details').notNull(),
    createdAt: created(),
  },
  (t) => [
    index('change_events_recent').on(t.integrationId, t.id.desc()),
    index('change_events_type').on(t.type),
    index('change_events_app').on(t.integrationId, t.appKey, t.id.desc()),
  ],
);

// Staging: a run writes here while it streams; the live tables change only when the run completes.
export const stageApps = pgTable(
  'stage_apps',
  {
    runId: uuid('run_id').notNull(),
    key: text('key').notNull(),
    body: jsonb('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] })],
);

export const stageGrants = pgTable(
  'stage_grants',
  {
    runId: uuid('run_id').notNull(),
    seq: bigserial('seq', { mode: 'number' }),
    appKey: text('app_key').notNull(),
    saasId: text('saas_id').notNull(),
    userId: text('user_id'),
    scopes: text('scopes').array().notNull(),
    createdAtSaas: ts('created_at_saas'),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.seq] }),
    index('stage_grants_app').on(t.runId, t.appKey, t.seq),
    // Reconcile looks staged grants up by their identity; without this it compared every grant with every grant.
    index('stage_grants_key').on(t.runId, t.appKey, t.saasId),
  ],
);

export const stageUsers = pgTable(
  'stage_users',
  {
    runId: uuid('run_id').notNull(),
    saasId: text('saas_id').notNull(),
    name: text('name'),
    email: text('email'),
    role: text('role'),
    active: boolean('active'),
    suspended: boolean('suspended'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.saasId] })],
);

// Accounts of this Grantscope server (not SaaS users): who may read and who may configure.
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    /** scrypt, with its parameters and salt in the string. */
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: created(),
    lastLoginAt: ts('last_login_at'),
  },
  (t) => [uniqueIndex('accounts_email').on(sql`lower(${t.email})`)],
);

/** Server-side sessions: the cookie holds a random id; only its hash is stored, so a database leak opens nothing. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: created(),
    expiresAt: ts('expires_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: text('role').notNull(),
    /** The first characters, shown to tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by'),
    createdAt: created(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash)],
);

/** Failed sign-ins, for throttling across every process of a deployment. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('login_attempts_key').on(t.key, t.at)],
);

/** Who did what administrative action, when. */
export const auditTrail = pgTable(
  'audit_trail',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    details: jsonb('details').notNull(),
    createdAt: created(),
  },
  (t) => [index('audit_trail_recent').on(t.id.desc())],
);

/** Pending "Connect with Zendesk" flows: PKCE verifier and the client secret, encrypted, keyed by the OAuth state. */
export const oauthFlows = pgTable('oauth_flows', {
  stateHash: text('state_hash').primaryKey(),
  accountId: uuid('account_id'),
  payload: text('payload').notNull(),
  expiresAt: ts('expires_at').notNull(),
});
