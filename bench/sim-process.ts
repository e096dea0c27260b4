// The simulator in its own process (bench/scan-sim.ts), so that a benchmarked client's memory and CPU are measured
// alone: it prints one JSON line (url, credentials, truth), answers "stats" with one more, and exits on "exit".
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SimProcess<Truth, Stats> {
  url: string;
  adminEmail: string;
  apiToken: string;
  truth: Truth;
  stats(): Promise<Stats>;
  stop(): Promise<unknown>;
}

/** `args` are scan-sim.ts's flags (--seed, --users, --tokens, --local-clients, --global-clients, --limit, …). */
export async function startSimProcess<Truth, Stats>(args: string[]): Promise<SimProcess<Truth, Stats>> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./scan-sim.ts', import.meta.url)), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the simulator exited early');
    return JSON.parse(line.value);
  };
  const info = (await next()) as { url: string; adminEmail: string; apiToken: string; truth: Truth };
  return {
    ...info,
    async stats() {
      child.stdin.write('stats\n');
      return (await next()) as Stats;
    },
    stop: () => new Promise((done) => child.once('exit', done).stdin.end('exit\n')),
  };
}
