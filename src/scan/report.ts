// Turns an app, its grants and their users into the scan's report entry: risk with reasons, scopes with their
// category and risk, and one line per user (several tokens of one user for one app merged into one).
import type { App, AppRisk, Grant, RiskLevel, SaasUser, ScopeInfo } from '../core/domain.ts';
import { assessApp, type RiskOptions } from '../core/risk.ts';
import type { SpilledApp } from './spill.ts';

export interface ReportUser {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  scopes: string[];
  grantedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface ReportApp {
  key: string;
  kind: App['kind'];
  name: string;
  publisher: string | null;
  destinationHost?: string | null;
  risk: { level: RiskLevel; score: number; reasons: { code: string; message: string }[] };
  scopes: { scope: string; category: ScopeInfo['category']; risk: RiskLevel }[];
  users: ReportUser[];
}

const latest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** One line per user: scopes united, first grant, last use, and the latest expiry (never, if any token never expires). */
export function mergeUsers(grants: readonly Grant[], users: ReadonlyMap<string, SaasUser>): ReportUser[] {
  const byUser = new Map<string, ReportUser & { forever: boolean }>();
  for (const g of grants) {
    if (g.userId === null) continue;
    const u = users.get(g.userId);
    let line = byUser.get(g.userId);
    if (!line) {
      line = {
        id: g.userId,
        name: u?.name ?? null,
        email: u?.email ?? null,
        role: u?.role ?? null,
        scopes: [],
        grantedAt: null,
        lastUsedAt: null,
        expiresAt: null,
        forever: false,
      };
      byUser.set(g.userId, line);
    }
    for (const s of g.scopes) if (!line.scopes.includes(s)) line.scopes.push(s);
    line.grantedAt = earliest(line.grantedAt, g.createdAt);
    line.lastUsedAt = latest(line.lastUsedAt, g.lastUsedAt);
    line.forever ||= g.expiresAt === null;
    line.expiresAt = line.forever ? null : latest(line.expiresAt, g.expiresAt);
  }
  return [...byUser.values()].map(({ forever: _, ...line }) => line);
}

export function buildReport(
  entry: SpilledApp,
  lookupScope: (scope: string) => ScopeInfo,
  options: RiskOptions,
): ReportApp {
  const { app, grants, users } = entry;
  const risk: AppRisk = assessApp(
    {
      app,
      grants: grants.map((g) => ({ ...g, userRole: g.userId ? (users.get(g.userId)?.role ?? null) : null })),
      lookupScope,
    },
    options,
  );
  const scopeNames = new Set(app.scopes);
  for (const g of grants) for (const s of g.scopes) scopeNames.add(s);
  return {
    key: app.key,
    kind: app.kind,
    name: app.name,
    publisher: app.publisher,
    ...(app.kind === 'webhook' && { destinationHost: app.destinationHost ?? null }),
    risk: {
      level: risk.level,
      score: risk.score,
      reasons: risk.reasons.map(({ code, message }) => ({ code, message })),
    },
    scopes: [...scopeNames].sort().map((s) => {
      const info = lookupScope(s);
      return { scope: s, category: info.category, risk: info.risk };
    }),
    users: mergeUsers(grants, users),
  };
}
