// Zendesk credential schemas: errors that name the field, and secrets that no serialization reveals.
import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  revealCredential,
  sanitizeCredential,
  ZendeskCredential,
  type ZendeskCredentialInput,
} from './credentials.ts';

const API_TOKEN = 'tok3n-Sup3rS3cret-0123456789abcdef';
const CLIENT_SECRET = 'cl13nt-s3cret-fedcba9876543210';
const ACCESS = 'acc3ss-t0ken-11112222333344445555';
const REFRESH = 'r3fresh-t0ken-66667777888899990000';
const SECRETS = [API_TOKEN, CLIENT_SECRET, ACCESS, REFRESH];

const inputs: Record<ZendeskCredentialInput['kind'], ZendeskCredentialInput> = {
  api_token: { kind: 'api_token', tenantUrl: 'acme', adminEmail: 'admin@example.com', apiToken: API_TOKEN },
  oauth_client_credentials: {
    kind: 'oauth_client_credentials',
    tenantUrl: 'https://acme.zendesk.com',
    clientId: 'grantscope',
    clientSecret: CLIENT_SECRET,
  },
  oauth_authorization_code: {
    kind: 'oauth_authorization_code',
    tenantUrl: 'acme',
    clientId: 'grantscope',
    clientSecret: CLIENT_SECRET,
    accessToken: ACCESS,
    refreshToken: REFRESH,
    accessTokenExpiresAt: '2026-12-01T00:30:00.000Z',
    refreshTokenExpiresAt: '2026-12-31T00:00:00.000Z',
    scope: 'read',
  },
};

function issuePaths(input: unknown): string[] {
  const result = ZendeskCredential.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error.issues.map((i) => i.path.join('.'));
}

describe('parsing a Zendesk credential', () => {
  it('accepts each kind and trims what people paste', () => {
    for (const input of Object.values(inputs)) expect(ZendeskCredential.safeParse(input).success).toBe(true);
    const parsed = ZendeskCredential.parse({ ...inputs.api_token, apiToken: `  ${API_TOKEN}\n` });
    expect(parsed.kind === 'api_token' && parsed.apiToken.reveal()).toBe(API_TOKEN);
  });

  it.each([
    ['a missing admin email', { ...inputs.api_token, adminEmail: undefined }, 'adminEmail'],
    ['an admin email that is not one', { ...inputs.api_token, adminEmail: 'admin' }, 'adminEmail'],
    ['an empty API token', { ...inputs.api_token, apiToken: '   ' }, 'apiToken'],
    ['an empty tenant URL', { ...inputs.api_token, tenantUrl: '' }, 'tenantUrl'],
    ['a missing client id', { ...inputs.oauth_client_credentials, clientId: undefined }, 'clientId'],
    ['an empty client secret', { ...inputs.oauth_client_credentials, clientSecret: '' }, 'clientSecret'],
    [
      'an unreadable expiry',
      { ...inputs.oauth_authorization_code, accessTokenExpiresAt: 'soon' },
      'accessTokenExpiresAt',
    ],
    [
      'a missing refresh token',
      { ...inputs.oauth_authorization_code, refreshToken: undefined },
      'refreshToken',
    ],
    ['an unknown kind', { ...inputs.api_token, kind: 'password' }, 'kind'],
  ])('names the field for %s', (_, input, field) => {
    expect(issuePaths(input)).toEqual([field]);
  });

  it('says what to enter, in a sentence, for a missing value', () => {
    const result = ZendeskCredential.safeParse({ ...inputs.oauth_client_credentials, clientId: ' ' });
    expect(result.error?.issues[0]?.message).toMatch(/^Enter the OAuth client’s unique identifier\.$/);
  });

  it('does not echo a refused secret in its errors', () => {
    const tooLong = `${API_TOKEN}${'x'.repeat(5000)}`;
    const result = ZendeskCredential.safeParse({
      ...inputs.api_token,
      apiToken: tooLong,
      adminEmail: 'nope',
    });
    expect(result.success).toBe(false);
    const text = `${result.error?.message} ${JSON.stringify(result.error?.issues)} ${inspect(result.error)}`;
    expect(text).not.toContain(API_TOKEN);
  });
});

describe('a parsed credential never shows its secrets', () => {
  const parsed = Object.values(inputs).map((input) => ZendeskCredential.parse(input));

  it.each(parsed.map((c) => [c.kind, c] as const))(
    '%s: JSON, inspection and string conversion redact them',
    (_, c) => {
      const shown = [
        JSON.stringify(c),
        inspect(c, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
        format('%o %O %j %s', c, c, c, c),
        String(Object.values(c)),
        `${Object.values(c).join(' ')}`,
      ].join('\n');
      for (const secret of SECRETS) expect(shown).not.toContain(secret);
      expect(JSON.stringify(c)).toContain('[redacted]');
    },
  );

  it.each(parsed.map((c) => [c.kind, c] as const))(
    '%s: the sanitized form has no secret field at all',
    (_, c) => {
      const sanitized = sanitizeCredential(c);
      const text = JSON.stringify(sanitized);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain('[redacted]');
      for (const key of ['apiToken', 'clientSecret', 'accessToken', 'refreshToken'])
        expect(Object.keys(sanitized)).not.toContain(key);
      expect(sanitized).toMatchObject({ kind: c.kind, tenantUrl: c.tenantUrl });
    },
  );

  it('keeps the admin email and the retirement notice in a sanitized API-token credential', () => {
    expect(sanitizeCredential(parsed[0] as ZendeskCredential)).toMatchObject({
      adminEmail: 'admin@example.com',
      notice: { code: 'api_token_retirement' },
    });
  });

  it('reveals the secrets only through revealCredential, which round-trips through the schema', () => {
    for (const c of parsed) {
      const plain = revealCredential(c);
      const back = ZendeskCredential.parse(JSON.parse(JSON.stringify(plain)));
      expect(revealCredential(back)).toEqual(plain);
    }
    expect(JSON.stringify(revealCredential(parsed[2] as ZendeskCredential))).toContain(REFRESH);
  });
});
