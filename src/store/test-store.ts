// Test stores: PGlite always (a migrated template cloned per test: ~0.4 s instead of ~2–3 s for a fresh one) and
// PostgreSQL when TEST_DATABASE_URL is set (a migrated template database copied per test). Every one is closed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { MIGRATIONS, openStore, type Store } from './db.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? null;
export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');
export type Engine = 'pglite' | 'postgres';

/** The engines a store suite runs on; Postgres suites say why they skip. */
export function engines(): Engine[] {
  if (!TEST_DATABASE_URL) {
    console.info(
      'TEST_DATABASE_URL is not set: the PostgreSQL variants of the store suites are skipped (they run in CI).',
    );
    return ['pglite'];
  }
  return ['pglite', 'postgres'];
}

let template: Promise<PGlite> | null = null;

function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const db = await PGlite.create();
    await migrate(drizzle(db), { migrationsFolder: MIGRATIONS });
    return db;
  })();
  return template;
}

function withDb(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL as string });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const PG_TEMPLATE = 'grantscope_test_template';
let pgTemplateReady: Promise<void> | null = null;

/** A migrated template database, rebuilt by whichever test process gets the lock first. */
function postgresTemplate(): Promise<void> {
  pgTemplateReady ??= admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(4711)');
    try {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_TEMPLATE]);
      if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${PG_TEMPLATE}`);
      // Opening applies any migration the template lacks (migrations are append-only).
      const s = await openStore({
        databaseUrl: withDb(TEST_DATABASE_URL as string, PG_TEMPLATE),
        dataDir: tmpdir(),
        secretKey: TEST_KEY,
      });
      await s.close();
    } finally {
      await c.query('SELECT pg_advisory_unlock(4711)');
    }
  });
  return pgTemplateReady;
}

export interface TestStore {
  store: Store;
  /** Where a second process (a worker) can reach the same database; null for PGlite. */
  databaseUrl: string | null;
  dispose(): Promise<void>;
}

export async function testStore(engine: Engine): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grantscope-test-'));
  if (engine === 'pglite') {
    const clone = (await (await pgliteTemplate()).clone()) as PGlite;
    const store = await openStore({
      databaseUrl: null,
      dataDir,
      secretKey: TEST_KEY,
      pglite: clone,
      migrate: false,
    });
    return {
      store,
      databaseUrl: null,
      dispose: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  await postgresTemplate();
  const name = `grantscope_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(4711)');
    try {
      await c.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE}`);
    } finally {
      await c.query('SELECT pg_advisory_unlock(4711)');
    }
  });
  const databaseUrl = withDb(TEST_DATABASE_URL as string, name);
  const store = await openStore({ databaseUrl, dataDir, secretKey: TEST_KEY, migrate: false });
  return {
    store,
    databaseUrl,
    dispose: async () => {
      await store.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Closes the shared PGlite template (an open one keeps the process alive). */
export async function closeTemplates(): Promise<void> {
  if (template) await (await template).close();
  template = null;
}
