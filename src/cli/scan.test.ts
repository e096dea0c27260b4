// `grantscope scan zendesk` run in-process against the simulator: output formats, exit codes, and no leaked secret.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createZendeskSimulator, type ZendeskSimulator } from '../../sim/zendesk/server.ts';
import { systemPlatform } from '../connectors/http.ts';
import { CSV_HEADER } from '../scan/format.ts';
import { runScan } from './scan.ts';

type Run = { code: number; stdout: string; stderr: string };

/** Every run's output, checked after each test for any credential the simulator knows. */
const outputs: { sim: ZendeskSimulator; run: Run }[] = [];

function simulator(options: Parameters<typeof createZendeskSimulator>[0] = {}) {
  return createZendeskSimulator({ seed: 17, users: 120, tokens: 700, ...options });
}

async function scan(
  sim: ZendeskSimulator,
  argv: string[],
  env: Record<string, string | undefined> = {},
  fetch: typeof globalThis.fetch = sim.fetch,
): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out.push(String(chunk));
      done();
    },
  });
  const stderr = {
    isTTY: false,
    write: (s: string) => {
      err.push(s);
      return true;
    },
  };
  const code = await runScan(argv, {
    stdout,
    stderr,
    env,
    platform: { ...systemPlatform(), fetch, sleep: async () => {} },
  });
  const run = { code, stdout: out.join(''), stderr: err.join('') };
  outputs.push({ sim, run });
  return run;
}

function withToken(sim: ZendeskSimulator, format = 'json', email = sim.tenant.credentials.adminEmail) {
  return scan(sim, ['zendesk', '--tenant-url', 'acme', '--admin-email', email, '--format', format], {
    ZENDESK_API_TOKEN: sim.tenant.credentials.apiToken,
  });
}

afterEach(() => {
  for (const { sim, run } of outputs.splice(0)) {
    const t = sim.tenant;
    const secrets = [
      t.credentials.apiToken,
      t.credentials.clientSecret,
      ...t.apiTokens.map((a) => a.token),
      ...t.localClients.map((c) => c.secret),
      // Tokens the scan obtained for itself: the tenant's own client starts with no grants.
      ...t.tokens
        .filter((x) => x.clientId === t.localClients.at(-1)?.id)
        .flatMap((x) => [x.token, x.refreshToken ?? x.token]),
    ];
    for (const secret of secrets) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
  }
});

const APP_KEYS = ['key', 'kind', 'name', 'publisher', 'risk', 'scopes', 'users'];
const USER_KEYS = ['email', 'expiresAt', 'grantedAt', 'id', 'lastUsedAt', 'name', 'role', 'scopes'];

interface JsonUser {
  id: string;
  scopes: string[];
  grantedAt: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
}
interface JsonApp {
  key: string;
  kind: string;
  risk: { level: string; score: number; reasons: { code: string; message: string }[] };
  scopes: { scope: string; category: string; risk: string }[];
  users: JsonUser[];
  destinationHost?: string | null;
}

function expectedAppCount(sim: ZendeskSimulator): number {
  const t = sim.tenant;
  const listed = new Set([...t.localClients.map((c) => c.id), ...t.globalClients.map((c) => c.id)]);
  const unlisted = new Set(t.tokens.map((x) => x.clientId).filter((id) => !listed.has(id)));
  return (
    t.localClients.length +
    t.globalClients.length +
    unlisted.size +
    t.installations.length +
    t.apiTokens.length +
    t.webhooks.length
  );
}

/** Enough of RFC 4180 for our own output: quoted cells with doubled quotes, commas and newlines inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  return rows;
}

describe('grantscope scan zendesk --format json', () => {
  it('prints the documented document: every app, riskiest first, and the run’s statistics', async () => {
    const sim = simulator();
    const run = await withToken(sim);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc).sort()).toEqual(['apps', 'scannedAt', 'stats', 'tenantUrl', 'warnings']);
    expect(doc.tenantUrl).toBe('https://acme.zendesk.com');
    expect(new Date(doc.scannedAt).toISOString()).toBe(doc.scannedAt);
    expect(Object.keys(doc.stats).sort()).toEqual(['apiCalls', 'durationMs', 'rateLimitWaits', 'retries']);
    expect(doc.stats.apiCalls).toBe(sim.stats().requests);
    expect(doc.warnings.map((w: { code: string }) => w.code)).toContain('api_token_retirement');
    const apps = doc.apps as JsonApp[];
    expect(apps).toHaveLength(expectedAppCount(sim));
    for (const app of apps) {
      // Webhooks also say where they send data.
      expect(Object.keys(app).sort()).toEqual(
        [...APP_KEYS, ...(app.kind === 'webhook' ? ['destinationHost'] : [])].sort(),
      );
      expect(Object.keys(app.risk).sort()).toEqual(['level', 'reasons', 'score']);
      for (const r of app.risk.reasons) expect(Object.keys(r).sort()).toEqual(['code', 'message']);
      for (const s of app.scopes) expect(Object.keys(s).sort()).toEqual(['category', 'risk', 'scope']);
      for (const u of app.users) expect(Object.keys(u).sort()).toEqual(USER_KEYS);
    }
    const scores = apps.map((a) => a.risk.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('lists each user once per app, however many tokens they hold, with their grants merged', async () => {
    const sim = simulator();
    const apps = JSON.parse((await withToken(sim)).stdout).apps as JsonApp[];
    const byKey = new Map(apps.map((a) => [a.key, a]));
    const global = new Set(sim.tenant.globalClients.map((c) => c.id));
    const keyOf = (clientId: number) =>
      global.has(clientId) ? `global_oauth_client:${clientId}` : `oauth_client:${clientId}`;
    const tokensOf = new Map<string, typeof sim.tenant.tokens>();
    for (const x of sim.tenant.tokens) {
      const k = `${keyOf(x.clientId)}|${x.userId}`;
      tokensOf.set(k, [...(tokensOf.get(k) ?? []), x]);
    }
    let merged = 0;
    for (const [k, tokens] of tokensOf) {
      const [key, userId] = k.split('|') as [string, string];
      const lines = byKey.get(key)?.users.filter((u) => u.id === userId) ?? [];
      expect(lines).toHaveLength(1);
      if (tokens.length < 2) continue;
      merged++;
      const line = lines[0] as JsonUser;
      const ms = (v: string | null) => (v === null ? null : Date.parse(v));
      expect(ms(line.grantedAt)).toBe(Math.min(...tokens.map((x) => Date.parse(x.createdAt))));
      const used = tokens.flatMap((x) => (x.usedAt ? [Date.parse(x.usedAt)] : []));
      expect(ms(line.lastUsedAt)).toBe(used.length ? Math.max(...used) : null);
      const forever = tokens.some((x) => x.expiresAt === null);
      expect(ms(line.expiresAt)).toBe(
        forever ? null : Math.max(...tokens.map((x) => Date.parse(x.expiresAt as string))),
      );
      expect([...line.scopes].sort()).toEqual([...new Set(tokens.flatMap((x) => x.scopes))].sort());
    }
    expect(merged).toBeGreaterThan(0);
    for (const app of apps) expect(new Set(app.users.map((u) => u.id)).size).toBe(app.users.length);
  });

  it('works with an OAuth client whose secret comes from the environment', async () => {
    const sim = simulator();
    const c = sim.tenant.credentials;
    const run = await scan(
      sim,
      ['zendesk', '--tenant-url', 'acme', '--client-id', c.clientId, '--format', 'json'],
      {
        ZENDESK_CLIENT_SECRET: c.clientSecret,
      },
    );
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.apps).toHaveLength(expectedAppCount(sim));
    expect(doc.warnings.map((w: { code: string }) => w.code)).not.toContain('api_token_retirement');
    expect(sim.stats().byRoute['oauth.grant']).toBe(1);
  });
});

describe('grantscope scan zendesk --format csv and table', () => {
  it('writes one CSV row per app under the documented header, riskiest first', async () => {
    const sim = simulator();
    const hostile = sim.tenant.localClients[0];
    if (!hostile) throw new Error('no local client');
    // Anyone who can create an OAuth client chooses its name: a spreadsheet must not run it as a formula.
    hostile.name = '=HYPERLINK("https://evil.example","Open, "now"")';
    const run = await withToken(sim, 'csv');
    expect(run.code).toBe(0);
    const [header, ...rows] = parseCsv(run.stdout);
    expect(header).toEqual(CSV_HEADER);
    expect(rows).toHaveLength(expectedAppCount(sim));
    for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
    const scores = rows.map((r) => Number(r[CSV_HEADER.indexOf('risk_score')]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const named = rows.find((r) => r[0] === `oauth_client:${hostile.id}`);
    expect(named?.[CSV_HEADER.indexOf('name')]).toBe(`'${hostile.name}`);
    const hooks = rows.filter((r) => r[CSV_HEADER.indexOf('kind')] === 'webhook');
    expect(hooks.map((r) => r[CSV_HEADER.indexOf('destination_host')]).sort()).toEqual(
      sim.tenant.webhooks.map((w) => new URL(w.endpoint).host).sort(),
    );
  });

  it('writes a table with one line per app and a closing summary for people', async () => {
    const sim = simulator();
    const run = await withToken(sim, 'table');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    const count = expectedAppCount(sim);
    expect(lines[0]).toMatch(/^RISK\s+SCORE\s+KIND\s+USERS\s+APP\s+WHY$/);
    expect(lines.slice(1, count + 1).every((l) => /^(low|medium|high|critical)\s+\d+/.test(l))).toBe(true);
    expect(lines[count + 1]).toBe('');
    expect(lines[count + 2]).toMatch(
      new RegExp(`^${count} apps with access to https://acme\\.zendesk\\.com`),
    );
    expect(run.stdout).toContain('Grantscope');
    expect(run.stderr).toMatch(/^Scanning https:\/\/acme\.zendesk\.com…\nDone: /);
  });
});

describe('grantscope scan zendesk exit codes', () => {
  it.each([
    ['no SaaS at all', []],
    ['no tenant URL', ['zendesk', '--admin-email', 'admin@example.com']],
    ['neither email nor client id', ['zendesk', '--tenant-url', 'acme']],
    [
      'an unknown format',
      ['zendesk', '--tenant-url', 'acme', '--admin-email', 'a@example.com', '--format', 'xml'],
    ],
    ['an unknown option', ['zendesk', '--tenant-url', 'acme', '--verbose']],
    [
      'a tenant URL outside Zendesk',
      ['zendesk', '--tenant-url', 'https://example.com', '--admin-email', 'a@b.co'],
    ],
  ])('exits 2 with the usage for %s', async (_, argv) => {
    const sim = simulator({ tokens: 10 });
    const run = await scan(sim, argv, { ZENDESK_API_TOKEN: sim.tenant.credentials.apiToken });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^grantscope scan: /);
    expect(sim.stats().requests).toBe(0);
  });

  it.each(['--api-token', '--client-secret'])(
    'exits 2, without echoing it, for a secret passed as %s',
    async (flag) => {
      const sim = simulator({ tokens: 10 });
      const secret =
        flag === '--api-token' ? sim.tenant.credentials.apiToken : sim.tenant.credentials.clientSecret;
      const run = await scan(sim, [
        'zendesk',
        '--tenant-url',
        'acme',
        '--admin-email',
        'admin@example.com',
        flag,
        secret,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('environment');
      expect(sim.stats().requests).toBe(0);
    },
  );

  it('exits 2 when the secret’s environment variable is missing', async () => {
    const sim = simulator({ tokens: 10 });
    const run = await scan(sim, ['zendesk', '--tenant-url', 'acme', '--client-id', 'grantscope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ZENDESK_CLIENT_SECRET');
  });

  it('exits 3 for a wrong API token', async () => {
    const sim = simulator({ tokens: 10 });
    const run = await scan(
      sim,
      ['zendesk', '--tenant-url', 'acme', '--admin-email', sim.tenant.credentials.adminEmail],
      { ZENDESK_API_TOKEN: 'not-the-right-token' },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('[bad_credentials]');
    expect(run.stderr).not.toContain('not-the-right-token');
    expect(run.stdout).toBe('');
  });

  it('exits 3 for a wrong OAuth client secret', async () => {
    const sim = simulator({ tokens: 10 });
    const run = await scan(
      sim,
      ['zendesk', '--tenant-url', 'acme', '--client-id', sim.tenant.credentials.clientId],
      {
        ZENDESK_CLIENT_SECRET: 'not-the-right-secret',
      },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('[bad_credentials]');
  });

  it('exits 3 for a credential that is not an admin’s', async () => {
    const sim = simulator({ tokens: 10 });
    const run = await withToken(sim, 'json', sim.tenant.credentials.agentEmail);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('[not_admin]');
    expect(run.stdout).toBe('');
  });

  it('exits 4 when the tenant cannot be reached', async () => {
    const sim = simulator({ tokens: 10 });
    const server = await sim.listen();
    await server.close();
    const host = new URL(server.url).host;
    const run = await scan(
      sim,
      ['zendesk', '--tenant-url', server.url, '--admin-email', sim.tenant.credentials.adminEmail],
      { ZENDESK_API_TOKEN: sim.tenant.credentials.apiToken, GRANTSCOPE_ALLOWED_TENANT_HOSTS: host },
      systemPlatform().fetch,
    );
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('[tenant_unreachable]');
    expect(run.stdout).toBe('');
  });

  // Found while testing: a failure after verify used to exit 1 whatever it was.
  it('exits 4 and prints no partial report when Zendesk keeps failing mid-scan', async () => {
    const sim = simulator();
    sim.faults.add({ route: 'oauth.tokens', kind: '503', after: 2 });
    const run = await withToken(sim);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/the scan stopped: .*503/);
  });

  // Found while testing: a failure after verify used to exit 1 whatever it was.
  it('exits 3 and prints no partial report when the API token is deactivated mid-scan', async () => {
    const sim = simulator();
    let pages = 0;
    const deactivating: typeof fetch = (input, init) => {
      if (String(input).includes('/oauth/tokens') && ++pages === 3) {
        for (const a of sim.tenant.apiTokens) a.active = false;
      }
      return sim.fetch(input, init);
    };
    const c = sim.tenant.credentials;
    const run = await scan(
      sim,
      ['zendesk', '--tenant-url', 'acme', '--admin-email', c.adminEmail, '--format', 'json'],
      { ZENDESK_API_TOKEN: c.apiToken },
      deactivating,
    );
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('HTTP 401');
  });

  it('exits 1 and prints no partial report when a page leads to another host', async () => {
    const sim = simulator();
    sim.faults.add({ route: 'oauth.tokens', kind: 'foreign-next', after: 1 });
    const run = await withToken(sim);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('[foreign_host]');
  });
});
