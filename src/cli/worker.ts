// `grantscope worker`: runs sync workers only. With DATABASE_URL, any number of them on any number of machines share
// the queue; on the embedded database the server runs its worker in-process instead. With
// GRANTSCOPE_WORKER_HEALTH=on (set in the container image) it also answers /healthz and /readyz on PORT, for the
// image's HEALTHCHECK and an orchestrator's probes; nothing else is served there.
import { createServer, type Server } from 'node:http';
import { ConfigError, loadConfig } from '../config.ts';
import { type Runtime, startRuntime } from '../runtime.ts';

export async function runWorker(_argv: string[]): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'grantscope worker needs DATABASE_URL (PostgreSQL): on the embedded database `grantscope serve` runs the worker itself, and only one process may own the data folder.',
    );
  }
  const runtime = await startRuntime(config, { worker: true });
  let health: Server | null = null;
  if (config.workerHealth) {
    try {
      health = await listenHealth(runtime, config.host, config.port);
    } catch (e) {
      await runtime.stop();
      throw new ConfigError(
        `GRANTSCOPE_WORKER_HEALTH is on but the worker cannot answer health checks on ${config.host}:${config.port} (${(e as Error).message}). Set PORT to a free port, or GRANTSCOPE_WORKER_HEALTH=off.`,
      );
    }
  }
  process.stderr.write(
    `${JSON.stringify({ level: 'info', msg: 'worker started', pid: process.pid, concurrency: config.workerConcurrency, ...(health && { health: `http://${config.host}:${config.port}/healthz` }) })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  process.stderr.write(
    `${JSON.stringify({ level: 'info', msg: 'worker stopping: in-flight syncs may finish', graceSeconds: config.shutdownGraceSeconds })}\n`,
  );
  // Still healthy while in-flight syncs finish; closed once the worker has stopped.
  await runtime.stop();
  if (health) await new Promise((r) => health.close(r));
  return 0;
}

/** /healthz: the process answers; /readyz: the database and the job queue answer. JSON, like serve's. */
async function listenHealth(runtime: Runtime, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(405, { error: { code: 'method_not_allowed', message: 'Only GET.' } });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz')
      return void Promise.all([runtime.store.query('SELECT 1'), runtime.queue.depth()]).then(
        () => send(200, { status: 'ready' }),
        () =>
          send(503, {
            error: { code: 'unavailable', message: 'The database or the job queue is not reachable.' },
          }),
      );
    send(404, { error: { code: 'not_found', message: 'A worker serves /healthz and /readyz only.' } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
