// Generates the rest of a simulated tenant: installed apps, API tokens, webhooks and audit log entries.
import type { SimApiToken, SimApp, SimAuditLog, SimInstallation, SimUser, SimWebhook } from './model.ts';
import { APP_NAMES, WEBHOOK_TARGETS } from './names.ts';
import type { Rng } from './rng.ts';
import { DAY_MS, iso } from './time.ts';
import { ulid } from './ulid.ts';

function between(rng: Rng, from: number, to: number): number {
  return from + Math.floor(rng.next() * Math.max(0, to - from));
}

/** The app id of an installation whose app was since removed from the Marketplace: `/apps/{id}` is a 404. */
export const WITHDRAWN_APP_ID = 777_777;

export function makeApps(
  rng: Rng,
  count: number,
  adminId: number,
  now: number,
  since: number,
): { installations: SimInstallation[]; apps: Map<number, SimApp> } {
  const installations: SimInstallation[] = [];
  const apps = new Map<number, SimApp>();
  for (let i = 0; i < count; i++) {
    const [baseName, author, isPrivate] = APP_NAMES[i % APP_NAMES.length] as readonly [
      string,
      string,
      boolean,
    ];
    const round = Math.floor(i / APP_NAMES.length);
    const name = round ? `${baseName} ${round + 1}` : baseName;
    // The last installation points at an app that no longer exists, when there are enough of them.
    const withdrawn = count >= 4 && i === count - 1;
    const appId = withdrawn ? WITHDRAWN_APP_ID : 100_001 + i * 13;
    const created = between(rng, since, now - DAY_MS);
    if (!withdrawn) {
      apps.set(appId, {
        id: appId,
        name,
        shortDescription: `${name} inside the agent workspace`,
        authorName: author,
        authorEmail: `apps@${author.toLowerCase().replace(/[^a-z]+/g, '') || 'vendor'}.example.com`,
        authorUrl: `https://${author.toLowerCase().replace(/[^a-z]+/g, '') || 'vendor'}.example.com`,
        visibility: isPrivate ? 'private' : 'public',
        ownerId: isPrivate ? adminId : 50_000 + i,
        paid: !isPrivate && rng.chance(0.3),
        createdAt: iso(created - 30 * DAY_MS),
        updatedAt: iso(created),
      });
    }
    installations.push({
      id: 360_001 + i,
      appId,
      name: withdrawn ? 'Retired Widget' : name,
      enabled: rng.chance(0.85),
      paid: apps.get(appId)?.paid ?? false,
      settings: {
        name: withdrawn ? 'Retired Widget' : name,
        title: name,
        api_url: 'https://api.example.com',
      },
      createdAt: iso(created),
      updatedAt: iso(between(rng, created, now)),
    });
  }
  return { installations, apps };
}

export function makeApiTokens(
  rng: Rng,
  count: number,
  adminId: number,
  now: number,
  since: number,
): SimApiToken[] {
  const descriptions = [
    'Grantscope scanner',
    'Data warehouse export',
    'Old migration script',
    'Zapier (legacy)',
  ];
  const tokens: SimApiToken[] = [];
  for (let i = 0; i < count; i++) {
    const created = between(rng, since, now - 31 * DAY_MS);
    const used = i === 0 ? now - 3600_000 : rng.chance(0.7) ? between(rng, created, now) : null;
    tokens.push({
      id: 4_200_001 + i,
      description: i < descriptions.length ? (descriptions[i] as string) : `Integration token ${i + 1}`,
      token: rng.chars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
      // Tokens unused for 30 days are deactivated since 2026-07-28 (API notes §0).
      active: i === 0 || (used !== null && now - used < 30 * DAY_MS),
      userId: adminId,
      createdAt: iso(created),
      updatedAt: iso(used ?? created),
      lastUsedAt: used === null ? null : iso(used),
    });
  }
  return tokens;
}

export function makeWebhooks(
  rng: Rng,
  count: number,
  adminId: number,
  now: number,
  since: number,
): SimWebhook[] {
  const hooks: SimWebhook[] = [];
  const events = [
    'zen:event-type:user.created',
    'zen:event-type:organization.created',
    'zen:event-type:user.deleted',
  ];
  let created = since;
  for (let i = 0; i < count; i++) {
    const [baseName, endpoint] = WEBHOOK_TARGETS[i % WEBHOOK_TARGETS.length] as readonly [string, string];
    const round = Math.floor(i / WEBHOOK_TARGETS.length);
    created = between(rng, created, now - DAY_MS);
    const conditional = rng.chance(0.6);
    const fromMarketplace = rng.chance(0.2);
    hooks.push({
      id: ulid(created, rng),
      name: round ? `${baseName} ${round + 1}` : baseName,
      description: conditional ? 'Triggered by ticket rules' : 'Subscribed to account events',
      endpoint,
      httpMethod: conditional ? rng.pick(['POST', 'PUT'] as const) : 'POST',
      requestFormat: conditional ? rng.pick(['json', 'xml', 'form_encoded'] as const) : 'json',
      status: rng.chance(0.8) ? 'active' : 'inactive',
      subscriptions: conditional ? ['conditional_ticket_events'] : [rng.pick(events)],
      authentication: rng.chance(0.6)
        ? { type: rng.pick(['basic_auth', 'bearer_token', 'api_key'] as const), add_position: 'header' }
        : null,
      externalSource: fromMarketplace ? { name: 'Zendesk Marketplace', version: '1.0' } : null,
      createdAt: iso(created),
      createdBy: fromMarketplace ? '-1' : String(adminId),
      updatedAt: iso(between(rng, created, now)),
    });
  }
  // Cursor pagination walks webhooks in id order; ids of the same millisecond may not be.
  return hooks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function makeAuditLogs(
  rng: Rng,
  count: number,
  users: readonly SimUser[],
  now: number,
): SimAuditLog[] {
  const admins = users.filter((u) => u.role === 'admin');
  const logs: SimAuditLog[] = [];
  const kinds = [
    ['create', 'apitoken', 'API token created'],
    ['destroy', 'apitoken', 'API token deleted'],
    ['create', 'zendesk/app_market/app', 'App installed'],
    ['update', 'user', 'Role changed from End user to Agent'],
    ['login', 'user', 'Signed in'],
    ['create', 'oauth_client', 'OAuth client created'],
  ] as const;
  let t = now;
  for (let i = 0; i < count; i++) {
    t -= Math.floor(rng.next() * 6 * 3600_000) + 1000;
    const actor = rng.pick(admins.length > 0 ? admins : users);
    const [action, sourceType, change] = rng.pick(kinds);
    logs.push({
      id: 9_000_000 + count - i,
      action,
      actorId: actor.id,
      actorName: actor.name,
      changeDescription: change,
      createdAt: iso(t),
      ipAddress: `203.0.113.${rng.int(1, 254)}`,
      sourceId: rng.int(1000, 999_999),
      sourceLabel: sourceType,
      sourceType,
    });
  }
  return logs;
}
