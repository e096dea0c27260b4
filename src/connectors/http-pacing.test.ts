// Pacing from rate-limit headers: reading the headers, the pacer's decisions, and a run that stays under a limit.
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPacer, readRateLimit } from './http-pacing.ts';
import { fakePlatform, json, registerTestServers } from './http-test-server.ts';

const NOW = 1_000_000;

describe('readRateLimit', () => {
  it('reads Zendesk account headers, which carry no reset', () => {
    const headers = new Headers({ 'x-rate-limit': '400', 'x-rate-limit-remaining': '12' });
    expect(readRateLimit(headers, NOW)).toEqual({ remaining: 12 });
  });

  it('prefers the most restrictive of several budgets, with its reset', () => {
    const headers = new Headers({
      'x-rate-limit-remaining': '300',
      'ratelimit-remaining': '40',
      'ratelimit-reset': '20',
      'zendesk-ratelimit-tickets-index': 'total=100; remaining=9; resets=41',
    });
    expect(readRateLimit(headers, NOW)).toEqual({ remaining: 9, resetInMs: 41_000 });
  });

  it('accepts an epoch reset and ignores unreadable values', () => {
    const now = Date.UTC(2025, 0, 1);
    const epoch = new Headers({ 'ratelimit-remaining': '5', 'ratelimit-reset': String(now / 1000 + 30) });
    expect(readRateLimit(epoch, now)).toEqual({ remaining: 5, resetInMs: 30_000 });
    expect(readRateLimit(new Headers({ 'x-rate-limit-remaining': 'lots' }), NOW)).toBeUndefined();
  });
});

describe('createPacer', () => {
  const pacer = (now = () => NOW) => createPacer({ now, lowWater: 4, windowMs: 60_000 });
  const remaining = (n: number, resetSeconds?: number) =>
    new Headers(
      resetSeconds === undefined
        ? { 'x-rate-limit-remaining': String(n) }
        : { 'ratelimit-remaining': String(n), 'ratelimit-reset': String(resetSeconds) },
    );

  it('does not wait while the budget is comfortable', () => {
    const p = pacer();
    expect(p.reserve()).toBe(0);
    p.settle(remaining(100, 30));
    expect([p.reserve(), p.reserve(), p.reserve()]).toEqual([0, 0, 0]);
  });

  it('waits for the reset once requests in flight would use up what is left', () => {
    const p = pacer();
    p.reserve();
    p.settle(remaining(2, 30));
    expect(p.reserve()).toBe(0);
    expect(p.reserve()).toBeGreaterThan(0);
    expect(p.reserve()).toBe(30_000);
  });

  it('spreads a low budget over the rest of the window instead of sending it at once', () => {
    const p = pacer();
    p.reserve();
    p.settle(remaining(4, 40));
    const waits = [p.reserve(), p.reserve(), p.reserve(), p.reserve(), p.reserve()];
    expect(waits).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
  });

  it('assumes a one-minute window when the server gives no reset', () => {
    const p = pacer();
    p.reserve();
    p.settle(remaining(0));
    expect(p.reserve()).toBe(60_000);
  });

  it('does not let a late response from earlier in the window raise the budget again', () => {
    const p = pacer();
    p.reserve();
    p.reserve();
    p.settle(remaining(1, 30));
    p.settle(remaining(50, 30));
    expect(p.reserve()).toBe(0);
    expect(p.reserve()).toBe(30_000);
  });

  it('holds every request back until a 429 Retry-After has passed', () => {
    let now = NOW;
    const p = pacer(() => now);
    p.blockUntil(NOW + 5000);
    expect(p.reserve()).toBe(5000);
    now += 5000;
    expect(p.reserve()).toBe(0);
  });
});

// A server enforcing `limit` requests per fixed window on the test's fake clock, answering 429 beyond it.
function limitedServer(now: () => number, limit: number, sendReset: boolean) {
  let windowStart = Number.NaN;
  let used = 0;
  const stats = { served: 0, rejected: 0 };
  const handle = (res: ServerResponse) => {
    const t = now();
    if (!(t - windowStart < 60_000)) {
      windowStart = t;
      used = 0;
    }
    const resetSeconds = String(Math.ceil((windowStart + 60_000 - t) / 1000));
    if (used >= limit) {
      stats.rejected += 1;
      res.writeHead(429, { 'retry-after': resetSeconds });
      res.end('Number of allowed API requests per minute exceeded');
      return;
    }
    used += 1;
    stats.served += 1;
    const headers: Record<string, string> = {
      'x-rate-limit': String(limit),
      'x-rate-limit-remaining': String(limit - used),
    };
    if (sendReset)
      Object.assign(headers, {
        'ratelimit-remaining': String(limit - used),
        'ratelimit-reset': resetSeconds,
      });
    json(res, { ok: true }, headers);
  };
  return { stats, handle };
}

describe('pacing a real run', () => {
  const { setup } = registerTestServers();
  const Ok = z.object({ ok: z.boolean() });

  it.each([
    ['with ratelimit-reset', true],
    ['with only Zendesk X-Rate-Limit headers', false],
  ])(
    'keeps 40 concurrent requests under a 10-per-minute limit without a single 429 (%s)',
    async (_label, sendReset) => {
      const clock = fakePlatform();
      const limited = limitedServer(clock.now, 10, sendReset);
      const { client } = await setup((_req, res) => limited.handle(res), { platform: clock.platform });
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => client.getJson(`/r/${i}`, Ok)));
      expect(results).toHaveLength(40);
      expect(limited.stats).toEqual({ served: 40, rejected: 0 });
      const stats = client.stats();
      expect(stats).toMatchObject({ apiCalls: 40, retries: 0 });
      expect(stats.rateLimitWaits).toBeGreaterThan(0);
      expect(stats.rateLimitWaitMs).toBeGreaterThanOrEqual(3 * 60_000);
    },
  );
});
