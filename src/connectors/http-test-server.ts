// Test support: a scriptable node:http server on 127.0.0.1 and a fake clock whose sleeps resolve at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { HttpClient, HttpClientOptions } from './http.ts';
import { createHttpClient, HttpError } from './http.ts';
import type { HttpPlatform } from './http-platform.ts';

/** Answers one request; `n` counts requests from 1. */
export type Script = (req: IncomingMessage, res: ServerResponse, n: number) => void;

export type TestServer = {
  origin: string;
  /** Requests received so far, with their paths and Authorization headers. */
  requests: Array<{ path: string; authorization: string | undefined }>;
  maxConcurrent: number;
  close(): Promise<void>;
};

export async function startServer(script: Script): Promise<TestServer> {
  let active = 0;
  const server = createServer((req, res) => {
    state.requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    active += 1;
    state.maxConcurrent = Math.max(state.maxConcurrent, active);
    res.on('close', () => {
      active -= 1;
    });
    // The client may hang up on purpose (timeouts, size caps); that is not a test failure.
    res.on('error', () => {});
    script(req, res, state.requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const state: TestServer = {
    origin: `http://127.0.0.1:${port}`,
    requests: [],
    maxConcurrent: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

export function json(
  res: ServerResponse,
  body: unknown,
  headers: Record<string, string> = {},
  status = 200,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Real fetch, a fake clock that only moves when the client sleeps, and a fixed random draw. */
export function fakePlatform(start = Date.UTC(2025, 0, 1)): {
  platform: HttpPlatform;
  sleeps: number[];
  now: () => number;
} {
  let clock = start;
  const sleeps: number[] = [];
  const platform: HttpPlatform = {
    fetch: globalThis.fetch,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    random: () => 0.5,
  };
  return { platform, sleeps, now: () => clock };
}

export type Setup = { server: TestServer; client: HttpClient; sleeps: number[]; now: () => number };

/** Per test file: starts servers with a client pinned to them, and closes them after each test. */
export function registerTestServers(): {
  setup(script: Script, options?: Partial<HttpClientOptions>): Promise<Setup>;
  extraServer(script: Script): Promise<TestServer>;
} {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const extraServer = async (script: Script) => {
    const server = await startServer(script);
    servers.push(server);
    return server;
  };
  return {
    extraServer,
    async setup(script, options = {}) {
      const server = await extraServer(script);
      const fake = fakePlatform();
      const client = createHttpClient({ platform: fake.platform, baseUrl: server.origin, ...options });
      return { server, client, ...fake };
    },
  };
}

/** The HttpError a promise rejects with; anything else (a leaked SyntaxError, a success) fails the test. */
export async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return error;
}
