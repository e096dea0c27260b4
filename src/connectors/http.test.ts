// Behaviour of the shared HTTP client against a real local server: retries, timeouts, bodies and payload errors.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failure, json, registerTestServers } from './http-test-server.ts';

const Thing = z.object({ id: z.number(), name: z.string() });

const { setup } = registerTestServers();

describe('createHttpClient', () => {
  it('returns validated JSON and counts one call and the body bytes', async () => {
    const body = { id: 1, name: 'Slack', extra: true };
    const { client } = await setup((_req, res) => json(res, body));
    await expect(client.getJson('/api/v2/things/1', Thing)).resolves.toEqual({ id: 1, name: 'Slack' });
    const bytes = JSON.stringify(body).length;
    expect(client.stats()).toEqual({ apiCalls: 1, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0, bytes });
  });

  it('waits for Retry-After after a 429 and then succeeds', async () => {
    const { client, sleeps } = await setup((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '3', 'content-type': 'text/plain' });
        res.end('Number of allowed API requests per minute exceeded');
      } else json(res, { id: 2, name: 'Jira' });
    });
    await expect(client.getJson('/x', Thing)).resolves.toEqual({ id: 2, name: 'Jira' });
    expect(sleeps).toEqual([3000]);
    expect(client.stats()).toMatchObject({
      apiCalls: 2,
      retries: 1,
      rateLimitWaits: 1,
      rateLimitWaitMs: 3000,
    });
  });

  it('retries a 503 HTML page with jittered backoff, then reports the status with a short tag-free excerpt', async () => {
    const page = '<html><head><style>p{}</style></head><body><h1>Service Unavailable</h1></body></html>';
    const { client, sleeps } = await setup(
      (_req, res) => {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end(page);
      },
      { maxRetries: 2, backoffBaseMs: 1000 },
    );
    const error = await failure(client.getJson('/api/v2/users', Thing));
    expect(error).toMatchObject({ code: 'http_status', status: 503, retriable: true });
    expect(error.message).toContain(
      'GET /api/v2/users failed on the server side (HTTP 503): Service Unavailable',
    );
    expect(error.message).toContain('Gave up after 2 retries');
    expect(error.message).not.toContain('<');
    expect(sleeps).toEqual([500, 1000]);
    expect(client.stats()).toMatchObject({ apiCalls: 3, retries: 2, rateLimitWaits: 0 });
  });

  it('never retries a 4xx other than 429', async () => {
    const { client } = await setup((_req, res) =>
      json(res, { error: 'RecordNotFound', description: 'Not found' }, {}, 404),
    );
    const error = await failure(client.getJson('/api/v2/oauth/clients/9', Thing));
    expect(error).toMatchObject({ code: 'http_status', status: 404, retriable: false });
    expect(error.message).toContain('RecordNotFound');
    expect(client.stats().apiCalls).toBe(1);
  });

  it('retries after the server resets the connection', async () => {
    const { client } = await setup((req, res, n) => {
      if (n === 1) req.socket.destroy();
      else json(res, { id: 3, name: 'Asana' });
    });
    await expect(client.getJson('/x', Thing)).resolves.toEqual({ id: 3, name: 'Asana' });
    expect(client.stats()).toMatchObject({ apiCalls: 2, retries: 1 });
  });

  it('gives up on a response slower than the per-attempt timeout and retries it', async () => {
    const { client } = await setup(
      (_req, res, n) => {
        if (n === 2) json(res, { id: 4, name: 'Box' });
      },
      { timeoutMs: 50 },
    );
    await expect(client.getJson('/slow', Thing)).resolves.toEqual({ id: 4, name: 'Box' });
    expect(client.stats()).toMatchObject({ apiCalls: 2, retries: 1 });
  });

  it('reports a timeout once retries are exhausted', async () => {
    const { client } = await setup(() => {}, { timeoutMs: 50, maxRetries: 1 });
    const error = await failure(client.getJson('/slow', Thing));
    expect(error).toMatchObject({ code: 'timeout', retriable: true });
    expect(error.message).toContain('within 50 ms');
  });

  it('treats a body cut short of its Content-Length as a network error and retries it', async () => {
    const { client } = await setup((req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"id": 5, "na');
        setTimeout(() => req.socket.destroy(), 20);
      } else json(res, { id: 5, name: 'Dropbox' });
    });
    await expect(client.getJson('/x', Thing)).resolves.toEqual({ id: 5, name: 'Dropbox' });
    expect(client.stats()).toMatchObject({ apiCalls: 2, retries: 1 });
  });

  it('reports a network error when every attempt is cut short', async () => {
    const { client } = await setup((req) => req.socket.destroy(), { maxRetries: 1 });
    const error = await failure(client.getJson('/x', Thing));
    expect(error).toMatchObject({ code: 'network', retriable: true });
    expect(client.stats().apiCalls).toBe(2);
  });

  it('turns a non-JSON success body into invalid_json without retrying', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>maintenance</html>');
    });
    const error = await failure(client.getJson('/x', Thing));
    expect(error).toMatchObject({ code: 'invalid_json', retriable: false });
    expect(error.message).toContain('not valid JSON');
    expect(client.stats().apiCalls).toBe(1);
  });

  it('names the path that failed schema validation', async () => {
    const { client } = await setup((_req, res) => json(res, { items: [{ id: 1, name: 'ok' }, { id: 'x' }] }));
    const error = await failure(client.getJson('/x', z.object({ items: z.array(Thing) })));
    expect(error.code).toBe('schema_mismatch');
    expect(error.message).toContain('items[1].id');
  });

  it('stops reading a streamed body past maxResponseBytes', async () => {
    const { client } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = `"${'x'.repeat(16 * 1024)}",`;
        for (let i = 0; i < 64; i += 1) res.write(chunk);
        res.end('0');
      },
      { maxResponseBytes: 50_000 },
    );
    const error = await failure(client.getJson('/huge', Thing));
    expect(error).toMatchObject({ code: 'response_too_large', retriable: false });
    expect(client.stats().bytes).toBeLessThan(200_000);
    expect(client.stats().apiCalls).toBe(1);
  });

  it('refuses a declared Content-Length past maxResponseBytes without reading it', async () => {
    const { client } = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2000' });
        res.end(`"${'y'.repeat(1998)}"`);
      },
      { maxResponseBytes: 1000 },
    );
    const error = await failure(client.getJson('/huge', Thing));
    expect(error.code).toBe('response_too_large');
    expect(client.stats().bytes).toBe(0);
  });
});
