// Shared pieces of the crash campaign: child processes killed hard, polling, the truth's history per integration
// (which truth a run saw is the one in force when it started), and inventory checks against it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Sql } from '../../src/store/db.ts';
import { type KeySets, liveInventory, minus, PARTS } from './truth.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(
  fn: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export interface Child {
  proc: ChildProcess;
  /** The last lines it wrote to stderr, for a report when something goes wrong. */
  tail(): string;
  exited: Promise<number | null>;
}

/** `grantscope <args>` as production runs it, with its stderr kept (the last 40 lines). */
export function grantscope(args: string[], env: Record<string, string>): Child {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const proc = spawn(process.execPath, ['src/cli/main.ts', ...args], {
    env: { ...base, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
    lines.push(...d.split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, tail: () => lines.join('\n'), exited };
}

export async function killHard(c: Child): Promise<void> {
  c.proc.kill('SIGKILL');
  await c.exited;
}

/** Every truth an integration's tenant has had, and since when (ms): a run saw the one in force at its start. */
export class TruthLog {
  private readonly log = new Map<string, { at: number; truth: KeySets }[]>();
  record(integrationId: string, truth: KeySets): void {
    const list = this.log.get(integrationId) ?? [];
    list.push({ at: Date.now(), truth });
    this.log.set(integrationId, list);
  }
  at(integrationId: string, ms: number): KeySets {
    const list = this.log.get(integrationId) ?? [];
    const found = list.filter((e) => e.at <= ms).at(-1) ?? list[0];
    if (!found) throw new Error(`no truth recorded for ${integrationId}`);
    return found.truth;
  }
  current(integrationId: string): KeySets {
    return this.at(integrationId, Number.POSITIVE_INFINITY);
  }
}

/** The truth the integration's last complete run saw; null before any complete run. */
export async function lastCompleteTruth(
  db: Sql,
  log: TruthLog,
  integrationId: string,
): Promise<KeySets | null> {
  const [run] = await db.query<{ started_at: Date | string }>(
    "SELECT started_at FROM sync_runs WHERE integration_id = $1 AND status = 'completed' ORDER BY finished_at DESC LIMIT 1",
    [integrationId],
  );
  return run ? log.at(integrationId, new Date(run.started_at).getTime()) : null;
}

/** Differences between the live inventory and a truth, as short sentences (empty when they are equal). */
export async function inventoryMismatch(db: Sql, integrationId: string, truth: KeySets): Promise<string[]> {
  const live = await liveInventory(db, integrationId);
  const out: string[] = [];
  for (const part of PARTS) {
    const missing = minus(truth[part], live[part]);
    const extra = minus(live[part], truth[part]);
    if (missing.length > 0)
      out.push(`${part}: ${missing.length} missing (e.g. ${missing.slice(0, 3).join(', ')})`);
    if (extra.length > 0)
      out.push(`${part}: ${extra.length} not in the truth (e.g. ${extra.slice(0, 3).join(', ')})`);
  }
  return out;
}

/** Where a killed run was, judged from what it left: its status, and whether it had staged anything. */
export async function stageOf(db: Sql, runId: string): Promise<string> {
  const [run] = await db.query<{ status: string; error_code: string | null }>(
    'SELECT status, error_code FROM sync_runs WHERE id = $1',
    [runId],
  );
  if (!run) return 'run missing';
  if (run.status === 'running') {
    const [s] = await db.query<{ n: string }>(
      'SELECT (SELECT count(*) FROM stage_grants WHERE run_id = $1) + (SELECT count(*) FROM stage_apps WHERE run_id = $1) AS n',
      [runId],
    );
    return Number(s?.n) > 0 ? 'running, staging written' : 'running, nothing staged yet';
  }
  if (run.status === 'completed') return 'completed before the kill';
  if (run.status === 'queued') return 'queued, not started';
  return `${run.status} (${run.error_code})`;
}

export async function openRuns(db: Sql): Promise<{ id: string; status: string; integration_id: string }[]> {
  return db.query("SELECT id, status, integration_id FROM sync_runs WHERE status IN ('queued', 'running')");
}

export async function stagedRows(db: Sql): Promise<number> {
  const [s] = await db.query<{ n: string }>(
    'SELECT (SELECT count(*) FROM stage_grants) + (SELECT count(*) FROM stage_apps) + (SELECT count(*) FROM stage_users) AS n',
  );
  return Number(s?.n);
}

/** Waits until `grantscope serve` answers /readyz at base; throws with its last log lines if it exits first. */
export async function untilReady(server: Child, base: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      if (server.proc.exitCode !== null)
        throw new Error(`grantscope serve exited during start:\n${server.tail()}`);
      return (await fetch(`${base}/readyz`).catch(() => null))?.ok === true;
    },
    timeoutMs,
    'grantscope serve to be ready',
    100,
  );
}

/** A JSON client of the API at base with an API key; a non-2xx answer throws with its status and body. */
export function apiClient(base: string, key: string) {
  return async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}
