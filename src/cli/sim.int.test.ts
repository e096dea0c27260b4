// `grantscope sim zendesk` as a person runs it: a real process on a real port, one JSON line on stdout.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.kill('SIGTERM');
});

function start(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['src/cli/main.ts', 'sim', 'zendesk', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  return line;
}

describe('grantscope sim zendesk', () => {
  it('prints exactly one JSON line with working admin, agent and OAuth client credentials', async () => {
    const child = start([
      '--port',
      '0',
      '--seed',
      '4',
      '--users',
      '50',
      '--tokens',
      '120',
      '--rate-limit',
      '50/1s',
    ]);
    const info = JSON.parse(await firstLine(child));
    expect(Object.keys(info).sort()).toEqual([
      'adminEmail',
      'agentEmail',
      'apiToken',
      'clientId',
      'clientSecret',
      'url',
    ]);
    const basic = (email: string) =>
      `Basic ${Buffer.from(`${email}/token:${info.apiToken}`).toString('base64')}`;
    const me = await fetch(`${info.url}/api/v2/users/me.json`, {
      headers: { authorization: basic(info.adminEmail) },
    });
    expect((await me.json()).user.role).toBe('admin');
    expect(me.headers.get('x-rate-limit')).toBe('50');
    const agent = await fetch(`${info.url}/api/v2/oauth/tokens?all=true`, {
      headers: { authorization: basic(info.agentEmail) },
    });
    expect(agent.status).toBe(403);
    const grant = await fetch(`${info.url}/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: info.clientId,
        client_secret: info.clientSecret,
        scope: 'read',
      }),
    });
    expect(grant.status).toBe(201);
  });

  it('applies --faults from the command line', async () => {
    const child = start(['--tokens', '10', '--faults', 'users.me=503#1']);
    const info = JSON.parse(await firstLine(child));
    expect((await fetch(`${info.url}/api/v2/users/me`)).status).toBe(503);
    expect((await fetch(`${info.url}/api/v2/users/me`)).status).toBe(200);
  });

  it('exits with 2 and says what is wrong on bad input', async () => {
    for (const args of [
      ['--plan', 'gold'],
      ['--faults', 'x=boom'],
      ['--rate-limit', 'fast'],
      ['--users', '-3'],
      ['--bogus'],
    ]) {
      const child = start(args);
      let stderr = '';
      child.stderr?.on('data', (d) => {
        stderr += d;
      });
      const [code] = await once(child, 'exit');
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(/grantscope sim zendesk: .+/);
    }
  });
});
