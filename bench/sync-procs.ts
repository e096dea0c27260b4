// Processes and databases of bench/sync.ts: the simulator and sync children, capped runs, bench_* databases.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startSimProcess } from './sim-process.ts';
import type { MemPeak } from './sync-probe.ts';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

export type Truth = { users: number; tokens: number; grants: number; referencedUsers: number };
export type Counts = { apps: number; grants: number; users: number };
export type SyncResult = {
  pass: string;
  outcome: {
    status: string;
    stats?: Counts & { apiCalls: number };
    problem?: { code: string; message: string };
  };
  analyzeMs: number | null;
  totalMs: number;
  phases: Record<'verifyMs' | 'inventoryMs' | 'assessMs' | 'finalizeMs', number | null>;
  httpMs: number;
  byLabel: Record<string, { ms: number; calls: number }>;
  cpuMs: number;
  rssBeforeMb: number;
  syncPeakMb: number;
  wasm: { beforeMb: number | null; afterMb: number | null };
  peaks: MemPeak;
  changeEvents: number;
};
export type Mark = { l: string; t: number };
export type Killed = { afterS: number; marks: Mark[]; peakMb: number | null };
export type ChildRun = { r: SyncResult; realS: number } | { killed: Killed; realS: number };

/** The simulator in its own process (bench/scan-sim.ts) on a real port: rate limit 10^9/min (off), real clock. */
export function startSim(o: { seed: number; users: number; tokens: number; local: number; global: number }) {
  const args = ['--seed', String(o.seed), '--users', String(o.users), '--tokens', String(o.tokens)];
  args.push(
    '--local-clients',
    String(o.local),
    '--global-clients',
    String(o.global),
    '--limit',
    '1000000000',
  );
  return startSimProcess<Truth, { requests: number; cpuMs: number }>(args);
}

function vmHwmMb(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** One bench/sync-child.ts process, killed after capMs (its peak RSS and progress marks are kept). */
export function runChild(args: Record<string, unknown>, profDir: string | null, capMs: number) {
  return new Promise<ChildRun>((resolve, reject) => {
    const flags = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
    const child = spawn(process.execPath, [...flags, here('./sync-child.ts'), JSON.stringify(args)]);
    const started = performance.now();
    let out = '';
    let err = '';
    let killed: Killed | null = null;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const timer = setTimeout(() => {
      const marks = [...err.matchAll(/^MARK (.*)$/gm)].map((m) => JSON.parse(m[1] as string) as Mark);
      killed = { afterS: capMs / 1000, marks, peakMb: vmHwmMb(child.pid) };
      child.kill('SIGKILL');
    }, capMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const realS = (performance.now() - started) / 1000;
      const line = /^BENCH (.*)$/m.exec(out)?.[1];
      if (killed) resolve({ killed, realS });
      else if (!line)
        reject(new Error(`sync child exited ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
      else resolve({ r: JSON.parse(line) as SyncResult, realS });
    });
  });
}

/** Runs statements on the server as the admin connection (CREATE/DROP of the bench's own bench_* databases). */
export async function admin(url: string, ...statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const sql of statements) await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A server setting (e.g. autovacuum), or null when the server cannot be reached. */
export async function setting(url: string, name: string): Promise<string | null> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    return String(Object.values((await c.query(`SHOW ${name}`)).rows[0] ?? {})[0]);
  } catch {
    return null;
  } finally {
    await c.end().catch(() => {});
  }
}

export const dropDb = (url: string, db: string) => admin(url, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);

/** A killed client leaves its backend running the statement: end it, so the database can be reused or dropped. */
export const endBackends = (url: string, db: string) =>
  admin(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db}'`);

export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
