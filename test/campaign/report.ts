// Markdown tables of a fault campaign: outcomes by fault kind, error codes, and the invariant totals.
import type { RunRecord, Violation } from './checks.ts';
import { SCENARIO_KINDS } from './scenarios.ts';

export function table(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) =>
    `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor(s.length / 2)] as number);
};

function codes(rs: RunRecord[]): string {
  const by = new Map<string, number>();
  for (const r of rs)
    if (r.status !== 'completed') by.set(r.code ?? '(threw)', (by.get(r.code ?? '(threw)') ?? 0) + 1);
  return (
    [...by]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ×${n}`)
      .join(', ') || '—'
  );
}

export function outcomesTable(records: RunRecord[]): string {
  const rows = SCENARIO_KINDS.map((kind) => {
    const rs = records.filter((r) => r.scenario.kind === kind);
    const done = rs.filter((r) => r.status === 'completed');
    return [
      kind,
      rs.length,
      done.length,
      rs.filter((r) => r.status === 'failed').length,
      rs.filter((r) => r.status === 'threw').length,
      codes(rs),
      rs.reduce((n, r) => n + r.violations.length, 0),
      Math.round(median(rs.map((r) => r.ms))),
    ];
  }).filter((r) => (r[1] as number) > 0);
  return table(
    [
      'fault kind',
      'runs',
      'completed',
      'failed',
      'threw',
      'error codes of failed runs',
      'violations',
      'median ms',
    ],
    rows,
  );
}

export function codesTable(records: RunRecord[]): string {
  const by = new Map<string, RunRecord[]>();
  for (const r of records.filter((x) => x.status !== 'completed')) {
    const k = r.code ?? '(threw)';
    by.set(k, [...(by.get(k) ?? []), r]);
  }
  const rows = [...by]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([code, rs]) => [code, rs.length, (rs[0]?.message ?? '').slice(0, 140)]);
  return table(['error code', 'runs', 'example message'], rows);
}

const VIOLATIONS: Violation[] = [
  'false_removal',
  'partial_inventory',
  'phantom_record',
  'failed_run_changed_inventory',
  'run_left_running',
  'failure_without_reason',
  'status_mismatch',
  'sync_threw',
  'staging_left',
  'integration_left_syncing',
];

export function totalsTable(records: RunRecord[], ms: number): string {
  const count = (k: Violation) => records.filter((r) => r.violations.some((v) => v.kind === k)).length;
  const sum = (f: (r: RunRecord) => number) => records.reduce((n, r) => n + f(r), 0);
  const rows: (string | number)[][] = [
    ['syncs', records.length],
    [
      'completed / failed / threw',
      `${sum((r) => +(r.status === 'completed'))} / ${sum((r) => +(r.status === 'failed'))} / ${sum((r) => +(r.status === 'threw'))}`,
    ],
    [
      'items removed by completed runs (legitimately)',
      sum((r) => (r.status === 'completed' ? r.removed : 0)),
    ],
    ['items added by completed runs', sum((r) => (r.status === 'completed' ? r.added : 0))],
    ['simulator requests answered', sum((r) => r.requests ?? 0)],
    [
      'OAuth token renewals in oauth-expiry runs (beyond the first token)',
      sum((r) => (r.scenario.kind === 'oauth-expiry' ? Math.max(0, (r.tokenRequests ?? 0) - 1) : 0)),
    ],
    ['false removals (items)', sum((r) => r.falseRemovals)],
    ['lost or partial inventories (runs)', records.filter((r) => r.lost > 0).length],
    ['runs left running', count('run_left_running')],
    ...VIOLATIONS.filter((k) => !['false_removal', 'run_left_running'].includes(k)).map((k) => [
      `runs with ${k}`,
      count(k),
    ]),
    ['wall time', `${(ms / 1000).toFixed(1)} s (${(ms / records.length).toFixed(0)} ms per sync)`],
  ];
  return table(['total', 'value'], rows);
}

export function violationLines(records: RunRecord[], reproduce: (r: RunRecord) => string): string[] {
  return records.flatMap((r) =>
    r.violations.map(
      (v) =>
        `run #${r.index} (${r.tenant}, ${r.tokens} tokens, ${r.credential}, ${r.scenario.kind}: ${r.scenario.detail}) → ${r.status}${r.code ? ` ${r.code}` : ''}: ${v.kind} — ${v.detail.slice(0, 600)}\n  reproduce: ${reproduce(r)}`,
    ),
  );
}
