// Bench-only: the grant inventory a typical user writes with node-zendesk 6.0.1, to compare with `grantscope scan`.
// What it does, following node-zendesk's README (list helpers, `{response, result}` from single calls):
//   1. client.users.list()        every active user, for the totals (node-zendesk walks cursor pages of 100);
//                                 it omits deleted users, so grant owners are looked up by id in step 4
//   2. client.oauthclients.list() the custom OAuth clients, to name each grant's app
//   3. client.oauthtokens.getAll(['oauth', 'tokens', { all: true }])  every grant of the account, through the
//      generic list API. node-zendesk itself adds page[size]=100 here (cursor pages, so Zendesk's 10,000-record
//      offset cap does not apply) and returns whole page bodies, which the script unwraps.
//   4. client.users.show(id)      each token's user, one by one (once per distinct user)
// Rate limits: node-zendesk neither paces nor retries, and does not throw on a 429: a single call *returns* the
// error as its result, and getAll stops paging and returns what it had with the error as its last element (its
// `throttle` option is broken in 6.0.1: it drops every other call and returns no promise). So the script, like a
// careful user who read Zendesk's rate-limit page, retries a single call after its Retry-After, and re-runs a list
// that ended in a 429 after a minute (getAll exposes neither the header nor a cursor to resume from), 3 tries,
// then keeps the longest part. Not covered: installed apps, API tokens, webhooks, Marketplace client names.
// Waits are divided by BENCH_SPEED (the simulator's clock runs that much faster); BENCH_CAP_MS caps the run.
import zendesk from 'node-zendesk';

type Json = Record<string, unknown>;
type Headers = { get(name: string): string | null };

const speed = Number(process.env.BENCH_SPEED ?? '1');
const deadline = performance.now() + Number(process.env.BENCH_CAP_MS ?? Number.POSITIVE_INFINITY);
const sleep = (seconds: number) => new Promise((r) => setTimeout(r, (seconds * 1000) / speed));
const client = zendesk.createClient({
  username: process.env.ZENDESK_EMAIL ?? '',
  token: process.env.ZENDESK_API_TOKEN ?? '',
  endpointUri: `${process.env.ZENDESK_URL}/api/v2`,
});

const stats = {
  listRetries: 0,
  showRetries: 0,
  showFailures: 0,
  truncatedLists: [] as string[],
  capped: false,
};
const is429 = (x: unknown) => x instanceof Error && (x as { statusCode?: number }).statusCode === 429;
const overdue = () => {
  if (performance.now() > deadline) stats.capped = true;
  return stats.capped;
};

async function listAll(name: string, list: () => Promise<unknown[]>): Promise<unknown[]> {
  let longest: unknown[] = [];
  for (let attempt = 1; attempt <= 3 && !overdue(); attempt++) {
    const items = await list();
    const cut = items.findIndex(is429);
    if (cut < 0) return items;
    if (cut > longest.length) longest = items.slice(0, cut);
    stats.listRetries++;
    await sleep(60);
  }
  stats.truncatedLists.push(name);
  return longest;
}

/** The user, 'gone' when Zendesk answers 404, or null when it could not be learned (429s, other errors, cap). */
async function showUser(id: number): Promise<Json | 'gone' | null> {
  for (let attempt = 1; attempt <= 5 && !overdue(); attempt++) {
    let answer: { response: object; result: unknown };
    try {
      answer = await client.users.show(id);
    } catch (error) {
      // Other statuses are thrown, as "Request processing failed: Zendesk Error (404): Item not found".
      if (/\(404\)/.test((error as Error).message)) return 'gone';
      break;
    }
    if (!is429(answer.result)) return answer.result as Json;
    stats.showRetries++;
    await sleep(Number((answer.response as { headers: Headers }).headers.get('retry-after') ?? 60));
  }
  stats.showFailures++;
  return null;
}

const t0 = performance.now();
const users = (await listAll('users', () => client.users.list())) as Json[];
const clients = (await listAll('oauth clients', () => client.oauthclients.list())) as Json[];
const pages = (await listAll('oauth tokens', () =>
  client.oauthtokens.getAll(['oauth', 'tokens', { all: true }]),
)) as Json[];
const tokens = pages.flatMap((p) => (Array.isArray(p.tokens) ? (p.tokens as Json[]) : [p]));

const clientNames = new Map(clients.map((c) => [c.id, c.name]));
const owners = new Map<number, Json | 'gone' | null>();
const rows: Json[] = [];
for (const t of tokens) {
  const userId = t.user_id as number;
  if (!owners.has(userId) && !overdue()) owners.set(userId, await showUser(userId));
  const found = owners.get(userId);
  const user = typeof found === 'object' ? found : null;
  rows.push({
    token: t.id,
    app: clientNames.get(t.client_id) ?? `client ${t.client_id}`,
    user: found === 'gone' ? `deleted user ${userId}` : (user?.email ?? null),
    role: user?.role ?? null,
    scopes: t.scopes,
    createdAt: t.created_at,
    usedAt: t.used_at,
  });
}
const wallMs = (performance.now() - t0) * speed;

process.stdout.write(`${JSON.stringify(rows)}\n`);
const resolved = [...owners.values()].filter((u) => u !== null).length;
process.stderr.write(
  `BENCH ${JSON.stringify({
    wallMs,
    users: users.length,
    clients: clients.length,
    tokensFound: new Set(tokens.map((t) => t.id)).size,
    ownersSeen: new Set(tokens.map((t) => t.user_id)).size,
    ownersResolved: resolved,
    ...stats,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
