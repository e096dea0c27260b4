// Tests for the risk model's reasons: each code appears exactly when its condition holds, with its figure.
import { describe, expect, it } from 'vitest';
import type { AppRisk, RiskReasonCode } from './domain.ts';
import { assessApp } from './risk.ts';
import { daysAgo, grant, grantsFromUsers, input, NOW } from './risk-test-fixtures.ts';

const reason = (risk: AppRisk, code: RiskReasonCode) => risk.reasons.find((r) => r.code === code);
const codes = (risk: AppRisk) => risk.reasons.map((r) => r.code);

describe('reasons that explain the base', () => {
  it('gives an API token full account access and a critical level even without scopes', () => {
    const risk = assessApp(input({ kind: 'api_token', publisher: null }, []), { now: NOW });
    expect(reason(risk, 'full_account_access')?.message).toMatch(/full admin rights/);
    expect(reason(risk, 'base_risk')).toMatchObject({
      points: 80,
      message: expect.stringMatching(/API token/),
    });
    expect(risk.level).toBe('critical');
  });

  it('reports full write access for the broad write scope', () => {
    const risk = assessApp(input({}, [grant({ scopes: ['write'] })]), { now: NOW });
    expect(reason(risk, 'full_write_access')?.message).toContain('(write)');
    expect(risk.level).toBe('critical');
  });

  it('reports full read access for the broad read scope, at high', () => {
    const risk = assessApp(input({}, [grant({ scopes: ['read'] })]), { now: NOW });
    expect(reason(risk, 'full_read_access')?.message).toContain('(read)');
    expect(codes(risk)).not.toContain('full_write_access');
    expect(risk.level).toBe('high');
  });

  it('reports impersonation without calling it full write access', () => {
    const risk = assessApp(input({}, [grant({ scopes: ['impersonate'] })]), { now: NOW });
    expect(reason(risk, 'impersonation')?.message).toContain('on behalf of any end user');
    expect(codes(risk)).not.toContain('full_write_access');
    expect(risk.level).toBe('critical');
  });

  it('lists unknown scopes by name and rates them high, never low', () => {
    const risk = assessApp(
      input({}, [grant({ scopes: ['voice:write', 'docs:read', 'ticket_fields:write'] })]),
      {
        now: NOW,
      },
    );
    expect(reason(risk, 'unknown_scope')?.message).toBe(
      '2 scopes are not in the catalog and treated as high risk: ticket_fields:write, voice:write',
    );
    expect(risk.level).toBe('high');
  });

  it('treats an installed app whose scopes cannot be seen as unknown and high', () => {
    const risk = assessApp(input({ kind: 'installed_app', scopes: [] }, []), { now: NOW });
    expect(reason(risk, 'unknown_scope')?.message).toMatch(/not visible/);
    expect(risk.level).toBe('high');
  });

  it('explains the base with the riskiest scope by name', () => {
    const risk = assessApp(input({}, [grant({ scopes: ['docs:read', 'people:read'] })]), { now: NOW });
    expect(reason(risk, 'base_risk')).toEqual({
      code: 'base_risk',
      message: 'Base score 30: its riskiest scope, people:read, is medium risk',
      points: 30,
    });
  });
});

describe('data egress', () => {
  it('names the host a webhook sends data to', () => {
    const risk = assessApp(
      input({ kind: 'webhook', publisher: null, destinationHost: 'hooks.example.com' }, []),
      {
        now: NOW,
      },
    );
    expect(reason(risk, 'data_egress')).toEqual({
      code: 'data_egress',
      message: 'Sends tenant data to hooks.example.com',
      points: 10,
    });
    expect(risk.score).toBe(40);
    expect(risk.level).toBe('medium');
  });

  it('still flags a webhook whose destination is unknown', () => {
    const risk = assessApp(input({ kind: 'webhook', publisher: null, destinationHost: null }, []), {
      now: NOW,
    });
    expect(reason(risk, 'data_egress')?.message).toBe('Sends tenant data to an external endpoint');
  });

  it('flags automation scopes that write, naming them', () => {
    const risk = assessApp(input({}, [grant({ scopes: ['hooks:write'] })]), { now: NOW });
    expect(reason(risk, 'data_egress')?.message).toContain('(hooks:write)');
  });

  it('does not flag automation scopes that only read', () => {
    const risk = assessApp(input({}, [grant({ scopes: ['hooks:read'] })]), { now: NOW });
    expect(codes(risk)).not.toContain('data_egress');
  });
});

describe('who granted it', () => {
  it('counts grants the connector marked as admin-granted', () => {
    const risk = assessApp(input({}, [grant({ adminGranted: true })]), { now: NOW });
    expect(reason(risk, 'admin_granted')?.message).toBe(
      'Authorized by 1 admin, so it acts with admin rights',
    );
  });

  it('recognizes admins by role, ignoring case, and counts each admin once', () => {
    const grants = [
      grant({ saasId: 'a', userId: 'u1', userRole: 'Admin' }),
      grant({ saasId: 'b', userId: 'u1', userRole: 'admin' }),
      grant({ saasId: 'c', userId: 'u2', userRole: ' admin ' }),
      grant({ saasId: 'd', userId: 'u3', userRole: 'agent' }),
    ];
    const risk = assessApp(input({}, grants), { now: NOW });
    expect(reason(risk, 'admin_granted')?.message).toMatch(/^Authorized by 2 admins/);
  });

  it('takes the admin roles from the options', () => {
    const grants = [grant({ userRole: 'owner' })];
    expect(codes(assessApp(input({}, grants), { now: NOW }))).not.toContain('admin_granted');
    expect(codes(assessApp(input({}, grants), { now: NOW, adminRoles: ['owner'] }))).toContain(
      'admin_granted',
    );
  });

  it('reports many users from ten distinct users by default', () => {
    const risk = assessApp(input({}, grantsFromUsers(10)), { now: NOW });
    expect(reason(risk, 'many_users')?.message).toBe('Authorized by 10 users');
    expect(codes(assessApp(input({}, grantsFromUsers(9)), { now: NOW }))).not.toContain('many_users');
  });

  it('counts a user with several tokens once', () => {
    const grants = grantsFromUsers(12, { userId: 'same' });
    expect(codes(assessApp(input({}, grants), { now: NOW }))).not.toContain('many_users');
  });

  it('takes the many-users threshold from the options', () => {
    const risk = assessApp(input({}, grantsFromUsers(3)), { now: NOW, manyUsers: 3 });
    expect(reason(risk, 'many_users')?.message).toBe('Authorized by 3 users');
  });
});

describe('provenance', () => {
  it('marks a custom OAuth app as custom', () => {
    const risk = assessApp(input({ kind: 'custom_oauth_app', publisher: null }), { now: NOW });
    expect(reason(risk, 'custom_app')?.points).toBe(5);
    expect(codes(risk)).not.toContain('unverified_publisher');
  });

  it('marks a Marketplace app without a publisher as unverified', () => {
    for (const publisher of [null, '   ']) {
      const risk = assessApp(input({ publisher }), { now: NOW });
      expect(reason(risk, 'unverified_publisher')?.message).toBe(
        'Publisher unknown: nobody vouches for who built it',
      );
    }
  });

  it('marks a publisher the SaaS says is unverified, by name', () => {
    const risk = assessApp(
      input({ kind: 'installed_app', publisher: 'Shady Ltd', publisherVerified: false }),
      {
        now: NOW,
      },
    );
    expect(reason(risk, 'unverified_publisher')?.message).toBe('Publisher Shady Ltd is not verified');
  });

  it('gives a named Marketplace publisher no provenance reason', () => {
    const risk = assessApp(input({ publisher: 'Acme Inc.' }), { now: NOW });
    expect(codes(risk)).toEqual(['base_risk']);
  });
});

describe('expiry', () => {
  it('says when the only grant never expires', () => {
    const risk = assessApp(input({}, [grant({ expiresAt: null })]), { now: NOW });
    expect(reason(risk, 'never_expires')?.message).toBe('Its only grant never expires');
  });

  it('says when all grants never expire, and how many', () => {
    const risk = assessApp(input({}, grantsFromUsers(3, { expiresAt: null })), { now: NOW });
    expect(reason(risk, 'never_expires')?.message).toBe('All 3 grants never expire');
  });

  it('counts the grants that never expire among the others', () => {
    const risk = assessApp(input({}, [...grantsFromUsers(2, { expiresAt: null }), grant({ saasId: 'x' })]), {
      now: NOW,
    });
    expect(reason(risk, 'never_expires')?.message).toBe('2 of 3 grants never expire');
  });

  it('gives no expiry reason when every grant expires', () => {
    expect(codes(assessApp(input({}, [grant({ lastUsedAt: daysAgo(2) })]), { now: NOW }))).not.toContain(
      'never_expires',
    );
  });
});
