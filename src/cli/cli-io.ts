// What a CLI command may touch: its output streams, the environment and stdin, injected so tests run it in-process.
import type { Readable } from 'node:stream';

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: Record<string, string | undefined>;
  stdin?: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
}

/** Bad usage or input: the command prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
