// The pure retry decision: which failures are retried, how Retry-After is honoured, how backoff grows.
import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, RetryPolicy } from './http-retry.ts';
import { backoffMs, decideRetry, parseRetryAfter } from './http-retry.ts';

const policy: RetryPolicy = {
  maxRetries: 5,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  maxRetryAfterMs: 300_000,
};
const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const decide = (outcome: AttemptOutcome, retriesSoFar = 0, random = 0.5) =>
  decideRetry({ outcome, retriesSoFar, policy, now: NOW, random });
const status = (code: number, retryAfter: string | null = null): AttemptOutcome => ({
  kind: 'status',
  status: code,
  retryAfter,
});

describe('decideRetry', () => {
  it.each([429, 500, 502, 503, 504])('retries HTTP %i', (code) => {
    expect(decide(status(code)).retry).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 422, 501, 505])('never retries HTTP %i', (code) => {
    expect(decide(status(code))).toEqual({
      retry: false,
      reason: `HTTP ${code} is not retriable`,
      waitMs: 0,
    });
  });

  it('retries network errors and timeouts', () => {
    expect(decide({ kind: 'network', detail: 'ECONNRESET' })).toMatchObject({ retry: true, waitMs: 250 });
    expect(decide({ kind: 'network', detail: 'ECONNRESET' }).reason).toContain('network error (ECONNRESET)');
    expect(decide({ kind: 'timeout' })).toMatchObject({ retry: true, waitMs: 250 });
  });

  it('honours Retry-After in seconds on a 429 and on a 503', () => {
    expect(decide(status(429, '7'))).toEqual({
      retry: true,
      reason: 'HTTP 429, honouring Retry-After 7s',
      waitMs: 7000,
    });
    expect(decide(status(503, '2')).waitMs).toBe(2000);
  });

  it('honours Retry-After as an HTTP date', () => {
    const inNinetySeconds = new Date(NOW + 90_000).toUTCString();
    expect(decide(status(429, inNinetySeconds)).waitMs).toBe(90_000);
  });

  it('ignores Retry-After on a 500 and backs off instead', () => {
    expect(decide(status(500, '60')).waitMs).toBe(250);
  });

  it('falls back to backoff when Retry-After is unreadable', () => {
    expect(decide(status(429, 'soon'))).toMatchObject({ retry: true, waitMs: 250 });
  });

  it('gives up instead of waiting longer than maxRetryAfterMs', () => {
    const decision = decide(status(429, '86400'));
    expect(decision).toMatchObject({ retry: false, waitMs: 0 });
    expect(decision.reason).toContain('86400s');
  });

  it('gives up once maxRetries retries were made', () => {
    expect(decide(status(503), 5)).toEqual({
      retry: false,
      reason: 'HTTP 503: gave up after 5 retries',
      waitMs: 0,
    });
  });

  it('backs off exponentially with full jitter, up to the cap', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, policy, 0.999))).toEqual([499, 999, 1998, 3996]);
    expect(backoffMs(20, policy, 0.999)).toBe(29_970);
    expect(backoffMs(3, policy, 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and dates, and clamps past dates to zero', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter(' 12 ', NOW)).toBe(12_000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
  });
});
