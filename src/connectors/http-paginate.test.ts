// Behaviour of the pagination walk: follows next links on the pinned host, detects loops, stops at the cap.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failure, json, registerTestServers } from './http-test-server.ts';

const Page = z.object({
  items: z.array(z.number()),
  links: z.object({ next: z.string().nullable() }),
});
type Page = z.infer<typeof Page>;
const nextLink = (page: Page) => page.links.next;

const { setup, extraServer } = registerTestServers();

async function collect<T>(pages: AsyncIterable<T>, into: T[]): Promise<T[]> {
  for await (const page of pages) into.push(page);
  return into;
}

describe('paginate', () => {
  it('yields every page, following absolute and relative next links until there is none', async () => {
    const { client, server } = await setup((req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1');
      const next = n === 1 ? `http://${req.headers.host}/items?page=2` : n === 2 ? '/items?page=3' : null;
      json(res, { items: [n], links: { next } });
    });
    const pages = await collect(client.paginate('/items?page=1', Page, nextLink), []);
    expect(pages.map((p) => p.items[0])).toEqual([1, 2, 3]);
    expect(server.requests.map((r) => r.path)).toEqual(['/items?page=1', '/items?page=2', '/items?page=3']);
  });

  it('fails with pagination_loop when a next link repeats, after yielding the pages it got', async () => {
    const { client, server } = await setup((req, res) => {
      const next = req.url === '/items' ? '/items?cursor=a' : '/items?cursor=a';
      json(res, { items: [1], links: { next } });
    });
    const seen: Page[] = [];
    const error = await failure(collect(client.paginate('/items', Page, nextLink), seen));
    expect(error.code).toBe('pagination_loop');
    expect(seen).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('fails with foreign_host on a next link to another port and never calls it', async () => {
    const elsewhere = await extraServer((_req, res) => json(res, { items: [], links: { next: null } }));
    const { client } = await setup((_req, res) =>
      json(res, { items: [1], links: { next: `${elsewhere.origin}/p2` } }),
    );
    const seen: Page[] = [];
    const error = await failure(collect(client.paginate('/items', Page, nextLink), seen));
    expect(error.code).toBe('foreign_host');
    expect(error.message).toContain(new URL(elsewhere.origin).host);
    expect(seen).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('fails with page_cap instead of silently truncating when pages keep coming', async () => {
    const { client, server } = await setup(
      (_req, res, n) => json(res, { items: [n], links: { next: `/items?cursor=${n}` } }),
      { maxPages: 3 },
    );
    const seen: Page[] = [];
    const error = await failure(collect(client.paginate('/items', Page, nextLink), seen));
    expect(error.code).toBe('page_cap');
    expect(error.message).toContain('3');
    expect(seen).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
  });

  it('propagates a page that fails validation as schema_mismatch', async () => {
    const { client } = await setup((_req, res) => json(res, { items: ['x'], links: { next: null } }));
    const error = await failure(collect(client.paginate('/items', Page, nextLink), []));
    expect(error.code).toBe('schema_mismatch');
    expect(error.message).toContain('items[0]');
  });
});
