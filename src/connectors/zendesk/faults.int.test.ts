// The inventory under every simulated fault, in-process and over a real port: retried to the same result, or failed loudly.
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../../sim/zendesk/faults.ts';
import { DEFAULT_REFERENCE_TIME } from '../../../sim/zendesk/generator.ts';
import { createZendeskSimulator, type ZendeskSimulator } from '../../../sim/zendesk/server.ts';
import { ConnectorError } from '../errors.ts';
import { type HttpClientOptions, HttpError, systemPlatform } from '../http.ts';
import type { InventoryRecord } from '../types.ts';
import { ZendeskCredential } from './credentials.ts';
import { createZendeskSession } from './index.ts';

type Tuning = Omit<HttpClientOptions, 'platform' | 'baseUrl' | 'authorize' | 'onUnauthorized' | 'signal'>;
type Wrap = (f: typeof fetch) => typeof fetch;

// A fixed simulator clock keeps `last used` stamps identical from run to run, so runs compare equal; the
// client's own clock moves only when it sleeps, so Retry-After and backoff cost no real time.
function simulator(faults: FaultRule[] = []): ZendeskSimulator {
  return createZendeskSimulator({
    seed: 5,
    users: 200,
    tokens: 1200,
    faults,
    now: () => DEFAULT_REFERENCE_TIME,
  });
}

function session(
  sim: ZendeskSimulator,
  o: { wrap?: Wrap; http?: Tuning; tenantUrl?: string; allowedHosts?: string[]; real?: boolean } = {},
) {
  let clock = DEFAULT_REFERENCE_TIME;
  const c = sim.tenant.credentials;
  const base = o.real ? systemPlatform().fetch : sim.fetch;
  const credential = ZendeskCredential.parse({
    kind: 'api_token',
    tenantUrl: o.tenantUrl ?? 'acme',
    adminEmail: c.adminEmail,
    apiToken: c.apiToken,
  });
  return createZendeskSession(credential, {
    platform: {
      ...systemPlatform(),
      fetch: o.wrap ? o.wrap(base) : base,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    },
    http: { backoffBaseMs: 1, backoffCapMs: 5, ...o.http },
    ...(o.allowedHosts && { allowedHosts: o.allowedHosts }),
  });
}

async function records(s: ReturnType<typeof session>): Promise<string[]> {
  const out: InventoryRecord[] = [];
  for await (const r of s.inventory()) out.push(r);
  return out.map((r) => JSON.stringify(r)).sort();
}

async function failure(s: ReturnType<typeof session>): Promise<HttpError | ConnectorError> {
  let yielded = 0;
  try {
    for await (const _ of s.inventory()) yielded++;
  } catch (error) {
    expect(yielded).toBeGreaterThan(0);
    // The HTTP layer's errors, or the connector's own (a record served twice is caught by the inventory).
    expect(error instanceof HttpError || error instanceof ConnectorError).toBe(true);
    return error as HttpError | ConnectorError;
  }
  throw new Error(`the inventory completed (${yielded} records) despite the fault`);
}

let baseline: Promise<string[]> | undefined;
/** What a fault-free run reports; every recovered run must report exactly this. */
function expected(): Promise<string[]> {
  baseline ??= records(session(simulator()));
  return baseline;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('transient faults are retried and the inventory is complete', () => {
  const transient: FaultRule['kind'][] = ['429', '500', '502', '503', 'reset', 'truncate'];

  it.each(transient)('recovers from one %s in the middle of the token pages', async (kind) => {
    const sim = simulator([{ route: 'oauth.tokens', kind, times: 1, after: 3 }]);
    const s = session(sim);
    expect(await records(s)).toEqual(await expected());
    expect(sim.stats().faultsInjected).toBe(1);
    expect(s.stats().retries).toBe(1);
    if (kind === '429') expect(s.stats().rateLimitWaits).toBeGreaterThanOrEqual(1);
  });

  it.each([
    'oauth.clients',
    'oauth.global_clients',
    'users.show_many',
    'apps.installations',
    'apps.show',
    'api_tokens',
    'webhooks',
  ])('recovers when %s fails once', async (route) => {
    const sim = simulator([
      { route, kind: '503', times: 1 },
      { route, kind: 'reset', times: 1, after: 1 },
    ]);
    expect(await records(session(sim))).toEqual(await expected());
  });

  it('recovers from an answer slower than the timeout', async () => {
    const sim = simulator([{ route: 'oauth.tokens', kind: 'slow', param: 5_000, times: 1, after: 2 }]);
    const s = session(sim, { http: { timeoutMs: 200 } });
    expect(await records(s)).toEqual(await expected());
    expect(sim.stats().faultsInjected).toBe(1);
    expect(s.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('recovers from a storm of mixed faults on every endpoint', async () => {
    const kinds: FaultRule['kind'][] = ['429', '500', '502', '503', 'reset', 'truncate'];
    const sim = simulator(kinds.map((kind) => ({ route: '*', kind, probability: 0.04 })));
    const s = session(sim);
    expect(await records(s)).toEqual(await expected());
    expect(sim.stats().faultsInjected).toBeGreaterThan(3);
    expect(s.stats().retries).toBe(sim.stats().faultsInjected);
  });
});

describe('persistent faults fail the inventory with a clear code', () => {
  it.each([
    ['429', 'http_status', 429],
    ['500', 'http_status', 500],
    ['502', 'http_status', 502],
    ['503', 'http_status', 503],
    ['reset', 'network', undefined],
    ['truncate', 'network', undefined],
    ['slow', 'timeout', undefined],
  ] as const)(
    'gives up on a %s that never ends with %s, after the allowed retries',
    async (kind, code, status) => {
      const sim = simulator([{ route: 'oauth.tokens', kind, after: 2, param: kind === 'slow' ? 5_000 : 1 }]);
      const error = await failure(session(sim, { http: { maxRetries: 2, timeoutMs: 200 } }));
      expect(error).toMatchObject({ code, status, retriable: true });
      expect(error.message).toMatch(/Gave up after 2 retries/);
      expect(sim.stats().faultsInjected).toBe(1 + 2);
    },
  );

  // The shared client treats a 2xx body that is not JSON as final (http.test.ts), so even one such answer stops
  // the run: loudly, with its own code, rather than with a silently shortened listing.
  it('stops with invalid_json when a page is not JSON', async () => {
    const sim = simulator([{ route: 'oauth.tokens', kind: 'invalid-json', times: 1, after: 3 }]);
    const error = await failure(session(sim));
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain('/api/v2/oauth/tokens');
  });

  it('stops with pagination_loop when the server hands back the same cursor', async () => {
    const sim = simulator([{ route: 'oauth.tokens', kind: 'loop-cursor' }]);
    const error = await failure(session(sim));
    expect(error.code).toBe('pagination_loop');
    expect(sim.stats().byRoute['oauth.tokens']).toBe(2);
  });

  it('stops with foreign_host, and sends nothing to the other host, when a next link leaves the tenant', async () => {
    const sim = simulator([{ route: 'oauth.tokens', kind: 'foreign-next', times: 1 }]);
    const hosts = new Set<string>();
    const error = await failure(
      session(sim, {
        wrap: (f) => (input, init) => {
          hosts.add(new URL(String(input)).host);
          return f(input, init);
        },
      }),
    );
    expect(error.code).toBe('foreign_host');
    expect(error.message).toContain('evil.example.net');
    expect([...hosts]).toEqual(['acme.zendesk.com']);
  });
});

describe('pagination styles', () => {
  it('follows offset pages (next_page) when an endpoint answers without cursor metadata', async () => {
    const sim = simulator();
    const paths: string[] = [];
    // Without page[size] the simulator answers offset-style, as some Zendesk endpoints still do.
    const offset: Wrap = (f) => (input, init) => {
      const url = new URL(String(input));
      if (
        url.pathname.startsWith('/api/v2/oauth/tokens') ||
        url.pathname.startsWith('/api/v2/oauth/clients')
      ) {
        url.searchParams.delete('page[size]');
        paths.push(url.search);
      }
      return f(url.href, init);
    };
    expect(await records(session(sim, { wrap: offset }))).toEqual(await expected());
    expect(paths.some((p) => p.includes('page=2'))).toBe(true);
    expect(paths.some((p) => p.includes('page[after]'))).toBe(false);
    expect(sim.stats().byRoute['oauth.tokens']).toBe(Math.ceil(sim.tenant.tokens.length / 100));
  });

  it('follows cursor pages (links.next) by default', async () => {
    const sim = simulator();
    const paths: string[] = [];
    const wrap: Wrap = (f) => (input, init) => {
      if (String(input).includes('/oauth/tokens')) paths.push(new URL(String(input)).search);
      return f(input, init);
    };
    expect(await records(session(sim, { wrap }))).toEqual(await expected());
    expect(paths.filter((p) => p.includes('page%5Bafter%5D') || p.includes('page[after]'))).toHaveLength(
      Math.ceil(sim.tenant.tokens.length / 100) - 1,
    );
  });
});

describe('over a real port', () => {
  async function served(faults: FaultRule[]) {
    const sim = simulator(faults);
    const server = await sim.listen();
    closers.push(server.close);
    const host = new URL(server.url).host;
    return { sim, s: session(sim, { real: true, tenantUrl: server.url, allowedHosts: [host] }) };
  }

  it.each(['reset', 'truncate'] as const)('recovers from a %s on the wire', async (kind) => {
    const { sim, s } = await served([
      { route: 'oauth.tokens', kind, times: 1, after: 3 },
      { route: 'users.show_many', kind, times: 1 },
    ]);
    expect(await records(s)).toEqual(await expected());
    expect(sim.stats().faultsInjected).toBe(2);
    expect(s.stats().retries).toBe(2);
  });

  it('gives up on connections that keep dropping, with a network error', async () => {
    const { s } = await served([{ route: 'webhooks', kind: 'reset' }]);
    expect((await failure(s)).code).toBe('network');
  });
});
