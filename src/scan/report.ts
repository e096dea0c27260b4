// Turns an app and its grants into the scan's report entry: risk with reasons, and scopes with their category and
// risk. The users who granted it are streamed from the spill at output time (one line per user).
import type { App, RiskLevel, ScopeInfo } from '../core/domain.ts';
import { assessApp, type RiskOptions } from '../core/risk.ts';
import type { SpilledApp, UserLine } from './spill.ts';

export type ReportUser = UserLine;

export interface ReportApp {
  key: string;
  kind: App['kind'];
  name: string;
  publisher: string | null;
  destinationHost?: string | null;
  risk: { level: RiskLevel; score: number; reasons: { code: string; message: string }[] };
  scopes: { scope: string; category: ScopeInfo['category']; risk: RiskLevel }[];
  /** Filled in at output time. */
  users?: ReportUser[];
}

export function buildReport(
  entry: SpilledApp,
  lookupScope: (scope: string) => ScopeInfo,
  options: RiskOptions,
): ReportApp {
  const { app, grants } = entry;
  const risk = assessApp({ app, grants, lookupScope }, options);
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
  };
}
