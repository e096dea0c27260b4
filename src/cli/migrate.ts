// `grantscope migrate`: applies pending migrations (every process also does so on start) and exits.
import { loadConfig } from '../config.ts';
import { openStore } from '../store/db.ts';

export async function runMigrate(_argv: string[]): Promise<number> {
  const config = loadConfig();
  const store = await openStore(config);
  await store.close();
  process.stdout.write(
    `Database is up to date (${config.databaseUrl ? 'PostgreSQL' : `embedded, ${config.dataDir}`}).\n`,
  );
  return 0;
}
