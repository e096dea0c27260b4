// Opens the store: embedded PGlite in a data folder (locked to this process) when DATABASE_URL is unset, a
// PostgreSQL server otherwise; applies migrations; checks the secrets key. Raw SQL is the same on both engines.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Cipher, createCipher, KeyError, loadKey } from './crypto.ts';
import { lockDataDir } from './lock.ts';

export const MIGRATIONS = join(import.meta.dirname, 'migrations');
/** Serializes migrations of processes starting together against one server. */
const MIGRATION_LOCK = 7_274_172;

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Store extends Sql {
  engine: 'pglite' | 'postgres';
  cipher: Cipher;
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs several reads against one snapshot, so a sync committing meanwhile cannot make them disagree (an apps
   * total from before it with a grants total from after it). Read-only.
   */
  snapshot<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** The embedded instance, for pg-boss's in-process adapter; null on a server. */
  pglite: PGlite | null;
  /** The server's connection string, for pg-boss's own pool; null when embedded. */
  databaseUrl: string | null;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  secretKey: string | null;
  /** An already open PGlite (tests hand in a clone of a migrated template). */
  pglite?: PGlite;
  migrate?: boolean;
  poolSize?: number;
}

/**
 * Whether the server's database already has every migration of this build, by drizzle's own rule (a migration runs
 * when its journal time is after the newest one recorded). Checked first so that a process starting against an
 * up-to-date database never loads the ORM and its migrator: ~130 MB of start-up memory a worker would otherwise
 * keep (209 → 81 MB after opening; bench/sync.ts: 290 → 182 MB at 10k grants, 327 → 303 MB at 100k).
 */
async function upToDate(sql: Sql): Promise<boolean> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const newest = Math.max(...journal.entries.map((e) => e.when));
  const [table] = await sql.query<{ name: string | null }>(
    "SELECT to_regclass('drizzle.__drizzle_migrations')::text AS name",
  );
  if (!table?.name) return false;
  const [last] = await sql.query<{ at: string | null }>(
    'SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations',
  );
  return last?.at !== null && last?.at !== undefined && Number(last.at) >= newest;
}

function pgliteSql(db: Pick<PGlite, 'query'>): Sql {
  return { query: async (text, params) => (await db.query(text, params)).rows as never };
}

export async function openStore(o: OpenOptions): Promise<Store> {
  if (o.databaseUrl) return openServer(o, o.databaseUrl);
  let release = () => {};
  let pglite = o.pglite;
  if (!pglite) {
    // V8's optimizing compiler recompiles PGlite's WebAssembly during the first heavy queries and holds ~450 MB
    // while doing so; the baseline tier alone keeps the embedded server near 600 MB instead of ~1 GB, for syncs
    // about 30 % slower (bench/sync.ts). Must be set before PGlite is compiled.
    setFlagsFromString('--liftoff-only');
    mkdirSync(o.dataDir, { recursive: true });
    release = lockDataDir(o.dataDir);
    try {
      pglite = await PGlite.create(join(o.dataDir, 'pglite'));
    } catch (e) {
      release();
      throw e;
    }
  }
  const db = pglite;
  try {
    if (o.migrate !== false) {
      // Always, unlike on a server: skipping it when up to date left the embedded process ~300 MB bigger during
      // syncs (bench/sync.ts, 589 → 887 MB at 10k), for reasons not found yet (PGlite's start-up buffers stay
      // resident when nothing else runs a full collection first, most likely).
      const { drizzle } = await import('drizzle-orm/pglite');
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(db), { migrationsFolder: MIGRATIONS });
    }
    const cipher = createCipher(loadKey({ secretKey: o.secretKey, dataDir: o.dataDir, embedded: true }));
    const sql = pgliteSql(db);
    await checkKey(sql, cipher);
    return {
      engine: 'pglite',
      cipher,
      ...sql,
      transaction: (fn) => db.transaction((tx) => fn(pgliteSql(tx))),
      // One connection: a transaction runs alone (PGlite queues every other query behind it), which is a snapshot.
      snapshot: (fn) => db.transaction((tx) => fn(pgliteSql(tx))),
      pglite: db,
      databaseUrl: null,
      close: async () => {
        await db.close();
        release();
      },
    };
  } catch (e) {
    await db.close();
    release();
    throw e;
  }
}

async function migrateServer(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let locked = false;
  try {
    if (await upToDate({ query: async (text, params) => (await client.query(text, params)).rows })) return;
    // Processes starting together: one migrates, the others wait here and find nothing left to do.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    locked = true;
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

async function openServer(o: OpenOptions, url: string): Promise<Store> {
  const cipher = createCipher(loadKey({ secretKey: o.secretKey, dataDir: o.dataDir, embedded: false }));
  if (o.migrate !== false) await migrateServer(url);
  const pool = new pg.Pool({ connectionString: url, max: o.poolSize ?? 10 });
  // An idle connection the server closes (restart, failover) must not crash the process; the pool reconnects.
  pool.on('error', () => {});
  const sql: Sql = { query: async (text, params) => (await pool.query(text, params)).rows };
  try {
    await checkKey(sql, cipher);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return {
    engine: 'postgres',
    cipher,
    ...sql,
    transaction: (fn) => inTransaction(pool, 'BEGIN', fn),
    snapshot: (fn) => inTransaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', fn),
    pglite: null,
    databaseUrl: url,
    close: () => pool.end(),
  };
}

async function inTransaction<T>(pool: pg.Pool, begin: string, fn: (tx: Sql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    // One connection runs one query at a time: callers may still issue several at once (Promise.all), so they
    // are queued here rather than on the client (which pg deprecates).
    let queue: Promise<unknown> = Promise.resolve();
    const query: Sql['query'] = (text, params) => {
      const run = queue.then(() => client.query(text, params));
      queue = run.catch(() => {});
      return run.then((r) => r.rows);
    };
    const result = await fn({ query });
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** A value encrypted with the key on first start; decrypting it proves later starts use the same key. */
async function checkKey(sql: Sql, cipher: Cipher): Promise<void> {
  const [row] = await sql.query<{ value: string }>("SELECT value FROM meta WHERE key = 'key_check'");
  if (!row) {
    await sql.query("INSERT INTO meta (key, value) VALUES ('key_check', $1) ON CONFLICT (key) DO NOTHING", [
      cipher.encrypt('grantscope', 'key_check'),
    ]);
    return;
  }
  try {
    cipher.decrypt(row.value, 'key_check');
  } catch {
    throw new KeyError(
      'The secrets key does not match this database: GRANTSCOPE_SECRET_KEY (or the key file in the data folder) is not the key its credentials were encrypted with. Restore the original key; credentials cannot be read without it.',
    );
  }
}
