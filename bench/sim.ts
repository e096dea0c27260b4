// How fast the simulated Zendesk builds a tenant and serves pages: it must never be the bottleneck of a sync.
// Run: npm run bench:sim   (prints a table; no assertions)
import { performance } from 'node:perf_hooks';
import { createZendeskSimulator } from '../sim/zendesk/server.ts';

const TOKENS = Number(process.env.BENCH_TOKENS ?? 100_000);
const USERS = Number(process.env.BENCH_USERS ?? 20_000);

const t0 = performance.now();
const sim = createZendeskSimulator({
  seed: 1,
  users: USERS,
  tokens: TOKENS,
  localClients: 100,
  globalClients: 200,
  rateLimit: 1e9,
});
const buildMs = performance.now() - t0;
const auth = `Basic ${Buffer.from(`${sim.tenant.credentials.adminEmail}/token:${sim.tenant.credentials.apiToken}`).toString('base64')}`;

/** Walks every token page by cursor, `lanes` walks at once; returns pages per second. */
async function walk(
  fetcher: typeof fetch,
  base: string,
  lanes: number,
): Promise<{ pages: number; perSecond: number }> {
  const start = performance.now();
  let pages = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      let next: string | null = `${base}/api/v2/oauth/tokens.json?all=true&page[size]=100`;
      while (next) {
        const res = await fetcher(next, { headers: { authorization: auth } });
        const body = (await res.json()) as { links: { next: string | null } };
        pages++;
        next = body.links.next;
      }
    }),
  );
  return { pages, perSecond: pages / ((performance.now() - start) / 1000) };
}

const rows: string[][] = [];
for (const lanes of [1, 4]) {
  const r = await walk(sim.fetch, 'https://acme.zendesk.com', lanes);
  rows.push(['in-process', String(lanes), String(r.pages), r.perSecond.toFixed(0)]);
}
const server = await sim.listen();
for (const lanes of [1, 4]) {
  const r = await walk(fetch, server.url, lanes);
  rows.push(['HTTP (loopback)', String(lanes), String(r.pages), r.perSecond.toFixed(0)]);
}
await server.close();

console.log(
  `Tenant: ${TOKENS.toLocaleString('en')} tokens, ${USERS.toLocaleString('en')} users — built in ${(buildMs / 1000).toFixed(2)} s; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
console.log('');
console.log('| transport | concurrent walks | pages served | pages/s |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log('');
console.log(`For scale: Zendesk Enterprise allows 700 requests/min = ${(700 / 60).toFixed(1)} pages/s.`);
