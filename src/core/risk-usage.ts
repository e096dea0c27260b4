// Staleness of grants for the risk model: how long access has sat unused, measured against an injected clock.
export const DAY_MS = 86_400_000;

export interface UsageRecord {
  createdAt: string | null | undefined;
  lastUsedAt: string | null | undefined;
}

export interface Staleness {
  stale: boolean;
  /** Whole days since last use, or since creation when never used; null when the dates say nothing. */
  days: number | null;
  everUsed: boolean;
}

export function daysSince(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor((now - t) / DAY_MS);
}

// A never-used grant only counts as stale once it is itself older than the threshold: new grants get a chance.
export function staleness(record: UsageRecord, now: number, staleDays: number): Staleness {
  const sinceUse = daysSince(record.lastUsedAt, now);
  if (sinceUse !== null) return { stale: sinceUse >= staleDays, days: sinceUse, everUsed: true };
  const sinceCreation = daysSince(record.createdAt, now);
  return {
    stale: sinceCreation !== null && sinceCreation >= staleDays,
    days: sinceCreation,
    everUsed: false,
  };
}

/**
 * One sentence about stale records, or null when none is stale. When every record is stale the app as a
 * whole is unused, so the sentence gives the time since the most recent use; otherwise it counts them.
 */
export function describeStaleness(
  records: readonly UsageRecord[],
  now: number,
  staleDays: number,
  noun: 'grant' | 'app',
): string | null {
  const all = records.map((r) => staleness(r, now, staleDays));
  const stale = all.filter((s) => s.stale);
  if (stale.length === 0) return null;
  // reduce, not Math.min(...list): a popular app can have more grants than a call may take arguments.
  const fewest = (list: Staleness[]): number => list.reduce((m, s) => Math.min(m, s.days ?? 0), Infinity);
  const most = (list: Staleness[]): number => list.reduce((m, s) => Math.max(m, s.days ?? 0), 0);
  if (stale.length === all.length) {
    const used = stale.filter((s) => s.everUsed);
    if (used.length > 0) return `Unused for ${plural(fewest(used), 'day')}`;
    const origin = noun === 'grant' ? 'it was authorized' : 'it was created';
    return `Never used in the ${plural(fewest(stale), 'day')} since ${origin}`;
  }
  return `${stale.length} of ${all.length} grants unused for ${staleDays}+ days (longest ${plural(most(stale), 'day')})`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
