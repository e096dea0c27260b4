// Tests for the Zendesk scope catalog: completeness against the docs, ratings, lookup tolerance and docs sync.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScopeInfo } from '../../core/domain.ts';
import { lookupScope, splitScopes, ZENDESK_SCOPES, ZENDESK_SCOPES_URL } from './scopes.ts';

// Exactly the list in API-NOTES §4 (developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes).
const DOCUMENTED = [
  'read',
  'write',
  'impersonate',
  'auditlogs:read',
  'any_channel:write',
  'web_widget:write',
  ...[
    'tickets',
    'users',
    'organizations',
    'hc',
    'apps',
    'triggers',
    'automations',
    'targets',
    'webhooks',
    'macros',
    'requests',
    'satisfaction_ratings',
    'dynamic_content',
    'zis',
  ].flatMap((r) => [`${r}:read`, `${r}:write`]),
];

describe('Zendesk scope catalog', () => {
  it('holds every documented scope and nothing else', () => {
    expect(Object.keys(ZENDESK_SCOPES).sort()).toEqual([...DOCUMENTED].sort());
  });

  it('gives each scope one category, a risk, a one-line description and a Zendesk docs URL', () => {
    for (const scope of DOCUMENTED) {
      const info = lookupScope(scope);
      expect(ScopeInfo.parse(info)).toEqual(info);
      expect(info.category).not.toBe('Unknown');
      expect(info.description).toMatch(/^[^\n]{10,120}$/);
      expect(info.docsUrl).toMatch(/^https:\/\/developer\.zendesk\.com\/api-reference\//);
    }
  });

  it('rates read at least high, and write and impersonate critical, as full account access', () => {
    expect(lookupScope('read')).toMatchObject({
      category: 'Full Account Access',
      risk: 'high',
      access: 'read',
    });
    expect(lookupScope('write')).toMatchObject({
      category: 'Full Account Access',
      risk: 'critical',
      access: 'write',
    });
    expect(lookupScope('impersonate')).toMatchObject({ risk: 'critical', access: 'impersonate' });
  });

  it('puts the scopes that can send data out under Automation and Integrations', () => {
    for (const r of ['triggers', 'automations', 'targets', 'webhooks', 'zis']) {
      expect(lookupScope(`${r}:write`)).toMatchObject({
        category: 'Automation and Integrations',
        risk: 'high',
      });
    }
  });

  it('has no write form for audit logs and no read form for channels and the widget', () => {
    expect(ZENDESK_SCOPES['auditlogs:write']).toBeUndefined();
    expect(ZENDESK_SCOPES['any_channel:read']).toBeUndefined();
    expect(ZENDESK_SCOPES['web_widget:read']).toBeUndefined();
  });

  it('never rates a write form below its read form', () => {
    const rank = ['low', 'medium', 'high', 'critical'];
    for (const [scope, entry] of Object.entries(ZENDESK_SCOPES)) {
      const read = ZENDESK_SCOPES[scope.replace(/:write$/, ':read')];
      if (scope.endsWith(':write') && read)
        expect(rank.indexOf(entry.risk)).toBeGreaterThanOrEqual(rank.indexOf(read.risk));
    }
  });
});

describe('lookupScope', () => {
  it('returns Unknown and high for a scope outside the catalog, never low', () => {
    for (const scope of ['voice:write', 'custom_objects:read', 'chat', 'tickets:delete', '']) {
      expect(lookupScope(scope)).toMatchObject({
        scope,
        category: 'Unknown',
        risk: 'high',
        docsUrl: ZENDESK_SCOPES_URL,
      });
    }
  });

  it('ignores surrounding whitespace, case and spaces around the colon', () => {
    expect(lookupScope('  Tickets : READ ')).toEqual(lookupScope('tickets:read'));
    expect(lookupScope('WRITE').scope).toBe('write');
    expect(lookupScope(' Voice:Write ').scope).toBe('voice:write');
  });

  it('reads a resource without an access part as read and write, rated as the riskier half', () => {
    expect(lookupScope('users')).toMatchObject({
      scope: 'users',
      category: 'Directory and App Mgmt',
      risk: 'critical',
      access: 'read_write',
    });
    expect(lookupScope('hc')).toMatchObject({ risk: 'medium', access: 'read_write' });
  });

  it('resolves a bare one-sided resource to the form that exists', () => {
    expect(lookupScope('auditlogs')).toMatchObject({
      risk: 'medium',
      access: 'read',
      category: 'Security and Compliance',
    });
    expect(lookupScope('any_channel')).toMatchObject({ risk: 'medium', access: 'write' });
  });

  it('treats several scopes in one string as unknown rather than guessing', () => {
    expect(lookupScope('read write')).toMatchObject({ category: 'Unknown', risk: 'high' });
  });

  it('splits the space-separated form used by the grant endpoint', () => {
    expect(splitScopes('  read   tickets:write\timpersonate ')).toEqual([
      'read',
      'tickets:write',
      'impersonate',
    ]);
    expect(splitScopes('')).toEqual([]);
  });
});

describe('docs/risk-model.md', () => {
  const doc = readFileSync(new URL('../../../docs/risk-model.md', import.meta.url), 'utf8');
  // The formatter pads table cells, so rows are compared cell by cell: | `scope` | category | risk | allows |
  const rows = doc
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => line.split('|').map((cell) => cell.trim()));

  it('lists every catalog scope with its category and risk', () => {
    for (const [scope, entry] of Object.entries(ZENDESK_SCOPES)) {
      expect(rows).toContainEqual(['', `\`${scope}\``, entry.category, entry.risk, entry.description, '']);
    }
  });
});
