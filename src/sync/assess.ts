// The risk pass of a sync: reads the staged grants back app by app (memory bounded by one app's grants) and
// stores each app's risk, scopes, categories and counts beside it, then records every scope met in the catalog.
import type { App, ScopeInfo } from '../core/domain.ts';
import { assessApp, RISK_MODEL_VERSION } from '../core/risk.ts';
import type { Sql } from '../store/db.ts';
import {
  type AppAssessment,
  type StagedGrant,
  stageAssessments,
  stagedApps,
  stagedGrantsByApp,
} from '../store/queries/stage.ts';

const BATCH = 500;

function latest(values: Iterable<string | null | undefined>): string | null {
  let best: string | null = null;
  for (const v of values) if (v && (best === null || v > best)) best = v;
  return best;
}

export function assessOne(
  app: App,
  grants: readonly StagedGrant[],
  lookupScope: (s: string) => ScopeInfo,
  now: number,
  staleDays: number,
): AppAssessment {
  const risk = assessApp({ app, grants, lookupScope }, { now, staleDays });
  const scopes = new Set(app.scopes);
  for (const g of grants) for (const s of g.scopes) scopes.add(s);
  const sorted = [...scopes].sort();
  return {
    key: app.key,
    scopes: sorted,
    categories: [...new Set(sorted.map((s) => lookupScope(s).category))].sort(),
    riskLevel: risk.level,
    riskScore: risk.score,
    riskReasons: risk.reasons,
    riskModel: RISK_MODEL_VERSION,
    userCount: new Set(grants.map((g) => g.userId).filter((u) => u !== null)).size,
    grantCount: grants.length,
    lastUsedAt: latest([app.lastUsedAt, ...grants.map((g) => g.lastUsedAt)]),
  };
}

export async function assessStaged(
  db: Sql,
  runId: string,
  opts: { saas: string; lookupScope: (s: string) => ScopeInfo; now: number; staleDays: number },
): Promise<void> {
  const apps = new Map((await stagedApps(db, runId)).map((a) => [a.key, a]));
  const scopesMet = new Set<string>();
  let pending: AppAssessment[] = [];
  const flush = async (force: boolean) => {
    if (pending.length >= BATCH || (force && pending.length > 0)) {
      await stageAssessments(db, runId, pending);
      pending = [];
    }
  };
  const done = new Set<string>();
  for await (const group of stagedGrantsByApp(db, runId)) {
    const key = (group[0] as StagedGrant).appKey;
    const app = apps.get(key);
    // A grant always names an app the connector yielded; one without is a connector bug, not data to invent.
    if (!app) throw new Error(`grant for unknown app ${key}`);
    const a = assessOne(app, group, opts.lookupScope, opts.now, opts.staleDays);
    for (const s of a.scopes) scopesMet.add(s);
    pending.push(a);
    done.add(key);
    await flush(false);
  }
  for (const [key, app] of apps) {
    if (done.has(key)) continue;
    const a = assessOne(app, [], opts.lookupScope, opts.now, opts.staleDays);
    for (const s of a.scopes) scopesMet.add(s);
    pending.push(a);
    await flush(false);
  }
  await flush(true);
  const infos = [...scopesMet].map(opts.lookupScope);
  if (infos.length > 0) {
    await db.query(
      `INSERT INTO scopes (saas, scope, category, risk, description, docs_url)
       SELECT $1, s, c, r, d, u FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(s, c, r, d, u)
       ON CONFLICT (saas, scope) DO UPDATE SET category = excluded.category, risk = excluded.risk, description = excluded.description, docs_url = excluded.docs_url`,
      [
        opts.saas,
        infos.map((i) => i.scope),
        infos.map((i) => i.category),
        infos.map((i) => i.risk),
        infos.map((i) => i.description),
        infos.map((i) => i.docsUrl),
      ],
    );
  }
}
