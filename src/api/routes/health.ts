// Liveness, readiness, Prometheus metrics, and the API reference page.

import { requireActor } from '../auth/middleware.ts';
import type { App } from '../context.ts';
import { ApiError } from '../errors.ts';
import { DOCS_SCRIPT, renderDocsPage } from './docs-page.ts';

export function registerHealth(app: App): void {
  // Liveness: the process answers. No database access, so a slow database does not get the process restarted.
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const { store, queue } = c.get('deps');
    try {
      await store.query('SELECT 1');
      if (queue) await queue.depth();
    } catch {
      throw new ApiError('unavailable', 'The database or the job queue is not reachable.');
    }
    return c.json({ status: 'ready' });
  });

  app.get('/metrics', async (c) => {
    requireActor(c, 'viewer');
    const { store, queue, metrics } = c.get('deps');
    const gauges: Record<string, number> = {};
    if (queue) gauges.grantscope_queue_depth = await queue.depth();
    for (const r of await store.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM integrations GROUP BY status',
    )) {
      gauges[`grantscope_integrations{status="${r.status}"`] = Number(r.n);
    }
    const totals = await store.query<{ outcome: string; n: string; calls: string; waits: string }>(
      `SELECT status AS outcome, count(*) AS n, COALESCE(sum(api_calls), 0) AS calls, COALESCE(sum(rate_limit_waits), 0) AS waits
       FROM sync_runs WHERE status IN ('completed', 'failed') GROUP BY status`,
    );
    let calls = 0;
    let waits = 0;
    for (const t of totals) {
      gauges[`grantscope_sync_runs_finished{outcome="${t.outcome}"`] = Number(t.n);
      calls += Number(t.calls);
      waits += Number(t.waits);
    }
    gauges.grantscope_saas_api_calls = calls;
    gauges.grantscope_rate_limit_waits = waits;
    return c.text(metrics.render(gauges), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });

  app.get('/api/docs', (c) => c.html(renderDocsPage()));
  // A separate script file: the page's CSP allows no inline script.
  app.get('/api/docs.js', (c) =>
    c.body(DOCS_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
}
