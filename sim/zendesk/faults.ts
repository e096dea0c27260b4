// Fault injection, scripted or by probability, per endpoint: what real networks and a real SaaS do to a client.
import type { Rng } from './rng.ts';

export const FAULT_KINDS = [
  '429',
  '500',
  '502',
  '503',
  'reset',
  'slow',
  'truncate',
  'invalid-json',
  'loop-cursor',
  'foreign-next',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  /** A route name (`oauth.tokens`), a prefix glob (`oauth.*`) or `*` for every endpoint. */
  route: string;
  kind: FaultKind;
  /** Fire with this probability; without it, fire every time (within `times`). */
  probability?: number;
  /** Fire at most this many times. */
  times?: number;
  /** Let this many matching requests through before the rule may fire. */
  after?: number;
  /** `slow`: delay in ms (default 30 s); `429`: Retry-After seconds (default 1). */
  param?: number;
}

interface Armed {
  rule: FaultRule;
  seen: number;
  fired: number;
}

export interface FaultPlan {
  add(rule: FaultRule): void;
  clear(): void;
  /** The fault to apply to one request of `route`, if any rule fires. */
  pick(route: string): FaultRule | null;
  fired(): number;
}

function matches(pattern: string, route: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return route.startsWith(pattern.slice(0, -1));
  return pattern === route;
}

export function createFaultPlan(rng: Rng, rules: readonly FaultRule[] = []): FaultPlan {
  let armed: Armed[] = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
  let total = 0;
  return {
    add: (rule) => {
      armed.push({ rule, seen: 0, fired: 0 });
    },
    clear: () => {
      armed = [];
    },
    pick(route) {
      let chosen: FaultRule | null = null;
      for (const a of armed) {
        if (!matches(a.rule.route, route)) continue;
        a.seen++;
        if (chosen) continue;
        if (a.seen <= (a.rule.after ?? 0)) continue;
        if (a.rule.times !== undefined && a.fired >= a.rule.times) continue;
        if (a.rule.probability !== undefined && rng.next() >= a.rule.probability) continue;
        a.fired++;
        total++;
        chosen = a.rule;
      }
      return chosen;
    },
    fired: () => total,
  };
}

/**
 * Parses `--faults`: comma-separated `route=kind[:param][@probability][#times][+after]`, e.g.
 * `oauth.tokens=500@0.1,*=429:2#3,users.show_many=reset#1+2,oauth.tokens=slow:5000#1`.
 */
export function parseFaults(spec: string): FaultRule[] {
  const rules: FaultRule[] = [];
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([\w.*]+)=([\w-]+)(?::(\d+))?(?:@([\d.]+))?(?:#(\d+))?(?:\+(\d+))?$/.exec(part);
    if (!m)
      throw new Error(
        `Cannot read fault "${part}": expected route=kind[:param][@probability][#times][+after]`,
      );
    const [, route, kind, param, probability, times, after] = m as unknown as [
      string,
      string,
      string,
      ...(string | undefined)[],
    ];
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`Unknown fault kind "${kind}" in "${part}": use one of ${FAULT_KINDS.join(', ')}`);
    }
    const p = probability === undefined ? undefined : Number(probability);
    if (p !== undefined && !(p >= 0 && p <= 1))
      throw new Error(`Fault probability must be between 0 and 1 in "${part}"`);
    rules.push({
      route,
      kind: kind as FaultKind,
      ...(param !== undefined && { param: Number(param) }),
      ...(p !== undefined && { probability: p }),
      ...(times !== undefined && { times: Number(times) }),
      ...(after !== undefined && { after: Number(after) }),
    });
  }
  return rules;
}
