// The HTTP layer every connector shares: pinned host, timeouts, retries with reasons, pacing, bounded bodies and pages.
import type { z } from 'zod';
import { readBodyCapped, rejectDeclaredOverflow } from './http-body.ts';
import {
  bodyExcerpt,
  HttpError,
  networkDetail,
  schemaMismatch,
  secretsOf,
  statusSentence,
} from './http-errors.ts';
import { createPacer } from './http-pacing.ts';
import { paginatePinned } from './http-paginate.ts';
import type { AttemptOutcome, RetryPolicy } from './http-retry.ts';
import { decideRetry, RETRIABLE_STATUSES } from './http-retry.ts';
import { createSemaphore } from './http-semaphore.ts';
import type { HttpClient, HttpClientOptions, HttpStats } from './http-types.ts';
import { HTTP_DEFAULTS } from './http-types.ts';
import { pinnedOrigin, resolvePinned } from './http-url.ts';

export type { HttpErrorCode } from './http-errors.ts';
export { HttpError } from './http-errors.ts';
export type { HttpPlatform } from './http-platform.ts';
export { systemPlatform } from './http-platform.ts';
export type { RetryDecision } from './http-retry.ts';
export { decideRetry } from './http-retry.ts';
export type { HttpClient, HttpClientOptions, HttpStats } from './http-types.ts';
export { HTTP_DEFAULTS } from './http-types.ts';

// Enough of an error body for a useful excerpt; the rest is never needed.
const ERROR_BODY_BYTES = 8 * 1024;

type Attempt = { ok: true; text: string } | { ok: false; error: HttpError; outcome: AttemptOutcome };
type Fetched = { text: string; secrets: string[] };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { platform, signal } = options;
  const setting = <K extends keyof typeof HTTP_DEFAULTS>(key: K): number =>
    options[key] ?? HTTP_DEFAULTS[key];
  const timeoutMs = setting('timeoutMs');
  const maxInFlight = setting('maxInFlight');
  const maxResponseBytes = setting('maxResponseBytes');
  const maxPages = setting('maxPages');
  const policy: RetryPolicy = {
    maxRetries: setting('maxRetries'),
    backoffBaseMs: setting('backoffBaseMs'),
    backoffCapMs: setting('backoffCapMs'),
    maxRetryAfterMs: setting('maxRetryAfterMs'),
  };
  for (const [name, value] of Object.entries({ timeoutMs, maxInFlight, maxResponseBytes, maxPages })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  const origin = pinnedOrigin(options.baseUrl);
  const stats: HttpStats = { apiCalls: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0, bytes: 0 };
  const semaphore = createSemaphore(maxInFlight);
  const pacer = createPacer({
    now: platform.now,
    lowWater: maxInFlight,
    windowMs: setting('rateLimitWindowMs'),
  });
  let refreshing: Promise<boolean> | undefined;

  const aborted = (what: string) => new HttpError('aborted', `${what} was cancelled before it completed.`);

  async function pause(ms: number, what: string): Promise<void> {
    if (ms > 0)
      await platform
        .sleep(ms, signal)
        .catch((error: unknown) => Promise.reject(signal?.aborted ? aborted(what) : error));
    if (signal?.aborted) throw aborted(what);
  }

  // Concurrent 401s share one refresh instead of each rotating the token.
  function refresh(onUnauthorized: () => Promise<boolean>): Promise<boolean> {
    refreshing ??= onUnauthorized().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  async function interpret(response: Response, url: URL, what: string, secrets: string[]): Promise<Attempt> {
    const { status } = response;
    if (status >= 200 && status < 300) {
      const tooLarge = new HttpError(
        'response_too_large',
        `${what} answered more than the ${maxResponseBytes} bytes we accept, so reading stopped there.`,
      );
      if (await rejectDeclaredOverflow(response, maxResponseBytes)) throw tooLarge;
      const body = await readBodyCapped(response, maxResponseBytes);
      stats.bytes += body.bytes;
      if (body.overflow) throw tooLarge;
      return { ok: true, text: body.text };
    }
    if (status >= 300 && status < 400) {
      await response.body?.cancel().catch(() => {});
      const target = URL.parse(response.headers.get('location') ?? '', url)?.host ?? 'an unknown place';
      throw new HttpError(
        'http_status',
        `${what} was redirected (HTTP ${status}) to ${target}; redirects are not followed, so credentials stay on ${origin.host}.`,
        { status },
      );
    }
    const body = await readBodyCapped(response, ERROR_BODY_BYTES);
    stats.bytes += body.bytes;
    const excerpt = bodyExcerpt(body.text, secrets);
    const message = `${what} ${statusSentence(status)} (HTTP ${status})${excerpt ? `: ${excerpt}` : ''}.`;
    const error = new HttpError('http_status', message, {
      status,
      retriable: RETRIABLE_STATUSES.has(status),
    });
    return {
      ok: false,
      error,
      outcome: { kind: 'status', status, retryAfter: response.headers.get('retry-after') },
    };
  }

  async function attempt(url: URL, what: string, secretsOut: string[]): Promise<Attempt> {
    if (signal?.aborted) throw aborted(what);
    const release = await semaphore.acquire(signal).catch(() => Promise.reject(aborted(what)));
    let settled = false;
    const settle = (headers?: Headers) => {
      if (!settled) pacer.settle(headers);
      settled = true;
    };
    try {
      // Paced while holding the slot: a request released early would only overtake the pacer's schedule.
      const waitMs = pacer.reserve();
      if (waitMs > 0) {
        stats.rateLimitWaits += 1;
        stats.rateLimitWaitMs += waitMs;
        await pause(waitMs, what);
      }
      // set(), not a spread: `Authorization` from authorize() must replace `authorization`, not join it.
      const headers = new Headers({ accept: 'application/json' });
      for (const extra of [options.headers, await options.authorize?.()]) {
        for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);
      }
      secretsOut.splice(0, secretsOut.length, ...secretsOf(Object.fromEntries(headers)));
      const timeout = AbortSignal.timeout(timeoutMs);
      const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      stats.apiCalls += 1;
      try {
        // redirect 'manual': a redirect is a request elsewhere, which host pinning forbids.
        const init: RequestInit = { method: 'GET', headers, signal: attemptSignal, redirect: 'manual' };
        const response = await platform.fetch(url.href, init);
        settle(response.headers);
        return await interpret(response, url, what, secretsOut);
      } catch (error) {
        if (error instanceof HttpError) throw error;
        if (signal?.aborted) throw aborted(what);
        if (timeout.aborted) {
          const message = `${what} got no complete answer within ${timeoutMs} ms.`;
          return {
            ok: false,
            error: new HttpError('timeout', message, { retriable: true }),
            outcome: { kind: 'timeout' },
          };
        }
        const detail = networkDetail(error);
        const message = `${what} failed on the network (${detail}).`;
        const outcome: AttemptOutcome = { kind: 'network', detail };
        return { ok: false, error: new HttpError('network', message, { retriable: true }), outcome };
      }
    } finally {
      settle();
      release();
    }
  }

  async function fetchText(url: URL): Promise<Fetched> {
    const what = `GET ${url.pathname}`;
    const secrets: string[] = [];
    let retries = 0;
    let refreshed = false;
    for (;;) {
      const result = await attempt(url, what, secrets);
      if (result.ok) return { text: result.text, secrets };
      const { error, outcome } = result;
      if (error.status === 401 && options.onUnauthorized && !refreshed) {
        refreshed = true;
        if (await refresh(options.onUnauthorized)) {
          stats.retries += 1;
          continue;
        }
      }
      const decision = decideRetry({
        outcome,
        retriesSoFar: retries,
        policy,
        now: platform.now(),
        random: platform.random(),
      });
      if (!decision.retry) {
        if (!error.retriable) throw error;
        const why =
          retries >= policy.maxRetries
            ? `Gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'}`
            : `Not retried: ${decision.reason}`;
        throw new HttpError(error.code, `${error.message} ${why}.`, {
          status: error.status,
          retriable: true,
        });
      }
      retries += 1;
      stats.retries += 1;
      if (outcome.kind === 'status' && outcome.status === 429) {
        stats.rateLimitWaits += 1;
        stats.rateLimitWaitMs += decision.waitMs;
        pacer.blockUntil(platform.now() + decision.waitMs);
      }
      await pause(decision.waitMs, what);
    }
  }

  async function getJsonAt<S extends z.ZodType>(url: URL, schema: S): Promise<z.output<S>> {
    const what = `GET ${url.pathname}`;
    const { text, secrets } = await fetchText(url);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      const start =
        text.trim() === '' ? 'it was empty' : `it starts with "${bodyExcerpt(text, secrets, 60)}"`;
      throw new HttpError('invalid_json', `${what} answered a body that is not valid JSON (${start}).`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw schemaMismatch(what, parsed.error.issues);
    return parsed.data;
  }

  return {
    origin: origin.origin,
    getJson: async (pathOrUrl, schema) => getJsonAt(resolvePinned(pathOrUrl, origin), schema),
    paginate: (firstUrl, schema, getNext) =>
      paginatePinned({ firstUrl, origin, maxPages, getNext, fetchPage: (url) => getJsonAt(url, schema) }),
    stats: () => ({ ...stats }),
  };
}
