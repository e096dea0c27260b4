// The public shapes of the shared HTTP client: its options, its per-run statistics and its defaults.
import type { z } from 'zod';
import type { HttpPlatform } from './http-platform.ts';

export type HttpClientOptions = {
  platform: HttpPlatform;
  /** The pinned tenant origin (scheme, host, port); nothing is ever requested anywhere else. */
  baseUrl: string;
  headers?: Record<string, string>;
  /** Called before every attempt, so the caller can renew an OAuth token before it expires. */
  authorize?: () => Promise<Record<string, string>>;
  /** Called on a 401; resolve true once credentials are refreshed and the request is retried exactly once. */
  onUnauthorized?: () => Promise<boolean>;
  /** Cancels everything: queued, sleeping and in-flight requests. */
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  maxRetryAfterMs?: number;
  maxInFlight?: number;
  maxResponseBytes?: number;
  maxPages?: number;
  rateLimitWindowMs?: number;
};

export type HttpStats = {
  /** Every attempt sent, retries included. */
  apiCalls: number;
  retries: number;
  /** Waits because of a 429 plus waits the pacer imposed from rate-limit headers. */
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  /** Response body bytes read. */
  bytes: number;
};

export type HttpClient = {
  readonly origin: string;
  getJson<S extends z.ZodType>(pathOrUrl: string, schema: S): Promise<z.output<S>>;
  paginate<S extends z.ZodType>(
    firstUrl: string,
    schema: S,
    getNext: (page: z.output<S>) => string | null | undefined,
  ): AsyncGenerator<z.output<S>, void, undefined>;
  stats(): HttpStats;
};

export const HTTP_DEFAULTS = {
  timeoutMs: 30_000,
  maxRetries: 5,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  maxRetryAfterMs: 300_000,
  maxInFlight: 4,
  maxResponseBytes: 20 * 1024 * 1024,
  maxPages: 10_000,
  rateLimitWindowMs: 60_000,
} as const;
