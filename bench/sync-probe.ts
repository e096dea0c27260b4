// Bench-only probes around an unmodified runSync: a store and a fetch that time every call, and a memory sampler.
import type { HttpPlatform } from '../src/connectors/http.ts';
import type { Sql, Store } from '../src/store/db.ts';

export type Marks = {
  /** First inventory request (after verify). */
  inventory?: number;
  /** The risk pass's first read (`SELECT body FROM stage_apps`). */
  assess?: number;
  finalizeStart?: number;
  finalizeEnd?: number;
};

export type Probe = {
  marks: Marks;
  /** Milliseconds and calls by statement label (or `http <route>`). */
  byLabel: Record<string, { ms: number; calls: number }>;
  httpMs: number;
  httpCalls: number;
  /** Called as each statement starts (e.g. to report progress before a process is killed). */
  onStart?: (label: string, inTransaction: boolean) => void;
};

export function createProbe(): Probe {
  return { marks: {}, byLabel: {}, httpMs: 0, httpCalls: 0 };
}

/** A short, stable name for a SQL statement: its verb and table, plus the change-event type when there is one. */
export function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const event = /'(app_added|app_removed|risk_changed|grant_added|grant_removed)'/.exec(s)?.[1];
  if (event) return `event ${event}`;
  if (s.includes("'scopes_expanded'")) return 'event scopes_changed';
  const m = /^(INSERT INTO|UPDATE|DELETE FROM|SELECT .*? FROM) (\w+)/i.exec(s);
  if (!m) return s.slice(0, 40);
  const verb = (m[1] as string).split(' ')[0]?.toUpperCase();
  let extra = '';
  if (verb === 'UPDATE' && m[2] === 'apps') extra = ' (removed)';
  if (verb === 'UPDATE' && m[2] === 'grants') extra = ' (removed)';
  if (verb === 'UPDATE' && m[2] === 'saas_users') extra = ' (removed)';
  if (verb === 'UPDATE' && m[2] === 'stage_apps') extra = ' (assessments)';
  if (verb === 'SELECT' && m[2] === 'stage_grants') extra = ' (risk-pass page)';
  return `${verb} ${m[2]}${extra}`;
}

function timedSql(inner: Sql, probe: Probe, inTransaction: boolean): Sql {
  return {
    async query(text, params) {
      const l = label(text);
      if (l === 'SELECT stage_apps') probe.marks.assess ??= performance.now();
      probe.onStart?.(l, inTransaction);
      const t = performance.now();
      try {
        return await inner.query(text, params);
      } finally {
        const slot = probe.byLabel[l] ?? { ms: 0, calls: 0 };
        slot.ms += performance.now() - t;
        slot.calls++;
        probe.byLabel[l] = slot;
      }
    },
  };
}

/** The same store, every statement timed; the transaction (reconcile + finalize) marks its start and end. */
export function timedStore(store: Store, probe: Probe): Store {
  return {
    ...store,
    ...timedSql(store, probe, false),
    async transaction(fn) {
      probe.marks.finalizeStart = performance.now();
      try {
        return await store.transaction((tx) => fn(timedSql(tx, probe, true)));
      } finally {
        probe.marks.finalizeEnd = performance.now();
      }
    },
  };
}

/** The platform with a fetch timed to its response headers (the simulator sends each page whole). */
export function timedPlatform(platform: HttpPlatform, probe: Probe): HttpPlatform {
  return {
    ...platform,
    fetch: async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes('/oauth/clients')) probe.marks.inventory ??= performance.now();
      const t = performance.now();
      try {
        return await platform.fetch(input, init);
      } finally {
        probe.httpMs += performance.now() - t;
        probe.httpCalls++;
      }
    },
  };
}

export type MemPeak = { heapUsedMb: number; externalMb: number; arrayBuffersMb: number; rssMb: number };

/** Samples process.memoryUsage() every `everyMs` and keeps each field's peak. */
export function memorySampler(everyMs = 100): { stop(): MemPeak } {
  const peak: MemPeak = { heapUsedMb: 0, externalMb: 0, arrayBuffersMb: 0, rssMb: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heapUsedMb = Math.max(peak.heapUsedMb, m.heapUsed / 2 ** 20);
    peak.externalMb = Math.max(peak.externalMb, m.external / 2 ** 20);
    peak.arrayBuffersMb = Math.max(peak.arrayBuffersMb, m.arrayBuffers / 2 ** 20);
    peak.rssMb = Math.max(peak.rssMb, m.rss / 2 ** 20);
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
