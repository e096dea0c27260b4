// Client-side pacing from rate-limit response headers, so a run under a rate limit almost never meets a 429.

/** What one response says about the budget left; resetInMs is absent when the server does not say. */
export type RateLimitReading = { remaining: number; resetInMs?: number };

function nonNegativeInt(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

// `ratelimit-reset` is delta-seconds in the IETF draft, but some servers send an epoch; accept both.
function resetMs(value: string | null | undefined, now: number): number | undefined {
  const seconds = nonNegativeInt(value);
  if (seconds === undefined) return undefined;
  return seconds > 1_000_000_000 ? Math.max(0, seconds * 1000 - now) : seconds * 1000;
}

/**
 * The most restrictive budget among the headers we know: Zendesk's account-wide `X-Rate-Limit-Remaining`,
 * the draft `ratelimit-remaining`/`ratelimit-reset`, and structured ones such as
 * `zendesk-ratelimit-tickets-index: total=100; remaining=99; resets=41`
 * (developer.zendesk.com/api-reference/introduction/rate-limits).
 */
export function readRateLimit(headers: Headers, now: number): RateLimitReading | undefined {
  const readings: RateLimitReading[] = [];
  const account = nonNegativeInt(headers.get('x-rate-limit-remaining'));
  if (account !== undefined) readings.push({ remaining: account });
  const draft = nonNegativeInt(headers.get('ratelimit-remaining'));
  if (draft !== undefined)
    readings.push({ remaining: draft, resetInMs: resetMs(headers.get('ratelimit-reset'), now) });
  for (const [name, value] of headers) {
    if (!name.includes('ratelimit')) continue;
    const remaining = nonNegativeInt(/\bremaining=(\d+)/.exec(value)?.[1]);
    if (remaining === undefined) continue;
    readings.push({ remaining, resetInMs: resetMs(/\bresets?=(\d+)/.exec(value)?.[1], now) });
  }
  return readings.sort((a, b) => a.remaining - b.remaining)[0];
}

export type Pacer = {
  /** Milliseconds to wait before sending; counts the request as outstanding until `settle`. */
  reserve(): number;
  /** Exactly once per `reserve`, with the response headers or undefined when no response came. */
  settle(headers: Headers | undefined): void;
  /** A 429's Retry-After applies to every request of the client, not only to the one that received it. */
  blockUntil(at: number): void;
};

export type PacerOptions = {
  now: () => number;
  /** Start spreading requests once the budget left, minus requests not yet answered, falls to this. */
  lowWater: number;
  /** Assumed window when a server gives no reset (Zendesk's X-Rate-Limit is per minute). */
  windowMs: number;
};

type Budget = { remaining: number; resetAt: number };

export function createPacer({ now, lowWater, windowMs }: PacerOptions): Pacer {
  let budget: Budget | undefined;
  let outstanding = 0;
  let nextSlotAt = 0;
  let blockedUntil = 0;

  return {
    reserve() {
      const t = now();
      let at = Math.max(t, blockedUntil);
      if (budget && budget.resetAt > at) {
        // Requests already sent (or already scheduled) are not yet reflected in `remaining`.
        const left = budget.remaining - outstanding;
        if (left <= 0) {
          at = budget.resetAt;
        } else if (left <= lowWater) {
          // Spread what is left evenly over the rest of the window; scheduled slots keep concurrent callers apart.
          at = Math.min(Math.max(at, nextSlotAt), budget.resetAt);
          nextSlotAt = at + (budget.resetAt - at) / left;
        }
      }
      outstanding += 1;
      return Math.ceil(at - t);
    },

    settle(headers) {
      outstanding = Math.max(0, outstanding - 1);
      if (!headers) return;
      const t = now();
      const reading = readRateLimit(headers, t);
      if (!reading) return;
      const resetAt = reading.resetInMs === undefined ? undefined : t + reading.resetInMs;
      // Responses arrive out of order: inside one window the budget only shrinks, so a late, older
      // response must not raise it again. A reset beyond the current one (1 s of rounding aside) is a new window.
      const sameWindow =
        budget !== undefined &&
        t < budget.resetAt &&
        (resetAt === undefined || resetAt <= budget.resetAt + 1000);
      budget =
        budget !== undefined && sameWindow
          ? { remaining: Math.min(budget.remaining, reading.remaining), resetAt: budget.resetAt }
          : { remaining: reading.remaining, resetAt: resetAt ?? t + windowMs };
    },

    blockUntil(at) {
      blockedUntil = Math.max(blockedUntil, at);
    },
  };
}
