// Every fault the simulator injects, as a client sees it in-process and over a real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaults } from './faults.ts';
import { createZendeskSimulator } from './server.ts';
import { adminAuth, call } from './test-support.ts';

const TOKENS = '/api/v2/oauth/tokens?all=true&page[size]=100';

function simWith(spec: string) {
  return createZendeskSimulator({ seed: 41, users: 60, tokens: 250, faults: parseFaults(spec) });
}

describe('fault specs', () => {
  it('reads route, kind, parameter, probability, count and skip', () => {
    expect(parseFaults('oauth.tokens=slow:5000@0.5#2+1, *=429')).toEqual([
      { route: 'oauth.tokens', kind: 'slow', param: 5000, probability: 0.5, times: 2, after: 1 },
      { route: '*', kind: '429' },
    ]);
  });

  it('explains what is wrong with a bad spec', () => {
    expect(() => parseFaults('oauth.tokens=explode')).toThrow(/Unknown fault kind "explode"/);
    expect(() => parseFaults('oauth.tokens')).toThrow(/expected route=kind/);
    expect(() => parseFaults('x=500@2')).toThrow(/between 0 and 1/);
  });
});

describe('injected faults, in-process', () => {
  it('sends a 429 storm with Retry-After and a plain-text body, then recovers', async () => {
    const sim = simWith('oauth.tokens=429:3#2');
    for (let i = 0; i < 2; i++) {
      const res = await call(sim, TOKENS, adminAuth(sim));
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(res.body).toBe('Number of allowed API requests per minute exceeded');
    }
    expect((await call(sim, TOKENS, adminAuth(sim))).status).toBe(200);
  });

  it('answers 500, 502 and 503 with HTML pages', async () => {
    const sim = simWith('users.list=500#1,users.list=502#1+1,users.list=503#1+2');
    for (const status of [500, 502, 503]) {
      const res = await call(sim, '/api/v2/users', adminAuth(sim));
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('lets the first requests through when told to skip them', async () => {
    const sim = simWith('oauth.tokens=500#1+2');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(sim, TOKENS, adminAuth(sim))).status);
    expect(statuses).toEqual([200, 200, 500, 200]);
  });

  it('drops the connection like a reset network', async () => {
    const sim = simWith('users.me=reset#1');
    await expect(sim.fetch('https://acme.zendesk.com/api/v2/users/me')).rejects.toThrow(TypeError);
    expect((await call(sim, '/api/v2/users/me', null)).status).toBe(200);
  });

  it('answers slowly, and gives up when the client aborts', async () => {
    const sim = simWith('users.me=slow:10000#1');
    const started = Date.now();
    await expect(
      sim.fetch('https://acme.zendesk.com/api/v2/users/me', { signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('breaks a body mid-way, or sends one that is not JSON', async () => {
    const truncated = simWith('oauth.tokens=truncate#1');
    const res = await truncated.fetch(`https://acme.zendesk.com${TOKENS}`, {
      headers: { authorization: adminAuth(truncated) },
    });
    await expect(res.text()).rejects.toThrow();
    const invalid = simWith('oauth.tokens=invalid-json#1');
    const bad = await invalid.fetch(`https://acme.zendesk.com${TOKENS}`, {
      headers: { authorization: adminAuth(invalid) },
    });
    expect(bad.status).toBe(200);
    await expect(bad.json()).rejects.toThrow(SyntaxError);
  });

  it('hands back the same cursor forever when told to loop', async () => {
    const sim = simWith('oauth.tokens=loop-cursor');
    const first = await call(sim, TOKENS, adminAuth(sim));
    const second = await call(sim, first.body.links.next, adminAuth(sim));
    expect(second.body.meta.after_cursor).toBe(first.body.meta.after_cursor);
    expect(second.body.links.next).toBe(first.body.links.next);
  });

  it('points links.next at another host when told to', async () => {
    const sim = simWith('oauth.tokens=foreign-next#1');
    const res = await call(sim, TOKENS, adminAuth(sim));
    expect(new URL(res.body.links.next).host).toBe('evil.example.net');
  });

  it('fires a probabilistic fault about as often as asked, the same way for the same seed', async () => {
    const run = async () => {
      const sim = simWith('users.me=500@0.3');
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await call(sim, '/api/v2/users/me', null)).status);
      return statuses;
    };
    const a = await run();
    const failures = a.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(30);
    expect(failures).toBeLessThan(90);
    expect(await run()).toEqual(a);
  });
});

describe('injected faults, over a real port', () => {
  const sim = simWith('users.me=reset#1,oauth.tokens=truncate#1');
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    server = await sim.listen();
  });
  afterAll(() => server.close());

  it('resets the socket', async () => {
    await expect(fetch(`${server.url}/api/v2/users/me`)).rejects.toThrow(TypeError);
    expect((await fetch(`${server.url}/api/v2/users/me`)).status).toBe(200);
  });

  it('delivers less body than its Content-Length promised', async () => {
    const res = await fetch(`${server.url}${TOKENS}`, { headers: { authorization: adminAuth(sim) } });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });
});

describe('rate limiting', () => {
  it('counts down X-Rate-Limit-Remaining, then refuses with 429 and Retry-After until the window resets', async () => {
    let clock = 1_000_000;
    const sim = createZendeskSimulator({
      seed: 5,
      users: 10,
      tokens: 10,
      rateLimit: 3,
      rateWindowMs: 1000,
      now: () => clock,
    });
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(sim, '/api/v2/users/me', adminAuth(sim));
      expect(res.headers.get('x-rate-limit')).toBe('3');
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      seen.push(res.headers.get('x-rate-limit-remaining') ?? '');
    }
    expect(seen).toEqual(['2', '1', '0']);
    const limited = await call(sim, '/api/v2/users/me', adminAuth(sim));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    clock += 1000;
    expect((await call(sim, '/api/v2/users/me', adminAuth(sim))).status).toBe(200);
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('defaults to the plan’s per-minute limit', async () => {
    const team = createZendeskSimulator({ seed: 5, users: 10, tokens: 10, plan: 'team' });
    const res = await call(team, '/api/v2/users/me', null);
    expect(res.headers.get('x-rate-limit')).toBe('200');
    const enterprise = createZendeskSimulator({ seed: 5, users: 10, tokens: 10 });
    expect((await call(enterprise, '/api/v2/users/me', null)).headers.get('x-rate-limit')).toBe('700');
  });
});
