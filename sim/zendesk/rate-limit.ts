// The account-wide request budget per window, with Zendesk's headers and 429s.
// https://developer.zendesk.com/api-reference/introduction/rate-limits/
import type { Plan } from './model.ts';

/** Requests per minute by plan (API notes §9). */
export const PLAN_LIMITS: Record<Plan, number> = {
  team: 200,
  growth: 400,
  professional: 400,
  enterprise: 700,
  enterprise_plus: 2500,
};

export interface RateLimitState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

export interface RateLimiter {
  take(now: number): RateLimitState;
  peek(now: number): RateLimitState;
}

/** A fixed window: Zendesk counts per minute; tests shrink the window (e.g. 1 s) to run fast. */
export function createRateLimiter(limit: number, windowMs: number): RateLimiter {
  let windowStart = 0;
  let used = 0;
  const state = (now: number, allowed: boolean): RateLimitState => ({
    allowed,
    limit,
    remaining: Math.max(0, limit - used),
    resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
  });
  const roll = (now: number) => {
    const start = now - (now % windowMs);
    if (start !== windowStart) {
      windowStart = start;
      used = 0;
    }
  };
  return {
    take(now) {
      roll(now);
      if (used >= limit) return state(now, false);
      used++;
      return state(now, true);
    },
    peek(now) {
      roll(now);
      return state(now, used < limit);
    },
  };
}

export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    'x-rate-limit': String(s.limit),
    'x-rate-limit-remaining': String(s.remaining),
    'ratelimit-limit': String(s.limit),
    'ratelimit-remaining': String(s.remaining),
    'ratelimit-reset': String(s.resetSeconds),
  };
}
