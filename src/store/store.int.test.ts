// The store itself: one owner per embedded data folder, secrets encrypted with a key that must match, credentials
// rotated atomically, and the same migrations on both engines.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCampaignDatabase } from '../../test/campaign/store.ts';
import { createCipher, KEY_FILE, KeyError, parseKey } from './crypto.ts';
import { MIGRATIONS, openStore } from './db.ts';
import { DataDirLockedError } from './lock.ts';
import { loadCredential, rotateCredential, saveCredential } from './queries/credentials.ts';
import { closeTemplates, engines, TEST_DATABASE_URL, TEST_KEY, testStore } from './test-store.ts';

afterAll(closeTemplates);

describe('the embedded data folder', () => {
  it('belongs to one process: a second opener gets an error naming the owner, and the folder is free after close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grantscope-lock-'));
    try {
      const first = await openStore({ databaseUrl: null, dataDir: dir, secretKey: null });
      await expect(openStore({ databaseUrl: null, dataDir: dir, secretKey: null })).rejects.toThrow(
        DataDirLockedError,
      );
      // Another process, too.
      const other = spawnSync(process.execPath, ['src/cli/main.ts', 'migrate'], {
        env: { ...process.env, GRANTSCOPE_DATA_DIR: dir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
      expect(other.status).toBe(2);
      expect(other.stderr).toMatch(new RegExp(`in use by process ${process.pid}`));
      await first.close();
      const again = await openStore({ databaseUrl: null, dataDir: dir, secretKey: null });
      await again.close();
      // The generated key file is private to its owner.
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to start with a key that is not the one the data was encrypted with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grantscope-key-'));
    try {
      const store = await openStore({
        databaseUrl: null,
        dataDir: dir,
        secretKey: Buffer.alloc(32, 1).toString('base64'),
      });
      await store.close();
      await expect(
        openStore({ databaseUrl: null, dataDir: dir, secretKey: Buffer.alloc(32, 2).toString('base64') }),
      ).rejects.toThrow(/does not match this database/);
      expect(existsSync(join(dir, 'grantscope.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('secrets at rest', () => {
  it('encrypts with a fresh IV each time, and refuses a ciphertext moved to another row', () => {
    const cipher = createCipher(parseKey(Buffer.alloc(32, 3).toString('base64')));
    const a = cipher.encrypt('top secret', 'credential:1');
    expect(a).not.toBe(cipher.encrypt('top secret', 'credential:1'));
    expect(a).not.toContain('top secret');
    expect(cipher.decrypt(a, 'credential:1')).toBe('top secret');
    expect(() => cipher.decrypt(a, 'credential:2')).toThrow(KeyError);
  });

  it('explains a malformed key', () => {
    expect(() => parseKey('short')).toThrow(/32 bytes/);
  });
});

describe.each(engines())('credentials on %s', (engine) => {
  it('rotates only from the version it read, so the newest refresh token always wins', async () => {
    const t = await testStore(engine);
    try {
      const id = await t.store.transaction((tx) =>
        saveCredential(t.store, tx, {
          saas: 'zendesk',
          tenantUrl: 'https://a.zendesk.com',
          kind: 'oauth_authorization_code',
          sanitized: {},
          plain: { refreshToken: 'r1' },
        }),
      );
      const { version } = await loadCredential(t.store, id);
      expect(await rotateCredential(t.store, id, version, { refreshToken: 'r2' }, {})).toBe(version + 1);
      // A second writer holding the old version loses, and does not overwrite r2.
      expect(await rotateCredential(t.store, id, version, { refreshToken: 'stale' }, {})).toBeNull();
      expect((await loadCredential(t.store, id)).plain).toEqual({ refreshToken: 'r2' });
      const [row] = await t.store.query<{ ciphertext: string }>(
        'SELECT ciphertext FROM credentials WHERE id = $1',
        [id],
      );
      expect(row?.ciphertext).not.toContain('r2');
    } finally {
      await t.dispose();
    }
  });
});

describe.each(engines())('snapshots on %s', (engine) => {
  it('let several reads agree while another writer commits between them', async () => {
    const t = await testStore(engine);
    const count = async (db: { query: typeof t.store.query }) =>
      Number(
        (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM meta WHERE key LIKE 'snap-%'"))[0]?.n,
      );
    try {
      let write: Promise<unknown> = Promise.resolve();
      const [before, after] = await t.store.snapshot(async (tx) => {
        const first = await count(tx);
        write = t.store.query("INSERT INTO meta (key, value) VALUES ('snap-1', 'x')");
        // On a server the write commits now on another connection; embedded, it waits for the snapshot to end.
        await Promise.race([write, new Promise((r) => setTimeout(r, 300))]);
        return [first, await count(tx)];
      });
      await write;
      expect(after).toBe(before);
      expect(await count(t.store)).toBe(before + 1);
      // Read-only: a write inside a snapshot is refused (a server says so; embedded it is one transaction).
      if (engine === 'postgres')
        await expect(
          t.store.snapshot((tx) => tx.query("INSERT INTO meta (key, value) VALUES ('snap-2', 'x')")),
        ).rejects.toThrow(/read-only transaction/);
    } finally {
      await t.dispose();
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('migrations at start on PostgreSQL', () => {
  it('load the ORM only when the database lacks one: a restart against an up-to-date database does not', async () => {
    const db = await createCampaignDatabase(TEST_DATABASE_URL as string, 'migrate');
    // A child process that reports whether anything resolved drizzle-orm while the store opened.
    const script = `
      import { registerHooks } from 'node:module';
      let orm = false;
      registerHooks({ resolve(specifier, context, next) {
        if (specifier.startsWith('drizzle-orm')) orm = true;
        return next(specifier, context);
      } });
      const { openStore } = await import(${JSON.stringify(join(import.meta.dirname, 'db.ts'))});
      const store = await openStore({ databaseUrl: ${JSON.stringify(db.url)}, dataDir: '.', secretKey: ${JSON.stringify(TEST_KEY)} });
      const [m] = await store.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      await store.close();
      console.log(JSON.stringify({ orm, migrations: m.n }));`;
    const open = () => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as { orm: boolean; migrations: number };
    };
    try {
      const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
        entries: unknown[];
      };
      expect(open()).toEqual({ orm: true, migrations: journal.entries.length });
      expect(open()).toEqual({ orm: false, migrations: journal.entries.length });
    } finally {
      await db.drop();
    }
  }, 60_000);
});
