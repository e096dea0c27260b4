// What a complete inventory of a simulated tenant must hold (the truth), what the store holds live, and the random
// changes made to a tenant between syncs so that additions and removals are both exercised.
import type { SimToken, Tenant } from '../../sim/zendesk/model.ts';
import type { Rng } from '../../sim/zendesk/rng.ts';
import { addToken, revokeToken } from '../../sim/zendesk/tenant-index.ts';
import type { Sql } from '../../src/store/db.ts';

/** Keys as the store writes them: apps by key, grants by `app_key|saas_id`, users by saas_id. */
export interface KeySets {
  apps: Set<string>;
  grants: Set<string>;
  users: Set<string>;
}

/** The live inventory: the key sets plus every row in full, so a failed run can be proven to have changed nothing. */
export interface Inventory extends KeySets {
  rows: Map<string, string>;
}

export const PARTS = ['apps', 'grants', 'users'] as const;

/** The same walk as src/connectors/zendesk/inventory.ts + map.ts, written again from the simulator's records. */
export function truthOf(t: Tenant): KeySets {
  const local = new Set(t.localClients.map((c) => c.id));
  const global = new Set(t.globalClients.map((c) => c.id));
  const apps = new Set<string>();
  const grants = new Set<string>();
  const users = new Set<string>();
  for (const c of t.localClients) apps.add(`oauth_client:${c.id}`);
  for (const c of t.globalClients) apps.add(`global_oauth_client:${c.id}`);
  for (const tok of t.tokens) {
    // Grants of a client in neither list are reported under an "unlisted" local client.
    const key = global.has(tok.clientId) && !local.has(tok.clientId) ? 'global_oauth_client' : 'oauth_client';
    apps.add(`${key}:${tok.clientId}`);
    grants.add(`${key}:${tok.clientId}|${tok.id}`);
    users.add(String(tok.userId));
  }
  for (const i of t.installations) apps.add(`app_installation:${i.id}`);
  for (const a of t.apiTokens) {
    apps.add(`api_token:${a.id}`);
    grants.add(`api_token:${a.id}|${a.id}`);
    users.add(String(a.userId));
  }
  for (const w of t.webhooks) {
    apps.add(`webhook:${w.id}`);
    if (/^\d+$/.test(w.createdBy)) {
      grants.add(`webhook:${w.id}|${w.id}`);
      users.add(w.createdBy);
    }
  }
  return { apps, grants, users };
}

export async function liveInventory(db: Sql, integrationId: string): Promise<Inventory> {
  const inv: Inventory = { apps: new Set(), grants: new Set(), users: new Set(), rows: new Map() };
  const apps = await db.query<Record<string, unknown>>(
    `SELECT key, kind, name, risk_level, risk_score, user_count, grant_count, scopes, last_seen_at
       FROM apps WHERE integration_id = $1 AND removed_at IS NULL`,
    [integrationId],
  );
  for (const a of apps) {
    inv.apps.add(a.key as string);
    inv.rows.set(`app ${a.key}`, JSON.stringify(a));
  }
  const grants = await db.query<Record<string, unknown>>(
    `SELECT app_key, saas_id, user_id, scopes, last_seen_at FROM grants WHERE integration_id = $1 AND removed_at IS NULL`,
    [integrationId],
  );
  for (const g of grants) {
    const key = `${g.app_key}|${g.saas_id}`;
    inv.grants.add(key);
    inv.rows.set(`grant ${key}`, JSON.stringify(g));
  }
  const users = await db.query<Record<string, unknown>>(
    'SELECT saas_id, name, email, last_seen_at FROM saas_users WHERE integration_id = $1 AND removed_at IS NULL',
    [integrationId],
  );
  for (const u of users) {
    inv.users.add(u.saas_id as string);
    inv.rows.set(`user ${u.saas_id}`, JSON.stringify(u));
  }
  return inv;
}

export const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x));
export const both = (a: Set<string>, b: Set<string>): Set<string> => new Set([...a].filter((x) => b.has(x)));
export const either = (a: Set<string>, b: Set<string>): Set<string> => new Set([...a, ...b]);

/** Rows that differ between two snapshots of the live inventory (added, removed or changed). */
export function rowDiff(before: Inventory, after: Inventory): string[] {
  const out: string[] = [];
  for (const [k, v] of before.rows) if (after.rows.get(k) !== v) out.push(k);
  for (const k of after.rows.keys()) if (!before.rows.has(k)) out.push(k);
  return out;
}

export interface Mutation {
  revoked: number;
  added: number;
  clientsEmptied: number;
  appsRemoved: number;
}

/**
 * Revokes some grants (sometimes every grant of one client, so its app disappears), adds some, and now and then
 * removes an installation or a webhook. Never touches what Grantscope signs in with.
 */
export function mutateTenant(t: Tenant, rng: Rng, keep: { ownClientId: number | null }): Mutation {
  const m: Mutation = { revoked: 0, added: 0, clientsEmptied: 0, appsRemoved: 0 };
  const revoke = rng.int(0, Math.max(1, Math.floor(t.tokens.length * 0.03)));
  for (let i = 0; i < revoke && t.tokens.length > 0; i++) {
    const victim = rng.pick(t.tokens);
    if (victim.clientId === keep.ownClientId) continue;
    if (revokeToken(t, victim.id)) m.revoked++;
  }
  if (rng.chance(0.25)) {
    const clients = [...new Set(t.tokens.map((x) => x.clientId))].filter((c) => c !== keep.ownClientId);
    if (clients.length > 0) {
      const client = rng.pick(clients);
      for (const x of t.tokens.filter((y) => y.clientId === client)) if (revokeToken(t, x.id)) m.revoked++;
      m.clientsEmptied++;
    }
  }
  const add = rng.int(0, Math.max(1, Math.floor(t.tokens.length * 0.03)));
  for (let i = 0; i < add; i++) {
    const model: SimToken | null = t.tokens.length > 0 ? rng.pick(t.tokens) : null;
    const user = rng.pick(t.users);
    // Sometimes a client nobody lists (deleted since), which shows as an "unlisted" app.
    const clientId = rng.chance(0.1)
      ? 9_000 + rng.int(0, 50)
      : (model?.clientId ?? t.localClients[0]?.id ?? 1);
    addToken(t, {
      clientId,
      userId: user.id,
      token: rng.chars(40),
      refreshToken: null,
      scopes: model?.scopes ?? ['read'],
      createdAt: new Date().toISOString(),
      expiresAt: null,
      usedAt: null,
      refreshTokenExpiresAt: null,
    });
    m.added++;
  }
  if (rng.chance(0.15) && t.installations.length > 1) {
    t.installations.splice(rng.int(0, t.installations.length - 1), 1);
    m.appsRemoved++;
  }
  if (rng.chance(0.15) && t.webhooks.length > 1) {
    t.webhooks.splice(rng.int(0, t.webhooks.length - 1), 1);
    m.appsRemoved++;
  }
  return m;
}
