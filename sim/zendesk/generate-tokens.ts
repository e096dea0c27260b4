// Generates the OAuth grants (tokens) of a simulated tenant: who authorized which app, with which scopes.
import type { SimGlobalClient, SimLocalClient, SimToken, SimUser } from './model.ts';
import type { Rng } from './rng.ts';
import { DAY_MS, iso } from './time.ts';

const READ: readonly string[] = ['read'];
const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Scope sets an app asks for; the weights make `read` the common case, as in real tenants. */
const SCOPE_PROFILES: ReadonlyArray<readonly [number, readonly string[]]> = [
  [40, ['read']],
  [16, ['read', 'write']],
  [8, ['tickets:read']],
  [6, ['tickets:read', 'tickets:write']],
  [5, ['users:read', 'users:write']],
  [4, ['hc:read', 'hc:write']],
  [4, ['read', 'webhooks:write']],
  [3, ['read', 'impersonate']],
  [3, ['auditlogs:read']],
  [2, ['apps:read', 'triggers:write']],
  // Scopes Zendesk does not document: a connector must not take them for harmless.
  [2, ['read', 'voice:write']],
  [2, ['custom_objects:read', 'ticket_fields:write']],
];

export function weighted<T>(rng: Rng, items: ReadonlyArray<readonly [number, T]>): T {
  const total = items.reduce((s, [w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [w, v] of items) {
    r -= w;
    if (r < 0) return v;
  }
  return (items[items.length - 1] as readonly [number, T])[1];
}

export function newTokenString(rng: Rng): string {
  return rng.chars(64, TOKEN_ALPHABET);
}

/** Ids of clients that were deleted while their tokens survived: attributed to no listed client. */
export const ORPHAN_CLIENT_IDS = [4901, 4902];
/** Ids of users that no longer exist at all, referenced by a few surviving tokens. */
export const VANISHED_USER_BASE = 99_000_001;

interface ClientRef {
  id: number;
  scopes: readonly string[];
  weight: number;
}

export function makeTokens(
  rng: Rng,
  count: number,
  users: readonly SimUser[],
  local: readonly SimLocalClient[],
  global: readonly SimGlobalClient[],
  now: number,
  since: number,
): SimToken[] {
  // The tenant's own Grantscope client (the last local one) starts with no grants.
  const clients: ClientRef[] = [
    // The most used apps ask for `read`, as the big Marketplace integrations do.
    ...local
      .slice(0, -1)
      .map((c, i) => ({ id: c.id, scopes: i === 0 ? READ : profile(rng), weight: 1 / (i + 1) })),
    ...global.map((c, i) => ({ id: c.id, scopes: i === 0 ? READ : profile(rng), weight: 2 / (i + 1) })),
    ...ORPHAN_CLIENT_IDS.map((id) => ({ id, scopes: ['read'] as const, weight: 0.02 })),
  ];
  // Every scope profile appears somewhere, on the least used apps, however the draw went.
  const drawn = new Set(clients.map((c) => c.scopes));
  const missing = SCOPE_PROFILES.map(([, scopes]) => scopes).filter((scopes) => !drawn.has(scopes));
  const tail = clients.length - 1 - ORPHAN_CLIENT_IDS.length;
  missing.forEach((scopes, k) => {
    const client = clients[tail - k];
    if (client && tail - k >= 0) client.scopes = scopes;
  });
  const totalWeight = clients.reduce((s, c) => s + c.weight, 0);
  const staff = users.filter((u) => u.role !== 'end-user');
  const endUsers = users.filter((u) => u.role === 'end-user');
  const tokens: SimToken[] = [];
  let vanished = 0;
  let previous: SimToken | undefined;
  for (let i = 0; i < count; i++) {
    let clientId: number;
    let userId: number;
    let scopes: readonly string[];
    if (previous && rng.chance(0.05)) {
      // The same person authorized the same app again: several live tokens for one pair.
      clientId = previous.clientId;
      userId = previous.userId;
      scopes = previous.scopes;
    } else {
      const client = pickClient(rng, clients, totalWeight);
      clientId = client.id;
      scopes = rng.chance(0.9) ? client.scopes : ['read'];
      if (rng.chance(0.005)) userId = VANISHED_USER_BASE + vanished++;
      else if (endUsers.length > 0 && rng.chance(0.15)) userId = rng.pick(endUsers).id;
      else userId = rng.pick(staff.length > 0 ? staff : users).id;
    }
    const created = since + Math.floor(rng.next() * (now - since - DAY_MS));
    const usage = weighted(rng, [
      [15, 'never'],
      [20, 'stale'],
      [65, 'recent'],
    ]);
    const usedAt =
      usage === 'never'
        ? null
        : usage === 'stale'
          ? created + Math.floor(rng.next() * Math.max(DAY_MS, now - 90 * DAY_MS - created))
          : Math.max(created, now - Math.floor(rng.next() * 60 * DAY_MS));
    const lifetime = weighted(rng, [
      [55, 'forever'],
      [30, 'expiring'],
      [15, 'expired'],
    ]);
    const expiresAt =
      lifetime === 'forever'
        ? null
        : lifetime === 'expired'
          ? now - Math.floor(rng.next() * 200 * DAY_MS) - DAY_MS
          : now + Math.floor(rng.next() * 48 * 3600_000) + 300_000;
    const hasRefresh = lifetime !== 'forever' && rng.chance(0.7);
    const token: SimToken = {
      id: 700_001 + i,
      clientId,
      userId,
      token: newTokenString(rng),
      refreshToken: hasRefresh ? newTokenString(rng) : null,
      scopes: [...scopes],
      createdAt: iso(Math.min(created, expiresAt ?? created)),
      expiresAt: expiresAt === null ? null : iso(expiresAt),
      usedAt: usedAt === null ? null : iso(Math.min(usedAt, now)),
      refreshTokenExpiresAt: hasRefresh ? iso((expiresAt ?? now) + 30 * DAY_MS) : null,
    };
    tokens.push(token);
    previous = token;
  }
  return tokens;
}

function profile(rng: Rng): readonly string[] {
  return weighted(rng, SCOPE_PROFILES);
}

function pickClient(rng: Rng, clients: readonly ClientRef[], total: number): ClientRef {
  let r = rng.next() * total;
  for (const c of clients) {
    r -= c.weight;
    if (r < 0) return c;
  }
  return clients[clients.length - 1] as ClientRef;
}
