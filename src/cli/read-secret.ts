// Reads one secret line from stdin: hidden (no echo) on a terminal, the first line of piped input otherwise.
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';

type Stdin = NonNullable<CliIo['stdin']>;

export async function readSecret(stdin: Stdin, stderr: CliIo['stderr']): Promise<string> {
  if (stdin.isTTY && stdin.setRawMode) {
    const first = await promptHidden(stdin, stderr, 'Password: ');
    const again = await promptHidden(stdin, stderr, 'Repeat password: ');
    if (first !== again) throw new UsageError('the two passwords differ');
    return first;
  }
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function promptHidden(stdin: Stdin, stderr: CliIo['stderr'], prompt: string): Promise<string> {
  stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
  });
}
