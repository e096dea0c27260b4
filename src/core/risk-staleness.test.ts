// Tests for the stale_grant reason: thresholds, never-used grants and app-level dates, with an injected clock.
import { describe, expect, it } from 'vitest';
import type { AppRisk } from './domain.ts';
import { assessApp } from './risk.ts';
import { daysAgo, grant, input, NOW } from './risk-test-fixtures.ts';
import { daysSince, staleness } from './risk-usage.ts';

const stale = (risk: AppRisk) => risk.reasons.find((r) => r.code === 'stale_grant');

describe('stale grants', () => {
  it('reports an app unused for 214 days with the figure', () => {
    const risk = assessApp(input({}, [grant({ lastUsedAt: daysAgo(214) })]), { now: NOW });
    expect(stale(risk)).toEqual({ code: 'stale_grant', message: 'Unused for 214 days', points: 5 });
  });

  it('calls a grant stale at exactly the threshold and not a day before', () => {
    expect(stale(assessApp(input({}, [grant({ lastUsedAt: daysAgo(90) })]), { now: NOW }))).toBeDefined();
    expect(stale(assessApp(input({}, [grant({ lastUsedAt: daysAgo(89) })]), { now: NOW }))).toBeUndefined();
  });

  it('measures against the injected clock, not the real one', () => {
    const app = input({}, [grant({ lastUsedAt: '2020-01-01T00:00:00Z' })]);
    expect(stale(assessApp(app, { now: Date.parse('2020-02-01T00:00:00Z') }))).toBeUndefined();
    expect(stale(assessApp(app, { now: Date.parse('2020-06-01T00:00:00Z') }))?.message).toBe(
      'Unused for 152 days',
    );
  });

  it('takes the threshold from the options', () => {
    const app = input({}, [grant({ lastUsedAt: daysAgo(40) })]);
    expect(stale(assessApp(app, { now: NOW }))).toBeUndefined();
    expect(stale(assessApp(app, { now: NOW, staleDays: 30 }))?.message).toBe('Unused for 40 days');
  });

  it('calls a never-used grant stale once it is older than the threshold', () => {
    const old = input({}, [grant({ lastUsedAt: null, createdAt: daysAgo(120) })]);
    expect(stale(assessApp(old, { now: NOW }))?.message).toBe(
      'Never used in the 120 days since it was authorized',
    );
    const fresh = input({}, [grant({ lastUsedAt: null, createdAt: daysAgo(10) })]);
    expect(stale(assessApp(fresh, { now: NOW }))).toBeUndefined();
  });

  it('does not call a grant stale when no date says so', () => {
    const risk = assessApp(input({}, [grant({ lastUsedAt: null, createdAt: null })]), { now: NOW });
    expect(stale(risk)).toBeUndefined();
  });

  it('gives the most recent use when every grant is stale', () => {
    const grants = [
      grant({ saasId: 'a', userId: 'u1', lastUsedAt: daysAgo(300) }),
      grant({ saasId: 'b', userId: 'u2', lastUsedAt: daysAgo(100) }),
      grant({ saasId: 'c', userId: 'u3', lastUsedAt: null, createdAt: daysAgo(400) }),
    ];
    expect(stale(assessApp(input({}, grants), { now: NOW }))?.message).toBe('Unused for 100 days');
  });

  it('counts the stale grants among fresh ones and gives the longest', () => {
    const grants = [
      grant({ saasId: 'a', userId: 'u1', lastUsedAt: daysAgo(214) }),
      grant({ saasId: 'b', userId: 'u2', lastUsedAt: null, createdAt: daysAgo(95) }),
      grant({ saasId: 'c', userId: 'u3', lastUsedAt: daysAgo(3) }),
    ];
    expect(stale(assessApp(input({}, grants), { now: NOW }))?.message).toBe(
      '2 of 3 grants unused for 90+ days (longest 214 days)',
    );
  });

  it('judges an app without grants, such as an API token, on its own dates', () => {
    const token = input(
      { kind: 'api_token', publisher: null, lastUsedAt: daysAgo(200), createdAt: daysAgo(500) },
      [],
    );
    expect(stale(assessApp(token, { now: NOW }))?.message).toBe('Unused for 200 days');
    const unused = input(
      { kind: 'api_token', publisher: null, lastUsedAt: null, createdAt: daysAgo(91) },
      [],
    );
    expect(stale(assessApp(unused, { now: NOW }))?.message).toBe(
      'Never used in the 91 days since it was created',
    );
  });

  it('does not call a grant used in the future stale (clock skew)', () => {
    expect(staleness({ createdAt: null, lastUsedAt: daysAgo(-2) }, NOW, 90).stale).toBe(false);
  });

  it('ignores a date it cannot parse rather than guessing', () => {
    expect(daysSince('not a date', NOW)).toBeNull();
    expect(staleness({ createdAt: 'nope', lastUsedAt: null }, NOW, 90)).toEqual({
      stale: false,
      days: null,
      everUsed: false,
    });
  });

  // Guards a bug caught in review: Math.min(...days) overflows the stack past roughly 125 000 grants.
  it('handles an app with more grants than a function call takes arguments', () => {
    const template = grant({ lastUsedAt: daysAgo(100) });
    const grants = Array.from({ length: 130_000 }, (_, i) => ({
      ...template,
      saasId: `g${i}`,
      userId: `u${i}`,
    }));
    expect(stale(assessApp(input({}, grants), { now: NOW }))?.message).toBe('Unused for 100 days');
  });
});
