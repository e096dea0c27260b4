// One process owns an embedded data folder: PGlite does not lock it, and two writers lose data silently
// (measured). The owner holds a lock file naming itself; a second process gets a clear error naming the owner.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'grantscope.lock';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

interface Owner {
  pid: number;
  host: string;
  since: string;
  command: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const me: Owner = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner: Owner | null = null;
      try {
        owner = JSON.parse(readFileSync(file, 'utf8')) as Owner;
      } catch {
        // unreadable: treated as held, it may be being written right now
      }
      // A lock left by a process that died on this host is stale; on another host we cannot tell.
      if (owner && owner.host === me.host && owner.pid !== process.pid && !alive(owner.pid)) {
        rmSync(file, { force: true });
        continue;
      }
      const who = owner
        ? `process ${owner.pid} on ${owner.host} (${owner.command || 'grantscope'}), since ${owner.since}`
        : 'another process';
      throw new DataDirLockedError(
        `The data folder ${dir} is in use by ${who}. The embedded database allows one process only: stop it first, or run this command through the running server (or use DATABASE_URL with PostgreSQL for many processes).`,
      );
    }
  }
  throw new DataDirLockedError(`Could not lock the data folder ${dir}.`);
}
