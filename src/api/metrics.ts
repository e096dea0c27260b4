// Prometheus metrics in text format: HTTP requests, sync runs, API calls to SaaS, rate-limit waits, queue depth.

type Labels = Record<string, string>;

function key(labels: Labels): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', ' ')}"`)
    .join(',');
}

export interface Metrics {
  inc(name: string, labels?: Labels, by?: number): void;
  observe(name: string, seconds: number, labels?: Labels): void;
  render(gauges: Record<string, number>): string;
}

const HELP: Record<string, string> = {
  grantscope_http_requests_total: 'HTTP requests served, by method, route and status.',
  grantscope_http_request_duration_seconds: 'HTTP request duration.',
  grantscope_sync_runs_total: 'Sync runs finished, by outcome.',
  grantscope_saas_api_calls_total: 'Calls made to SaaS APIs by syncs.',
  grantscope_rate_limit_waits_total: 'Waits imposed by SaaS rate limits during syncs.',
  grantscope_queue_depth: 'Sync jobs waiting in the queue.',
  grantscope_integrations: 'Integrations by status.',
};

export function createMetrics(): Metrics {
  const counters = new Map<string, Map<string, number>>();
  const sums = new Map<string, Map<string, { count: number; sum: number }>>();
  return {
    inc(name, labels = {}, by = 1) {
      const m = counters.get(name) ?? new Map<string, number>();
      counters.set(name, m);
      const k = key(labels);
      m.set(k, (m.get(k) ?? 0) + by);
    },
    observe(name, seconds, labels = {}) {
      const m = sums.get(name) ?? new Map();
      sums.set(name, m);
      const k = key(labels);
      const v = m.get(k) ?? { count: 0, sum: 0 };
      v.count++;
      v.sum += seconds;
      m.set(k, v);
    },
    render(gauges) {
      const lines: string[] = [];
      for (const [name, m] of counters) {
        lines.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} counter`);
        for (const [k, v] of m) lines.push(`${name}${k ? `{${k}}` : ''} ${v}`);
      }
      for (const [name, m] of sums) {
        lines.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} summary`);
        for (const [k, v] of m) {
          lines.push(
            `${name}_count${k ? `{${k}}` : ''} ${v.count}`,
            `${name}_sum${k ? `{${k}}` : ''} ${v.sum.toFixed(6)}`,
          );
        }
      }
      for (const [name, value] of Object.entries(gauges)) {
        const [base = name, labelPart] = name.split('{');
        if (!lines.includes(`# TYPE ${base} gauge`))
          lines.push(`# HELP ${base} ${HELP[base] ?? base}`, `# TYPE ${base} gauge`);
        lines.push(`${base}${labelPart ? `{${labelPart}` : ''} ${value}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
