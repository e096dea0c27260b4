// Bench-only launcher: the simulated Zendesk in its own process, on a clock running --speed times fast, for bench/scan.ts.
// Prints one JSON line {url, adminEmail, apiToken, truth}; on "stats" (stdin) or SIGTERM prints its stats as JSON.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createZendeskSimulator } from '../sim/zendesk/server.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    users: { type: 'string' },
    tokens: { type: 'string' },
    'local-clients': { type: 'string' },
    'global-clients': { type: 'string' },
    limit: { type: 'string', default: '700' },
    'window-ms': { type: 'string', default: '60000' },
    speed: { type: 'string', default: '1' },
  },
});
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const speed = Number(values.speed);
const windowMs = Number(values['window-ms']);

// The simulator's clock runs `speed` times fast and its rate-limit window opens at the first request, so every
// run starts with a full window and the rate-limit floor is exact. Only the clock's rate matters to a client:
// Zendesk's reset and Retry-After headers are relative (seconds from now).
const base = windowMs * Math.floor(Date.now() / windowMs);
let first: number | undefined;
let last = 0;
const now = () => {
  const p = performance.now();
  first ??= p;
  last = p;
  return base + (p - first) * speed;
};

const sim = createZendeskSimulator({
  seed: Number(values.seed),
  users: num(values.users),
  tokens: num(values.tokens),
  localClients: num(values['local-clients']),
  globalClients: num(values['global-clients']),
  rateLimit: Number(values.limit),
  rateWindowMs: windowMs,
  now,
});

/** What the tenant holds, from the simulator's own records (never from a client's output). */
function truth() {
  const t = sim.tenant;
  const owners = new Set(t.tokens.map((x) => x.userId));
  const referenced = new Set(owners);
  for (const a of t.apiTokens) if (a.userId) referenced.add(a.userId);
  const creators = t.webhooks.filter((w) => /^\d+$/.test(w.createdBy));
  for (const w of creators) referenced.add(Number(w.createdBy));
  const apps = new Set(t.installations.map((i) => i.appId)).size;
  const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
  const fixed =
    1 /* users/me */ + 1 /* audit-log probe */ + 1 /* installations */ + apps + 1 /* api_tokens */;
  return {
    users: t.users.length,
    tokens: t.tokens.length,
    localClients: t.localClients.length,
    globalClients: t.globalClients.length,
    installations: t.installations.length,
    distinctApps: apps,
    apiTokens: t.apiTokens.length,
    webhooks: t.webhooks.length,
    tokenOwners: owners.size,
    referencedUsers: referenced.size,
    grants: t.tokens.length + t.apiTokens.filter((a) => a.userId).length + creators.length,
    minimalCalls:
      pages(t.tokens.length) +
      pages(t.localClients.length) +
      pages(t.globalClients.length) +
      Math.ceil(referenced.size / 100) +
      fixed +
      pages(t.webhooks.length),
  };
}

const server = await sim.listen(0, '127.0.0.1');
const cpu0 = process.cpuUsage();
const { adminEmail, apiToken } = sim.tenant.credentials;
process.stdout.write(`${JSON.stringify({ url: server.url, adminEmail, apiToken, truth: truth() })}\n`);

function report(): void {
  const cpu = process.cpuUsage(cpu0);
  const spanMs = first === undefined ? 0 : last - first;
  const stats = { ...sim.stats(), cpuMs: (cpu.user + cpu.system) / 1000, realSpanMs: spanMs };
  process.stdout.write(`${JSON.stringify(stats)}\n`);
}

let stopping = false;
const stop = (withStats: boolean) => {
  if (stopping) return;
  stopping = true;
  if (withStats) report();
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', () => stop(true));
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() === 'stats') report();
    if (line.trim() === 'exit') stop(false);
  })
  // The bench went away: do not linger.
  .on('close', () => stop(false));
