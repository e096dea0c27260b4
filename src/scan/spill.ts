// A scan's records spilled to a temporary SQLite file as they stream in, so a scan's memory stays flat whatever the
// tenant's size; apps are then read back one at a time with their grants and users.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { InventoryRecord } from '../connectors/types.ts';
import type { App, Grant, SaasUser } from '../core/domain.ts';

const BATCH = 1000;

export interface SpilledApp {
  app: App;
  grants: Grant[];
  users: Map<string, SaasUser>;
}

export class Spill {
  readonly #dir: string;
  readonly #db: DatabaseSync;
  readonly #insert: Record<InventoryRecord['type'], StatementSync>;
  #pending = 0;
  readonly counts = { app: 0, grant: 0, user: 0, warning: 0 };

  constructor() {
    this.#dir = mkdtempSync(join(tmpdir(), 'grantscope-scan-'));
    this.#db = new DatabaseSync(join(this.#dir, 'scan.db'));
    // A small page cache keeps memory flat; the file is scratch, so durability is not wanted.
    this.#db.exec(`
      PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8000;
      CREATE TABLE apps (key TEXT PRIMARY KEY, body TEXT NOT NULL, score INTEGER, name TEXT, report TEXT);
      CREATE TABLE grants (app_key TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE users (id TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE warnings (body TEXT NOT NULL);
    `);
    this.#insert = {
      app: this.#db.prepare('INSERT OR REPLACE INTO apps (key, body) VALUES (?, ?)'),
      grant: this.#db.prepare('INSERT INTO grants (app_key, body) VALUES (?, ?)'),
      user: this.#db.prepare('INSERT OR REPLACE INTO users (id, body) VALUES (?, ?)'),
      warning: this.#db.prepare('INSERT INTO warnings (body) VALUES (?)'),
    };
    this.#db.exec('BEGIN');
  }

  add(record: InventoryRecord): void {
    this.counts[record.type]++;
    switch (record.type) {
      case 'app':
        this.#insert.app.run(record.app.key, JSON.stringify(record.app));
        break;
      case 'grant':
        this.#insert.grant.run(record.grant.appKey, JSON.stringify(record.grant));
        break;
      case 'user':
        this.#insert.user.run(record.user.id, JSON.stringify(record.user));
        break;
      case 'warning':
        this.#insert.warning.run(JSON.stringify(record.problem));
        break;
    }
    if (++this.#pending >= BATCH) {
      this.#db.exec('COMMIT; BEGIN');
      this.#pending = 0;
    }
  }

  /** Ends the writing phase and indexes what the reads need. */
  seal(): void {
    this.#db.exec('COMMIT; CREATE INDEX grants_app ON grants (app_key);');
  }

  /** Every app with its grants and the users those grants name, one app in memory at a time. */
  *apps(): Generator<SpilledApp> {
    const grantsOf = this.#db.prepare('SELECT body FROM grants WHERE app_key = ? ORDER BY rowid');
    const usersOf = this.#db.prepare(
      `SELECT body FROM users WHERE id IN (SELECT json_extract(body, '$.userId') FROM grants WHERE app_key = ?)`,
    );
    for (const row of this.#db.prepare('SELECT key, body FROM apps ORDER BY rowid').iterate()) {
      const key = row.key as string;
      const grants = grantsOf.all(key).map((g) => JSON.parse(g.body as string) as Grant);
      const users = new Map<string, SaasUser>();
      for (const u of usersOf.all(key)) {
        const user = JSON.parse(u.body as string) as SaasUser;
        users.set(user.id, user);
      }
      yield { app: JSON.parse(row.body as string) as App, grants, users };
    }
  }

  /** Keeps an app's finished report, to be read back in risk order. */
  setReport(key: string, score: number, name: string, report: unknown): void {
    this.#db
      .prepare('UPDATE apps SET score = ?, name = ?, report = ? WHERE key = ?')
      .run(score, name, JSON.stringify(report), key);
  }

  /** Reports, riskiest first; the JSON text as stored, so it can be written out without re-encoding. */
  *reports(): Generator<string> {
    for (const row of this.#db.prepare('SELECT report FROM apps ORDER BY score DESC, name, key').iterate()) {
      yield row.report as string;
    }
  }

  warnings(): string[] {
    return this.#db
      .prepare('SELECT body FROM warnings ORDER BY rowid')
      .all()
      .map((r) => r.body as string);
  }

  close(): void {
    this.#db.close();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
