// Random fault scenarios for one sync: simulator fault rules placed where the tenant's own traffic goes, credentials
// revoked after a random number of requests, and OAuth access tokens that expire under the client's feet.
import type { FaultKind, FaultRule } from '../../sim/zendesk/faults.ts';
import type { Rng } from '../../sim/zendesk/rng.ts';

export const SCENARIO_KINDS = [
  'none',
  '429-storm',
  '5xx',
  'reset',
  'timeout',
  'truncate',
  'invalid-json',
  'loop-cursor',
  'foreign-next',
  'revoked',
  'oauth-expiry',
  'mixed',
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** Requests per route of one clean sync of the tenant: where faults can land. */
export interface Profile {
  byRoute: Record<string, number>;
  requests: number;
}

export interface Scenario {
  kind: ScenarioKind;
  rules: FaultRule[];
  /** Revoke Grantscope's credential once this many requests have been made (1-based). */
  revokeAfter: number | null;
  /** Move the simulator's clock past the access token's lifetime after each of these request counts. */
  expireAfter: number[];
  /** One line saying what was injected, for the report and for reproducing a run. */
  detail: string;
}

/** Delay of a `slow` fault; the campaign's HTTP timeout is far shorter (SLOW_MS ≫ TIMEOUT_MS). */
export const SLOW_MS = 2_000;
export const TIMEOUT_MS = 300;

const PAGINATED = ['oauth.clients', 'oauth.global_clients', 'oauth.tokens', 'webhooks'];
// The OAuth token endpoint has its own fixed 30 s timeout (token-source.ts), so `slow` stays off it.
const NO_SLOW = new Set(['oauth.grant']);

function routeOf(rng: Rng, p: Profile, filter: (r: string) => boolean = () => true): string | null {
  const routes = Object.keys(p.byRoute).filter(filter);
  return routes.length === 0 ? null : rng.pick(routes.sort());
}

const afterIn = (rng: Rng, p: Profile, route: string) =>
  rng.int(0, Math.max(0, (route === '*' ? p.requests : (p.byRoute[route] ?? 1)) - 1));

function rulesFor(kind: ScenarioKind, rng: Rng, p: Profile): FaultRule[] {
  switch (kind) {
    case '429-storm': {
      const route = rng.chance(0.5) ? '*' : (routeOf(rng, p) as string);
      // Now and then a Retry-After beyond what the client accepts to wait (300 s): it must give up, not hang.
      const param = rng.chance(0.1) ? 400 : rng.int(1, 30);
      return [{ route, kind: '429', times: rng.int(2, 14), after: afterIn(rng, p, route), param }];
    }
    case '5xx':
    case 'reset': {
      const route = routeOf(rng, p) as string;
      const k: FaultKind = kind === 'reset' ? 'reset' : rng.pick(['500', '502', '503'] as const);
      return rng.chance(0.4)
        ? [{ route, kind: k, probability: Number((0.05 + rng.next() * 0.3).toFixed(2)) }]
        : [{ route, kind: k, times: rng.int(1, 8), after: afterIn(rng, p, route) }];
    }
    case 'timeout': {
      const route = routeOf(rng, p, (r) => !NO_SLOW.has(r)) as string;
      return [{ route, kind: 'slow', param: SLOW_MS, times: rng.int(1, 7), after: afterIn(rng, p, route) }];
    }
    case 'truncate':
    case 'invalid-json': {
      const route = routeOf(rng, p) as string;
      return [{ route, kind, times: rng.int(1, 2), after: afterIn(rng, p, route) }];
    }
    case 'loop-cursor':
    case 'foreign-next': {
      const route = routeOf(rng, p, (r) => PAGINATED.includes(r)) ?? 'oauth.tokens';
      return [{ route, kind, times: 1, after: afterIn(rng, p, route) }];
    }
    default:
      return [];
  }
}

/**
 * One to three expiries, at least EXPIRY_GAP requests apart: a token dies after being used, never between its
 * issue and the retry it was issued for (an access token lives 30 minutes; two expiries back to back are impossible).
 */
const EXPIRY_GAP = 6;
function expiries(rng: Rng, p: Profile): number[] {
  const out = [rng.int(1, Math.max(1, p.requests))];
  for (let i = rng.int(0, 2); i > 0; i--)
    out.push((out.at(-1) as number) + rng.int(EXPIRY_GAP, EXPIRY_GAP + 10));
  return out;
}

function single(kind: ScenarioKind, rng: Rng, p: Profile): Scenario {
  const rules = rulesFor(kind, rng, p);
  const revokeAfter = kind === 'revoked' ? rng.int(1, Math.max(1, p.requests)) : null;
  const expireAfter = kind === 'oauth-expiry' ? expiries(rng, p) : [];
  const parts = [
    ...rules.map(
      (r) =>
        `${r.route}=${r.kind}${r.param !== undefined ? `:${r.param}` : ''}${r.probability !== undefined ? `@${r.probability}` : ''}${r.times !== undefined ? `#${r.times}` : ''}${r.after ? `+${r.after}` : ''}`,
    ),
    ...(revokeAfter !== null ? [`revoke-credential-after-request-${revokeAfter}`] : []),
    ...(expireAfter.length > 0 ? [`token-expires-after-requests-${expireAfter.join('/')}`] : []),
  ];
  return { kind, rules, revokeAfter, expireAfter, detail: parts.join(' ') || 'no fault' };
}

export function pickScenario(rng: Rng, p: Profile, o: { oauth: boolean }): Scenario {
  // Only OAuth tenants can have a token expire, so they draw that kind more often to give it enough runs.
  if (o.oauth && rng.chance(0.25)) return single('oauth-expiry', rng, p);
  const kinds = SCENARIO_KINDS.filter((k) => o.oauth || k !== 'oauth-expiry');
  // Mixed runs are where faults interact, so they come up twice as often as any single kind.
  const kind = rng.chance(2 / (kinds.length + 1)) ? 'mixed' : rng.pick(kinds.filter((k) => k !== 'mixed'));
  if (kind !== 'mixed') return single(kind, rng, p);
  const pool = kinds.filter((k) => k !== 'mixed' && k !== 'none');
  const picked = [...new Set(Array.from({ length: rng.int(2, 3) }, () => rng.pick(pool)))];
  const parts = picked.map((k) => single(k, rng, p));
  return {
    kind: 'mixed',
    rules: parts.flatMap((s) => s.rules),
    revokeAfter: parts.find((s) => s.revokeAfter !== null)?.revokeAfter ?? null,
    expireAfter: parts.flatMap((s) => s.expireAfter).sort((a, b) => a - b),
    detail: parts.map((s) => `[${s.kind}] ${s.detail}`).join(' '),
  };
}
