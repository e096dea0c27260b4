// `grantscope backup <file>` / `grantscope restore <file>` for the embedded database (pg_dump 15 cannot read PGlite's
// PostgreSQL 18). Both need the data folder to themselves: stop the server first. On a PostgreSQL server use pg_dump.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ConfigError, loadConfig } from '../config.ts';
import { openStore } from '../store/db.ts';
import { lockDataDir } from '../store/lock.ts';

function embeddedOnly(command: string): ReturnType<typeof loadConfig> {
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new ConfigError(
      `grantscope ${command} is for the embedded database. With DATABASE_URL, use pg_dump / pg_restore on the server.`,
    );
  }
  return config;
}

export async function runBackup(argv: string[]): Promise<number> {
  const [file] = argv;
  if (!file) throw new ConfigError('Usage: grantscope backup <file.tar.gz>');
  const config = embeddedOnly('backup');
  // Opening checks the key and applies migrations, so a backup is always of a readable, current database.
  const store = await openStore({ ...config, databaseUrl: null });
  try {
    const dump = await (store.pglite as PGlite).dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
  } finally {
    await store.close();
  }
  process.stdout.write(
    `Backed up ${config.dataDir} to ${file}. Keep the key file (secret.key) or GRANTSCOPE_SECRET_KEY with it: credentials cannot be read without it.\n`,
  );
  return 0;
}

export async function runRestore(argv: string[]): Promise<number> {
  const [file, flag] = argv;
  if (!file) throw new ConfigError('Usage: grantscope restore <file.tar.gz> [--force]');
  if (!existsSync(file)) throw new ConfigError(`No backup file at ${file}.`);
  const config = embeddedOnly('restore');
  const target = join(config.dataDir, 'pglite');
  if (existsSync(target) && readdirSync(target).length > 0 && flag !== '--force') {
    throw new ConfigError(
      `${target} already holds a database. Add --force to replace it (the current one is kept as pglite.before-restore).`,
    );
  }
  const release = lockDataDir(config.dataDir);
  try {
    const staging = `${target}.restoring`;
    rmSync(staging, { recursive: true, force: true });
    const db = await PGlite.create(staging, { loadDataDir: new Blob([readFileSync(file)]) });
    await db.query('SELECT 1');
    await db.close();
    if (existsSync(target)) {
      rmSync(`${target}.before-restore`, { recursive: true, force: true });
      renameSync(target, `${target}.before-restore`);
    }
    renameSync(staging, target);
  } finally {
    release();
  }
  // Proves the restored database opens with this key (and brings its schema up to date).
  const store = await openStore({ ...config, databaseUrl: null });
  await store.close();
  process.stdout.write(`Restored ${file} into ${config.dataDir}.\n`);
  return 0;
}
