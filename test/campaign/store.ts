// Stores for campaigns: embedded PGlite in a temporary data folder, or a campaign_* database created on a
// PostgreSQL server for the campaign and dropped after it. Both are migrated by openStore, as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.ts';

export const CAMPAIGN_KEY = Buffer.alloc(32, 11).toString('base64');
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface CampaignStore {
  store: Store;
  dataDir: string;
  databaseUrl: string | null;
  dispose(): Promise<void>;
}

export function withDb(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fresh campaign_<what>_<pid>_<random> database; the name says who made it, so leftovers are easy to find. */
export async function createCampaignDatabase(
  serverUrl: string,
  what: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `campaign_${what}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  return {
    url: withDb(serverUrl, name),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function openCampaignStore(
  engine: 'pglite' | 'postgres',
  serverUrl: string | undefined,
  what: string,
): Promise<CampaignStore> {
  const dataDir = mkdtempSync(join(tmpdir(), `grantscope-campaign-${what}-`));
  if (engine === 'pglite') {
    const store = await openStore({ databaseUrl: null, dataDir, secretKey: CAMPAIGN_KEY });
    return {
      store,
      dataDir,
      databaseUrl: null,
      dispose: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const db = await createCampaignDatabase(serverUrl ?? DEFAULT_DATABASE_URL, what);
  const store = await openStore({ databaseUrl: db.url, dataDir, secretKey: CAMPAIGN_KEY });
  return {
    store,
    dataDir,
    databaseUrl: db.url,
    dispose: async () => {
      await store.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
