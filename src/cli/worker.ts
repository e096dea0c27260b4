// `grantscope worker`: runs sync workers only. With DATABASE_URL, any number of them on any number of machines share
// the queue; on the embedded database the server runs its worker in-process instead.
import { ConfigError, loadConfig } from '../config.ts';
import { startRuntime } from '../runtime.ts';

export async function runWorker(_argv: string[]): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      'grantscope worker needs DATABASE_URL (PostgreSQL): on the embedded database `grantscope serve` runs the worker itself, and only one process may own the data folder.',
    );
  }
  const runtime = await startRuntime(config, { worker: true });
  process.stderr.write(
    `${JSON.stringify({ level: 'info', msg: 'worker started', pid: process.pid, concurrency: config.workerConcurrency })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  process.stderr.write(
    `${JSON.stringify({ level: 'info', msg: 'worker stopping: in-flight syncs may finish', graceSeconds: config.shutdownGraceSeconds })}\n`,
  );
  await runtime.stop();
  return 0;
}
