// Security behaviour of the shared HTTP client: host pinning, credentials kept out of errors, 401 refresh, cancel.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from './http.ts';
import { failure, fakePlatform, json, registerTestServers } from './http-test-server.ts';

const Thing = z.object({ id: z.number() });
const TOKEN = 'secret-oauth-token-0123456789';

const { setup, extraServer } = registerTestServers();

describe('host pinning', () => {
  it('refuses an absolute URL on another port without sending anything there', async () => {
    const elsewhere = await extraServer((_req, res) => json(res, { id: 1 }));
    const { client, server } = await setup((_req, res) => json(res, { id: 1 }));
    const error = await failure(client.getJson(`${elsewhere.origin}/api/v2/users`, Thing));
    expect(error.code).toBe('foreign_host');
    expect(error.message).toContain(new URL(elsewhere.origin).host);
    expect(elsewhere.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses protocol-relative and other-scheme links', async () => {
    const { client } = await setup((_req, res) => json(res, { id: 1 }));
    await expect(failure(client.getJson('//evil.example/api', Thing))).resolves.toMatchObject({
      code: 'foreign_host',
      message: expect.stringContaining('evil.example'),
    });
    const origin = new URL(client.origin);
    const https = `https://${origin.host}/api`;
    await expect(failure(client.getJson(https, Thing))).resolves.toMatchObject({ code: 'foreign_host' });
  });

  it('does not follow a redirect, so credentials never reach the target', async () => {
    const elsewhere = await extraServer((_req, res) => json(res, { id: 1 }));
    const { client } = await setup((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.origin}/steal` });
      res.end();
    });
    const error = await failure(client.getJson('/x', Thing));
    expect(error).toMatchObject({ code: 'http_status', status: 302, retriable: false });
    expect(error.message).toContain(new URL(elsewhere.origin).host);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('accepts only a bare http(s) origin as the base URL', () => {
    const { platform } = fakePlatform();
    const create = (baseUrl: string) => () => createHttpClient({ platform, baseUrl });
    expect(create('https://acme.zendesk.com')).not.toThrow();
    expect(create('https://acme.zendesk.com/api/v2')).toThrow(/origin only/);
    expect(create('ftp://acme.zendesk.com')).toThrow(/https/);
    expect(create('https://me:hunter22@acme.zendesk.com')).toThrow(/must not embed credentials/);
    expect(create('https://me:hunter22@acme.zendesk.com')).not.toThrow(/hunter22/);
    expect(create('not a url')).toThrow(/not a valid URL/);
  });
});

describe('credentials', () => {
  it('keeps credentials out of the error even when the server echoes them back', async () => {
    const { client } = await setup(
      (req, res) => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`bad request, you sent authorization: ${req.headers.authorization}`);
      },
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );
    const error = await failure(client.getJson('/x', Thing));
    expect(error.status).toBe(400);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('asks authorize() for headers before every attempt', async () => {
    let issued = 0;
    const { client, server } = await setup(
      (_req, res, n) => (n === 1 ? json(res, {}, {}, 502) : json(res, { id: 1 })),
      { authorize: async () => ({ authorization: `Bearer token-${++issued}` }) },
    );
    await client.getJson('/x', Thing);
    expect(server.requests.map((r) => r.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('retries a 401 exactly once after onUnauthorized refreshed the credentials', async () => {
    let token = 'expired-token';
    let refreshes = 0;
    const { client, server } = await setup(
      (req, res) =>
        req.headers.authorization === 'Bearer fresh-token' ? json(res, { id: 7 }) : json(res, {}, {}, 401),
      {
        authorize: async () => ({ authorization: `Bearer ${token}` }),
        onUnauthorized: async () => {
          refreshes += 1;
          token = 'fresh-token';
          return true;
        },
      },
    );
    await expect(client.getJson('/x', Thing)).resolves.toEqual({ id: 7 });
    expect(refreshes).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(client.stats().retries).toBe(1);
  });

  it('reports a 401 that persists after one refresh instead of refreshing again', async () => {
    let refreshes = 0;
    const { client, server } = await setup((_req, res) => json(res, { error: 'Unauthorized' }, {}, 401), {
      onUnauthorized: async () => {
        refreshes += 1;
        return true;
      },
    });
    const error = await failure(client.getJson('/x', Thing));
    expect(error).toMatchObject({ code: 'http_status', status: 401, retriable: false });
    expect(error.message).toContain('credentials were rejected');
    expect(refreshes).toBe(1);
    expect(server.requests).toHaveLength(2);
  });
});

describe('cancellation and concurrency', () => {
  it('stops with aborted when the outer signal is cancelled mid-request', async () => {
    const controller = new AbortController();
    const { client } = await setup(() => controller.abort(), { signal: controller.signal });
    const error = await failure(client.getJson('/x', Thing));
    expect(error).toMatchObject({ code: 'aborted', retriable: false });
    expect(client.stats().retries).toBe(0);
  });

  it('never has more than maxInFlight requests open at once', async () => {
    const { client, server } = await setup((_req, res) => setTimeout(() => json(res, { id: 1 }), 10), {
      maxInFlight: 2,
    });
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.getJson(`/x/${i}`, Thing)));
    expect(server.requests).toHaveLength(8);
    expect(server.maxConcurrent).toBe(2);
  });
});
