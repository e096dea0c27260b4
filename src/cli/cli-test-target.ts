// For CLI tests: a database the command opens itself (a fresh data folder, or a PostgreSQL test database), and a
// way to open it afterwards to check what the command did.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../store/db.ts';
import { type Engine, TEST_KEY, testStore } from '../store/test-store.ts';
import type { CliIo } from './cli-io.ts';

export interface CliTarget {
  env: Record<string, string>;
  /** The store the command wrote to; PGlite locks its folder, so open it only after the command ended. */
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

export async function cliTarget(engine: Engine): Promise<CliTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-cli-'));
  const env = { GRANTSCOPE_DATA_DIR: dataDir, GRANTSCOPE_SECRET_KEY: TEST_KEY };
  const opened: Store[] = [];
  const server = engine === 'postgres' ? await testStore('postgres') : null;
  return {
    env: server ? { ...env, DATABASE_URL: server.databaseUrl as string } : env,
    async open() {
      if (server) return server.store;
      const store = await openStore({ databaseUrl: null, dataDir, secretKey: TEST_KEY });
      opened.push(store);
      return store;
    },
    async dispose() {
      for (const s of opened) await s.close();
      await server?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An io that records what the command wrote. */
export function captureIo(env: Record<string, string>, stdin?: CliIo['stdin']) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env,
    ...(stdin && { stdin }),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
