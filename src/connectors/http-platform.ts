// The platform the HTTP layer runs on (fetch, clock, sleep, randomness), injected so tests control all of it.
import { setTimeout as delay } from 'node:timers/promises';

export type HttpPlatform = {
  fetch: typeof fetch;
  now: () => number;
  /** Resolves after ms; rejects when the signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A value in [0, 1). */
  random: () => number;
};

/** The real platform, to be built once at the composition root (CLI, worker), never deep inside. */
export function systemPlatform(): HttpPlatform {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => Date.now(),
    sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
    random: () => Math.random(),
  };
}
