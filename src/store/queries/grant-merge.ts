// Merging one holder's several grants of one app (Zendesk issues a token per sign-in) into one line: scopes
// united, earliest grant, latest use, latest expiry (none if any token never expires), every SaaS grant id.
import { staleness } from '../../core/risk-usage.ts';
import { iso } from './sql.ts';

export interface GrantPart {
  saasId: string;
  scopes: readonly string[];
  createdAt: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface MergedGrant {
  scopes: string[];
  grantedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  /** The SaaS's own ids of the merged grants, to follow up or revoke them there. */
  grantIds: string[];
  stale: boolean;
}

const earliest = (a: string | null, b: string | null) => (a === null || (b !== null && b < a) ? b : a);
const latest = (a: string | null, b: string | null) => (a === null || (b !== null && b > a) ? b : a);

/** `parts` non-empty; ISO strings of one format compare as the instants they name. */
export function mergeGrants(
  parts: readonly GrantPart[],
  clock: { now: number; staleDays: number },
): MergedGrant {
  const scopes = new Set<string>();
  let grantedAt: string | null = null;
  let lastUsedAt: string | null = null;
  let expiresAt: string | null = null;
  let neverExpires = false;
  for (const p of parts) {
    for (const s of p.scopes) scopes.add(s);
    grantedAt = earliest(grantedAt, p.createdAt);
    lastUsedAt = latest(lastUsedAt, p.lastUsedAt);
    if (p.expiresAt === null) neverExpires = true;
    else expiresAt = latest(expiresAt, p.expiresAt);
  }
  return {
    scopes: [...scopes].sort(),
    grantedAt,
    lastUsedAt,
    expiresAt: neverExpires ? null : expiresAt,
    grantIds: parts.map((p) => p.saasId),
    // The risk model's definition: a never-used grant is stale only once it is itself old enough.
    stale: staleness({ createdAt: grantedAt, lastUsedAt }, clock.now, clock.staleDays).stale,
  };
}

export function toGrantPart(r: Record<string, unknown>): GrantPart {
  return {
    saasId: r.grant_id as string,
    scopes: (r.scopes as string[] | null) ?? [],
    createdAt: iso(r.created_at_saas),
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
  };
}

/** Splits rows already ordered by `key` into runs of equal keys. */
export function* runsOf<T>(rows: Iterable<T>, key: (row: T) => string): Generator<T[]> {
  let run: T[] = [];
  let current: string | null = null;
  for (const row of rows) {
    const k = key(row);
    if (current !== null && k !== current) {
      yield run;
      run = [];
    }
    current = k;
    run.push(row);
  }
  if (run.length > 0) yield run;
}
