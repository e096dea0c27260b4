// The tenant generator: deterministic, at the sizes asked, and with the awkward data real tenants hold.
import { describe, expect, it } from 'vitest';
import { ORPHAN_CLIENT_IDS, VANISHED_USER_BASE } from './generate-tokens.ts';
import { generateTenant } from './generator.ts';

const tenant = generateTenant({ seed: 99, users: 2000, tokens: 10_000, localClients: 12, globalClients: 14 });

function snapshot(seed: number) {
  const t = generateTenant({ seed, users: 300, tokens: 2000 });
  return JSON.stringify({
    ...t,
    usersById: null,
    usersByEmail: null,
    tokensByAccess: null,
    tokensByRefresh: null,
    apps: [...t.apps],
  });
}

describe('tenant generator', () => {
  it('builds the same tenant from the same seed, and another from another seed', () => {
    expect(snapshot(7)).toBe(snapshot(7));
    expect(snapshot(7)).not.toBe(snapshot(8));
  });

  it('builds the sizes it is asked for, with unique ascending ids', () => {
    expect(tenant.users).toHaveLength(2000);
    expect(tenant.tokens).toHaveLength(10_000);
    expect(tenant.localClients).toHaveLength(12);
    expect(tenant.globalClients).toHaveLength(14);
    const ids = tenant.tokens.map((t) => t.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('builds 100,000 tokens and 20,000 users', () => {
    const big = generateTenant({
      seed: 1,
      users: 20_000,
      tokens: 100_000,
      localClients: 100,
      globalClients: 200,
    });
    expect(big.tokens).toHaveLength(100_000);
    expect(big.usersById.size).toBe(20_000);
  });

  it('mixes admins, agents and end users, with suspended and deleted ones', () => {
    const roles = new Set(tenant.users.map((u) => u.role));
    expect(roles).toEqual(new Set(['admin', 'agent', 'end-user']));
    expect(tenant.users.some((u) => u.suspended)).toBe(true);
    expect(tenant.users.some((u) => !u.active)).toBe(true);
  });

  it('has unicode and right-to-left names', () => {
    expect(tenant.users.some((u) => /[\u0590-\u06FF]/.test(u.name))).toBe(true);
    expect(tenant.users.some((u) => /[\u3040-\u30FF\u4E00-\u9FFF]/.test(u.name))).toBe(true);
  });

  it('gives most grants read, some read write, resource scopes, a few impersonate and undocumented scopes', () => {
    const sets = tenant.tokens.map((t) => t.scopes.join(' '));
    const share = (s: string) => sets.filter((x) => x === s).length / sets.length;
    expect(share('read')).toBeGreaterThan(0.3);
    expect(share('read write')).toBeGreaterThan(0.03);
    expect(sets.some((s) => s.includes('tickets:read'))).toBe(true);
    expect(sets.some((s) => s.includes('impersonate'))).toBe(true);
    expect(sets.some((s) => s.includes('voice:write') || s.includes('custom_objects:read'))).toBe(true);
  });

  it('has unused, expired, stale and refresh-token grants', () => {
    const now = Date.UTC(2026, 10, 30);
    expect(tenant.tokens.some((t) => t.usedAt === null)).toBe(true);
    expect(tenant.tokens.some((t) => t.expiresAt !== null && Date.parse(t.expiresAt) < now)).toBe(true);
    expect(tenant.tokens.some((t) => t.usedAt !== null && now - Date.parse(t.usedAt) > 90 * 86_400_000)).toBe(
      true,
    );
    expect(tenant.tokens.some((t) => t.refreshToken !== null)).toBe(true);
    for (const t of tenant.tokens) {
      if (t.usedAt) expect(Date.parse(t.usedAt)).toBeLessThanOrEqual(now);
      if (t.usedAt) expect(t.usedAt >= t.createdAt).toBe(true);
    }
  });

  it('keeps tokens of users that no longer exist and of clients in neither list', () => {
    expect(tenant.tokens.some((t) => t.userId >= VANISHED_USER_BASE && !tenant.usersById.has(t.userId))).toBe(
      true,
    );
    expect(tenant.tokens.some((t) => ORPHAN_CLIENT_IDS.includes(t.clientId))).toBe(true);
  });

  it('gives Marketplace grants the global client’s id', () => {
    const globalIds = new Set(tenant.globalClients.map((c) => c.id));
    expect(tenant.tokens.filter((t) => globalIds.has(t.clientId)).length).toBeGreaterThan(1000);
  });

  it('has users with several tokens for the same app', () => {
    const pairs = new Map<string, number>();
    for (const t of tenant.tokens)
      pairs.set(`${t.clientId}:${t.userId}`, (pairs.get(`${t.clientId}:${t.userId}`) ?? 0) + 1);
    expect([...pairs.values()].some((n) => n >= 2)).toBe(true);
  });

  it('installs apps, one of which the Marketplace no longer has', () => {
    expect(tenant.installations.length).toBeGreaterThan(3);
    expect(tenant.installations.some((i) => !tenant.apps.has(i.appId))).toBe(true);
    expect([...tenant.apps.values()].some((a) => a.visibility === 'private')).toBe(true);
  });

  it('hands out credentials that belong to an active admin and an agent', () => {
    const admin = tenant.usersByEmail.get(tenant.credentials.adminEmail);
    expect(admin).toMatchObject({ role: 'admin', active: true, suspended: false });
    expect(tenant.usersByEmail.get(tenant.credentials.agentEmail)?.role).toBe('agent');
    expect(tenant.apiTokens.find((t) => t.token === tenant.credentials.apiToken)?.active).toBe(true);
    const client = tenant.localClients.find((c) => c.identifier === tenant.credentials.clientId);
    expect(client).toMatchObject({ kind: 'confidential', secret: tenant.credentials.clientSecret });
  });
});
