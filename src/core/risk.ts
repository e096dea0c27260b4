// The app risk model: a pure, versioned function from an app, its scopes and its grants to a level, a score and reasons.
import type {
  App,
  AppKind,
  AppRisk,
  Grant,
  RiskLevel,
  RiskReason,
  RiskReasonCode,
  ScopeInfo,
} from './domain.ts';
import { BASE_POINTS, levelForScore, riskRank } from './risk-levels.ts';
import { describeStaleness, plural, type UsageRecord } from './risk-usage.ts';

/** Bump on any change that can alter a level, a score or a reason, and say what changed in docs/risk-model.md. */
export const RISK_MODEL_VERSION = '1.1.0';
export const DEFAULT_STALE_DAYS = 90;
export const DEFAULT_MANY_USERS = 10;
export const DEFAULT_ADMIN_ROLES: readonly string[] = ['admin'];
/** Context can add at most this much to the base, so it lifts an app by one level at most. */
export const CONTEXT_POINTS_CAP = 20;

/** Points added by each contextual reason; reasons not listed explain the base and add nothing. */
export const REASON_POINTS: Readonly<Partial<Record<RiskReasonCode, number>>> = {
  data_egress: 10,
  unverified_publisher: 10,
  admin_granted: 5,
  many_users: 5,
  stale_grant: 5,
  never_expires: 5,
  custom_app: 5,
};

/** A grant together with the role of the user who authorized it, when the SaaS told us. */
export type RiskGrant = Grant & { userRole?: string | null };

export interface RiskInput {
  app: Pick<App, 'kind' | 'publisher' | 'scopes'> &
    Partial<Pick<App, 'publisherVerified' | 'destinationHost' | 'createdAt' | 'lastUsedAt'>>;
  grants: readonly RiskGrant[];
  /** The connector's catalog lookup; passed in so that core never imports a connector. */
  lookupScope: (scope: string) => ScopeInfo;
}

export interface RiskOptions {
  /** The clock, in epoch milliseconds: injected so the same input always gives the same answer. */
  now: number;
  staleDays?: number;
  manyUsers?: number;
  adminRoles?: readonly string[];
}

interface Floor {
  level: RiskLevel;
  why: string;
}

export function assessApp(input: RiskInput, options: RiskOptions): AppRisk {
  const staleDays = options.staleDays ?? DEFAULT_STALE_DAYS;
  const { app, grants } = input;
  const scopes = resolveScopes(input);
  const floor = kindFloor(app.kind, scopes.length === 0);

  const explained: RiskReason[] = [];
  const context: RiskReason[] = [];
  const note = (code: RiskReasonCode, message: string) => explained.push({ code, message, points: 0 });
  const add = (code: RiskReasonCode, message: string) =>
    context.push({ code, message, points: REASON_POINTS[code] ?? 0 });
  const names = (list: ScopeInfo[]) => list.map((s) => s.scope).join(', ');
  const writes = (s: ScopeInfo) =>
    s.access === undefined || s.access === 'write' || s.access === 'read_write';

  if (app.kind === 'api_token') {
    note(
      'full_account_access',
      "API token: it works with any user's email, admins included, so it acts with full admin rights",
    );
  }
  const fullAccess = scopes.filter((s) => s.category === 'Full Account Access');
  const fullWrite = fullAccess.filter((s) => s.access !== 'read' && s.access !== 'impersonate');
  if (fullWrite.length > 0)
    note('full_write_access', `Can create, change and delete anything in the tenant (${names(fullWrite)})`);
  const fullRead = fullAccess.filter((s) => s.access !== 'write' && s.access !== 'impersonate');
  if (fullRead.length > 0)
    note('full_read_access', `Can read every record in the tenant (${names(fullRead)})`);
  const impersonation = scopes.filter((s) => s.access === 'impersonate');
  if (impersonation.length > 0)
    note('impersonation', `Can act on behalf of any end user (${names(impersonation)})`);
  const unknown = scopes.filter((s) => s.category === 'Unknown');
  if (unknown.length > 0) {
    const count = unknown.length === 1 ? '1 scope is' : `${unknown.length} scopes are`;
    note('unknown_scope', `${count} not in the catalog and treated as high risk: ${names(unknown)}`);
  } else if (app.kind === 'installed_app' && scopes.length === 0) {
    note(
      'unknown_scope',
      'Its scopes are not visible through the API, so its access is treated as high risk',
    );
  }

  const egress = scopes.filter((s) => s.category === 'Automation and Integrations' && writes(s));
  if (app.kind === 'webhook') {
    add(
      'data_egress',
      `Sends tenant data to ${app.destinationHost ? app.destinationHost : 'an external endpoint'}`,
    );
  } else if (egress.length > 0) {
    add('data_egress', `Can set up automations that send data out of the tenant (${names(egress)})`);
  }
  const users = distinctUsers(grants);
  const adminRoles = new Set((options.adminRoles ?? DEFAULT_ADMIN_ROLES).map((r) => r.toLowerCase()));
  const admins = distinctUsers(
    grants.filter((g) => g.adminGranted === true || adminRoles.has((g.userRole ?? '').trim().toLowerCase())),
  );
  if (admins > 0)
    add('admin_granted', `Authorized by ${plural(admins, 'admin')}, so it acts with admin rights`);
  if (users >= (options.manyUsers ?? DEFAULT_MANY_USERS)) add('many_users', `Authorized by ${users} users`);
  const usage: UsageRecord[] = grants.length > 0 ? [...grants] : appUsage(app);
  const stale = describeStaleness(usage, options.now, staleDays, grants.length > 0 ? 'grant' : 'app');
  if (stale !== null) add('stale_grant', stale);
  const forever = grants.filter((g) => g.expiresAt === null).length;
  if (forever > 0) add('never_expires', neverExpires(forever, grants.length));
  if (app.kind === 'custom_oauth_app') {
    add('custom_app', 'Custom app created in this tenant: no marketplace review vouches for it');
  } else if (app.kind === 'marketplace_oauth_app' || app.kind === 'installed_app') {
    const publisher = app.publisher?.trim();
    if (!publisher) add('unverified_publisher', 'Publisher unknown: nobody vouches for who built it');
    else if (app.publisherVerified === false)
      add('unverified_publisher', `Publisher ${publisher} is not verified`);
  }

  const base = baseOf(scopes, floor);
  const contextPoints = Math.min(
    CONTEXT_POINTS_CAP,
    context.reduce((sum, r) => sum + r.points, 0),
  );
  const score = Math.min(100, base.points + contextPoints);
  const reasons = base.reason ? [base.reason, ...explained, ...context] : [...explained, ...context];
  return { level: levelForScore(score), score, reasons, modelVersion: RISK_MODEL_VERSION };
}

// Sorted and deduplicated on the catalog's spelling so that input order and case never change the result.
function resolveScopes(input: RiskInput): ScopeInfo[] {
  const raw = [...input.app.scopes, ...input.grants.flatMap((g) => g.scopes)];
  const byScope = new Map<string, ScopeInfo>();
  for (const scope of raw) {
    const info = input.lookupScope(scope);
    if (!byScope.has(info.scope)) byScope.set(info.scope, info);
  }
  return [...byScope.values()].sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
}

// Some kinds carry risk that no scope string expresses; these floors keep them from scoring as harmless.
function kindFloor(kind: AppKind, noScopes: boolean): Floor | null {
  if (kind === 'api_token') return { level: 'critical', why: 'API tokens are critical risk' };
  if (kind === 'webhook') {
    return { level: 'medium', why: 'webhooks are at least medium risk, as they send data out of the tenant' };
  }
  if (kind === 'installed_app' && noScopes) {
    return { level: 'high', why: 'installed apps whose access is unknown are high risk' };
  }
  return null;
}

function baseOf(scopes: ScopeInfo[], floor: Floor | null): { points: number; reason: RiskReason | null } {
  let top: ScopeInfo | null = null;
  for (const s of scopes) if (top === null || riskRank(s.risk) > riskRank(top.risk)) top = s;
  // On a tie the scope explains the base: it is the more concrete of the two.
  const useFloor = floor !== null && (top === null || riskRank(floor.level) > riskRank(top.risk));
  if (useFloor) {
    const points = BASE_POINTS[floor.level];
    return { points, reason: baseReason(points, floor.why) };
  }
  if (top === null) return { points: 0, reason: null };
  const points = BASE_POINTS[top.risk];
  return { points, reason: baseReason(points, `its riskiest scope, ${top.scope}, is ${top.risk} risk`) };
}

function baseReason(points: number, why: string): RiskReason {
  return { code: 'base_risk', message: `Base score ${points}: ${why}`, points };
}

function distinctUsers(grants: readonly Grant[]): number {
  // A grant without a user still belongs to someone; count it on its own rather than merging all of them.
  return new Set(grants.map((g) => (g.userId === null ? `grant:${g.saasId}` : `user:${g.userId}`))).size;
}

function appUsage(app: RiskInput['app']): UsageRecord[] {
  if (!app.createdAt && !app.lastUsedAt) return [];
  return [{ createdAt: app.createdAt, lastUsedAt: app.lastUsedAt }];
}

function neverExpires(count: number, total: number): string {
  if (total === 1) return 'Its only grant never expires';
  if (count === total) return `All ${total} grants never expire`;
  return `${count} of ${total} grants never expire`;
}
