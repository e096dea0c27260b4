// `grantscope serve [--port <p>]`: the API (and, on the embedded database, the sync worker in the same process),
// with a graceful stop on SIGTERM: no new requests, in-flight syncs finish or go back to the queue.
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { ensureSetupToken } from '../api/auth/setup.ts';
import { createMetrics } from '../api/metrics.ts';
import { type Config, loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { type Runtime, startRuntime } from '../runtime.ts';

export interface Server {
  url: string;
  runtime: Runtime;
  close(): Promise<void>;
}

/** Starts everything `serve` runs; the demo reuses it. */
export async function startServer(
  config: Config,
  opts: { withWorker?: boolean; onReady?: (url: string) => Promise<void> | void } = {},
): Promise<Server> {
  const log = createLogger(config.logLevel);
  const metrics = createMetrics();
  const worker = opts.withWorker ?? !config.databaseUrl;
  const runtime = await startRuntime(config, {
    worker,
    onOutcome: (_job, outcome) => {
      metrics.inc('grantscope_sync_runs_total', { outcome: outcome.status });
      if (outcome.status === 'completed') {
        metrics.inc('grantscope_saas_api_calls_total', {}, outcome.stats.apiCalls);
        metrics.inc('grantscope_rate_limit_waits_total', {}, outcome.stats.rateLimitWaits);
      }
      log.info(
        {
          integrationId: _job.integrationId,
          outcome: outcome.status,
          ...(outcome.status === 'failed' && { code: outcome.problem.code }),
        },
        'sync finished',
      );
    },
  });
  const app = createApp({
    store: runtime.store,
    queue: runtime.queue,
    platform: runtime.deps.platform,
    config,
    log,
    metrics,
    ...(config.publicUrl && { publicUrl: config.publicUrl }),
  });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, engine: runtime.store.engine, worker }, 'grantscope is listening');
  const setupToken = await ensureSetupToken(runtime.store);
  if (setupToken) {
    // Printed for the operator, once per start: whoever opens it first creates the first admin.
    process.stderr.write(
      `\nNo account exists yet. Create the first admin at:\n  ${config.publicUrl ?? url}/setup?token=${setupToken}\n(or run: npx grantscope admin create --email you@example.com)\n\n`,
    );
  }
  await opts.onReady?.(url);
  return {
    url,
    runtime,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.stop();
    },
  };
}

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'with-worker': { type: 'boolean' } },
    strict: true,
  });
  const env = { ...process.env, ...(values.port !== undefined && { PORT: values.port }) };
  const config = loadConfig(env);
  const server = await startServer(config, { ...(values['with-worker'] && { withWorker: true }) });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.close();
  return 0;
}
