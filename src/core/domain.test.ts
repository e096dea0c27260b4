// Tests for the domain schemas and the category list: what they accept and what they refuse.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, categoryDescription } from './categories.ts';
import { App, Category, Grant, RiskLevel, SaasUser } from './domain.ts';

describe('domain schemas', () => {
  it('accepts a grant with Zendesk-style timestamps and unknown dates', () => {
    const grant = {
      appKey: 'oauth_client:5001',
      saasId: '223443',
      userId: '29',
      scopes: ['read'],
      createdAt: '2009-05-13T00:07:08Z',
      expiresAt: null,
      lastUsedAt: '2010-01-22T00:11:12.123+02:00',
    };
    expect(Grant.parse(grant)).toEqual(grant);
  });

  it('refuses a grant whose date is not ISO 8601', () => {
    expect(
      Grant.safeParse({ appKey: 'a', saasId: '1', userId: null, scopes: [], createdAt: 'yesterday' }).success,
    ).toBe(false);
  });

  it('accepts an app with only the required fields and ignores extra ones', () => {
    const app = App.parse({
      key: 'api_token:1',
      kind: 'api_token',
      name: 'CI',
      publisher: null,
      saasId: '1',
      scopes: [],
      extra: 1,
    });
    expect(app).toEqual({
      key: 'api_token:1',
      kind: 'api_token',
      name: 'CI',
      publisher: null,
      saasId: '1',
      scopes: [],
    });
  });

  it('refuses an app kind it does not know', () => {
    expect(
      App.safeParse({ key: 'k', kind: 'plugin', name: 'n', publisher: null, saasId: '1', scopes: [] })
        .success,
    ).toBe(false);
  });

  it('accepts a user the SaaS knows little about', () => {
    const user = { id: '1', name: null, email: null, role: null, active: null, suspended: null };
    expect(SaasUser.parse(user)).toEqual(user);
  });

  it('orders risk levels from low to critical', () => {
    expect(RiskLevel.options).toEqual(['low', 'medium', 'high', 'critical']);
  });
});

describe('categories', () => {
  it('describes every category exactly once, in one line', () => {
    expect(CATEGORIES.map((c) => c.category)).toEqual(Category.options);
    for (const c of CATEGORIES) {
      expect(c.description).toMatch(/^[^\n]+\.$/);
      expect(categoryDescription(c.category)).toBe(c.description);
    }
  });
});
