// Shared fixtures for the risk model tests: a tiny fake catalog, a fixed clock and record builders.
import type { ScopeInfo } from './domain.ts';
import type { RiskGrant, RiskInput } from './risk.ts';
import { DAY_MS } from './risk-usage.ts';

export const NOW = Date.parse('2026-12-01T00:00:00Z');

export function daysAgo(days: number): string {
  return new Date(NOW - days * DAY_MS).toISOString();
}

// A made-up SaaS, so core tests never depend on a connector's judgement of real scopes.
const CATALOG: Record<string, Omit<ScopeInfo, 'scope' | 'description' | 'docsUrl'>> = {
  read: { category: 'Full Account Access', risk: 'high', access: 'read' },
  write: { category: 'Full Account Access', risk: 'critical', access: 'write' },
  impersonate: { category: 'Full Account Access', risk: 'critical', access: 'impersonate' },
  'docs:read': { category: 'Content and Knowledge', risk: 'low', access: 'read' },
  'people:read': { category: 'Directory and App Mgmt', risk: 'medium', access: 'read' },
  'tickets:read': { category: 'Collaboration and Communication', risk: 'high', access: 'read' },
  'hooks:read': { category: 'Automation and Integrations', risk: 'low', access: 'read' },
  'hooks:write': { category: 'Automation and Integrations', risk: 'high', access: 'write' },
};

export function fakeLookup(scope: string): ScopeInfo {
  const normalized = scope.trim().toLowerCase();
  const known = CATALOG[normalized];
  const info = known ?? { category: 'Unknown' as const, risk: 'high' as const };
  return {
    scope: normalized,
    ...info,
    description: `Fake ${normalized}`,
    docsUrl: 'https://example.test/scopes',
  };
}

export function grant(overrides: Partial<RiskGrant> = {}): RiskGrant {
  return {
    appKey: 'oauth_client:1',
    saasId: 'g1',
    userId: 'u1',
    scopes: ['docs:read'],
    createdAt: daysAgo(10),
    expiresAt: daysAgo(-30),
    lastUsedAt: daysAgo(1),
    ...overrides,
  };
}

/** `count` grants from distinct users, each otherwise like `overrides`. */
export function grantsFromUsers(count: number, overrides: Partial<RiskGrant> = {}): RiskGrant[] {
  return Array.from({ length: count }, (_, i) => grant({ saasId: `g${i}`, userId: `u${i}`, ...overrides }));
}

export function input(app: Partial<RiskInput['app']> = {}, grants: RiskGrant[] = [grant()]): RiskInput {
  return {
    app: { kind: 'marketplace_oauth_app', publisher: 'Acme Inc.', scopes: [], ...app },
    grants,
    lookupScope: fakeLookup,
  };
}
