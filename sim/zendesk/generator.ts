// Builds a deterministic simulated Zendesk tenant from a seed and sizes, with the variety real tenants have.

import { makeApiTokens, makeApps, makeAuditLogs, makeWebhooks } from './generate-extras.ts';
import { makeTokens, weighted } from './generate-tokens.ts';
import type { Plan, Role, SimApiToken, SimGlobalClient, SimLocalClient, SimUser, Tenant } from './model.ts';
import { FIRST_NAMES, GLOBAL_CLIENT_NAMES, LAST_NAMES, LOCAL_CLIENT_NAMES } from './names.ts';
import { createRng, type Rng } from './rng.ts';
import { indexTenant } from './tenant-index.ts';
import { DAY_MS, iso } from './time.ts';

export interface TenantOptions {
  seed?: number;
  subdomain?: string;
  plan?: Plan;
  users?: number;
  localClients?: number;
  globalClients?: number;
  tokens?: number;
  installations?: number;
  apiTokens?: number;
  webhooks?: number;
  auditLogs?: number;
  /** The tenant's "now": every generated date lies before it. Fixed by default so a seed means one tenant. */
  referenceTime?: number;
}

export const DEFAULT_REFERENCE_TIME = Date.UTC(2026, 10, 30);
const HEX = '0123456789abcdef';

function asciiSlug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase();
}

function between(rng: Rng, from: number, to: number): number {
  return from + Math.floor(rng.next() * Math.max(0, to - from));
}

export function generateTenant(options: TenantOptions = {}): Tenant {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const now = options.referenceTime ?? DEFAULT_REFERENCE_TIME;
  const subdomain = options.subdomain ?? 'acme';
  const plan = options.plan ?? 'enterprise';
  const sizes = {
    users: Math.max(2, options.users ?? 200),
    localClients: Math.max(1, options.localClients ?? 8),
    globalClients: Math.max(0, options.globalClients ?? 10),
    tokens: Math.max(0, options.tokens ?? 1000),
    installations: Math.max(0, options.installations ?? 8),
    apiTokens: Math.max(1, options.apiTokens ?? 5),
    webhooks: Math.max(0, options.webhooks ?? 6),
    auditLogs: Math.max(0, options.auditLogs ?? 200),
  };
  const threeYearsAgo = now - 3 * 365 * DAY_MS;

  const users = makeUsers(rng, sizes.users, now, threeYearsAgo);
  const admin = users[0] as SimUser;
  const agent = users[1] as SimUser;
  const localClients = makeLocalClients(rng, sizes.localClients, admin.id, now, threeYearsAgo);
  const globalClients = makeGlobalClients(rng, sizes.globalClients);
  const tokens = makeTokens(rng, sizes.tokens, users, localClients, globalClients, now, threeYearsAgo);
  const { installations, apps } = makeApps(rng, sizes.installations, admin.id, now, threeYearsAgo);
  const apiTokens = makeApiTokens(rng, sizes.apiTokens, admin.id, now, threeYearsAgo);
  const webhooks = makeWebhooks(rng, sizes.webhooks, admin.id, now, threeYearsAgo);
  const auditLogs = makeAuditLogs(rng, sizes.auditLogs, users, now);
  const ownClient = localClients[localClients.length - 1] as SimLocalClient;

  return indexTenant({
    subdomain,
    plan,
    users,
    localClients,
    globalClients,
    tokens,
    installations,
    apps,
    apiTokens,
    webhooks,
    auditLogs,
    credentials: {
      adminEmail: admin.email,
      apiToken: (apiTokens[0] as SimApiToken).token,
      agentEmail: agent.email,
      clientId: ownClient.identifier,
      clientSecret: ownClient.secret,
    },
    usersById: new Map(),
    usersByEmail: new Map(),
    tokensByAccess: new Map(),
    tokensByRefresh: new Map(),
    nextTokenId: 0,
  });
}

function makeUsers(rng: Rng, count: number, now: number, since: number): SimUser[] {
  const users: SimUser[] = [];
  for (let i = 0; i < count; i++) {
    const id = 10_000_001 + i;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let role: Role;
    if (i === 0) role = 'admin';
    else if (i === 1) role = 'agent';
    else
      role = weighted(rng, [
        [4, 'admin' as Role],
        [36, 'agent' as Role],
        [60, 'end-user' as Role],
      ]);
    const slug = `${asciiSlug(first)}.${asciiSlug(last)}`.replace(/^\.|\.$/g, '');
    const email =
      i === 0 ? 'admin@example.com' : i === 1 ? 'agent@example.com' : `${slug || 'user'}.${id}@example.com`;
    const createdAt = between(rng, since, now - 30 * DAY_MS);
    const special =
      i < 2
        ? 'normal'
        : weighted(rng, [
            [94, 'normal'],
            [3, 'suspended'],
            [3, 'deleted'],
          ]);
    users.push({
      id,
      name: i === 0 ? 'Avery Admin' : i === 1 ? 'Sam Agent' : `${first} ${last}`,
      email,
      role,
      roleType: role === 'admin' ? 4 : role === 'agent' ? rng.pick([0, 0, 1, null]) : null,
      customRoleId: role === 'agent' && rng.chance(0.3) ? rng.int(100, 120) : null,
      active: special !== 'deleted',
      suspended: special === 'suspended',
      verified: rng.chance(0.9),
      locale: rng.pick(['en-US', 'de', 'ja', 'he', 'ar', 'pt-BR']),
      timeZone: rng.pick(['Pacific Time (US & Canada)', 'Berlin', 'Tokyo', 'Jerusalem', 'Brasilia']),
      ianaTimeZone: rng.pick(['America/Los_Angeles', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Jerusalem']),
      twoFactor: role === 'end-user' ? null : rng.chance(0.7),
      organizationId: rng.chance(0.7) ? rng.int(900_001, 900_050) : null,
      createdAt: iso(createdAt),
      updatedAt: iso(between(rng, createdAt, now)),
      lastLoginAt: rng.chance(0.85) ? iso(between(rng, createdAt, now)) : null,
    });
  }
  return users;
}

function makeLocalClients(
  rng: Rng,
  count: number,
  adminId: number,
  now: number,
  since: number,
): SimLocalClient[] {
  const clients: SimLocalClient[] = [];
  for (let i = 0; i < count; i++) {
    const own = i === count - 1;
    const [baseName, company, description] = LOCAL_CLIENT_NAMES[i % LOCAL_CLIENT_NAMES.length] as readonly [
      string,
      string,
      string,
    ];
    const round = Math.floor(i / LOCAL_CLIENT_NAMES.length);
    const name = own ? 'Grantscope' : round ? `${baseName} ${round + 1}` : baseName;
    const createdAt = between(rng, since, now - DAY_MS);
    clients.push({
      id: 5001 + i,
      name,
      identifier: own ? 'grantscope' : `${asciiSlug(name) || 'client'}_${5001 + i}`,
      company: own ? 'Acme Security' : company,
      description: own ? 'Third-party access inventory' : description,
      kind: own || rng.chance(0.6) ? 'confidential' : 'public',
      secret: rng.chars(64, HEX),
      redirectUri: own
        ? ['http://127.0.0.1:8080/oauth/callback', 'http://localhost:8080/oauth/callback']
        : [`https://${asciiSlug(company) || 'app'}.example.com/oauth/callback`],
      userId: adminId,
      // Local clients created after 2026-04-30 get 30-minute access tokens by default (API notes §0).
      accessTtl: own || rng.chance(0.5) ? 1800 : null,
      createdAt: iso(createdAt),
      updatedAt: iso(between(rng, createdAt, now)),
    });
  }
  return clients;
}

function makeGlobalClients(rng: Rng, count: number): SimGlobalClient[] {
  const clients: SimGlobalClient[] = [];
  for (let i = 0; i < count; i++) {
    const [baseName, company] = GLOBAL_CLIENT_NAMES[i % GLOBAL_CLIENT_NAMES.length] as readonly [
      string,
      string,
    ];
    const round = Math.floor(i / GLOBAL_CLIENT_NAMES.length);
    const name = round ? `${baseName} ${round + 1}` : baseName;
    clients.push({
      id: 90_001 + i * 7,
      name,
      identifier: `zdg-${asciiSlug(name)}`,
      company,
      description: `${name} for Zendesk Support`,
      kind: rng.chance(0.7) ? 'confidential' : 'public',
      logoUrl: `https://static.zdassets.example/apps/${asciiSlug(name)}.png`,
    });
  }
  return clients;
}
