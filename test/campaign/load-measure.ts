// What the load campaign measures: autocannon latencies on one URL, and the summary probes judged against the old
// and the new inventory's totals.
import { createRequire } from 'node:module';
import type { Totals } from './load-sim.ts';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  failed: number;
}

interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface Instance extends Promise<AutocannonResult> {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  stop(): void;
}
// autocannon ships no types; only what the campaign calls is declared above.
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Instance;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

/** GET `url` from `connections` connections for `seconds` (or until stopped); latencies of the 200s. */
export function cannon(o: {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): { stop(): void; result: Promise<Latency> } {
  const times: number[] = [];
  const run = autocannon({ url: o.url, headers: o.headers, connections: o.connections, duration: o.seconds });
  run.on('response', (_c, status, _b, ms) => {
    if (status === 200) times.push(ms);
  });
  const result = run.then((r) => {
    times.sort((a, b) => a - b);
    return {
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      p99: percentile(times, 0.99),
      requests: times.length,
      failed: r.non2xx + r.errors + r.timeouts,
    };
  });
  return { stop: () => run.stop(), result };
}

export interface Probe extends Totals {
  at: number;
}

export interface ProbeVerdict {
  taken: number;
  /** Probes that started while the second sync ran (between its trigger and the poll that saw it finished). */
  duringSync: number;
  failed: number;
  /** Each distinct `N apps / M grants` seen, with how many probes saw it. */
  seen: [string, number][];
  /** Probes whose totals are neither the old inventory's nor the new one's. */
  inBetween: number;
  /** Of those, probes combining the old apps total with the new grants total, or the reverse. */
  mixed: number;
}

export const totalsKey = (t: Totals) => `${t.apps} apps / ${t.grants} grants`;

export function judgeProbes(
  probes: Probe[],
  failed: number,
  o: { before: Totals; after: Totals; syncFrom: number; syncTo: number },
): ProbeVerdict {
  const allowed = new Set([totalsKey(o.before), totalsKey(o.after)]);
  const seen = new Map<string, number>();
  for (const p of probes) seen.set(totalsKey(p), (seen.get(totalsKey(p)) ?? 0) + 1);
  const odd = probes.filter((p) => !allowed.has(totalsKey(p)));
  // Old apps with new grants (or the reverse) is a mixed read of two complete inventories; anything else in
  // between is a half-written one.
  const apps = new Set([o.before.apps, o.after.apps]);
  const grants = new Set([o.before.grants, o.after.grants]);
  return {
    taken: probes.length,
    duringSync: probes.filter((p) => p.at >= o.syncFrom && p.at <= o.syncTo).length,
    failed,
    seen: [...seen],
    inBetween: odd.length,
    mixed: odd.filter((p) => apps.has(p.apps) && grants.has(p.grants)).length,
  };
}
