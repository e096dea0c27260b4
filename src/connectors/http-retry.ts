// Pure retry decisions for the shared HTTP layer: what is retried, why, and how long to wait.

export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfter: string | null }
  | { kind: 'network'; detail: string }
  | { kind: 'timeout' };

export type RetryPolicy = {
  maxRetries: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A Retry-After beyond this is treated as "give up", so a hostile header cannot park a run for days. */
  maxRetryAfterMs: number;
};

export type RetryDecision = { retry: boolean; reason: string; waitMs: number };

export type RetryInput = {
  outcome: AttemptOutcome;
  /** Retries already made for this request (0 before the first retry). */
  retriesSoFar: number;
  policy: RetryPolicy;
  now: number;
  /** A value in [0, 1) drawn by the caller, so this function stays pure. */
  random: number;
};

// Other 4xx mean the request itself is wrong (or forbidden); repeating it only burns rate-limit budget.
export const RETRIABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Retry-After in milliseconds, from delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always names a weekday and a month; this keeps Date.parse from reading "-3" as a year.
  const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
export function backoffMs(retriesSoFar: number, policy: RetryPolicy, random: number): number {
  const ceiling = Math.min(policy.backoffCapMs, policy.backoffBaseMs * 2 ** retriesSoFar);
  return Math.floor(random * ceiling);
}

function describe(outcome: AttemptOutcome): string {
  if (outcome.kind === 'status') return `HTTP ${outcome.status}`;
  if (outcome.kind === 'timeout') return 'timeout';
  return `network error (${outcome.detail})`;
}

export function decideRetry({ outcome, retriesSoFar, policy, now, random }: RetryInput): RetryDecision {
  const what = describe(outcome);
  if (outcome.kind === 'status' && !RETRIABLE_STATUSES.has(outcome.status)) {
    return { retry: false, reason: `${what} is not retriable`, waitMs: 0 };
  }
  if (retriesSoFar >= policy.maxRetries) {
    const retries = retriesSoFar === 1 ? '1 retry' : `${retriesSoFar} retries`;
    return { retry: false, reason: `${what}: gave up after ${retries}`, waitMs: 0 };
  }
  if (outcome.kind === 'status' && (outcome.status === 429 || outcome.status === 503)) {
    const retryAfterMs = parseRetryAfter(outcome.retryAfter, now);
    if (retryAfterMs !== undefined) {
      const seconds = Math.ceil(retryAfterMs / 1000);
      if (retryAfterMs > policy.maxRetryAfterMs) {
        const limit = Math.round(policy.maxRetryAfterMs / 1000);
        return {
          retry: false,
          reason: `${what} asked to wait ${seconds}s, more than the ${limit}s we wait`,
          waitMs: 0,
        };
      }
      return { retry: true, reason: `${what}, honouring Retry-After ${seconds}s`, waitMs: retryAfterMs };
    }
  }
  const waitMs = backoffMs(retriesSoFar, policy, random);
  return {
    retry: true,
    reason: `${what}, backing off ${waitMs}ms (retry ${retriesSoFar + 1} of ${policy.maxRetries})`,
    waitMs,
  };
}
