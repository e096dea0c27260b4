// The three Zendesk credential kinds, each a zod schema, with a secret-free (sanitized) form for every response.
// https://developer.zendesk.com/documentation/api-basics/authentication/oauth-migration/
import { z } from 'zod';
import { Secret } from '../../core/secret.ts';
import type { Problem } from '../types.ts';

const SecretField = z
  .string()
  .trim()
  .min(1, 'This field is required.')
  .max(4096)
  .transform((value) => new Secret(value));
const TenantUrl = z.string().trim().min(1, 'Enter the Zendesk URL.').max(2048);
const ClientId = z.string().trim().min(1, 'Enter the OAuth client’s unique identifier.').max(255);

export const ApiTokenCredential = z.object({
  kind: z.literal('api_token'),
  tenantUrl: TenantUrl,
  adminEmail: z.email('Enter the email address of a Zendesk admin.').max(254),
  apiToken: SecretField,
});
export type ApiTokenCredential = z.infer<typeof ApiTokenCredential>;

export const OAuthClientCredentials = z.object({
  kind: z.literal('oauth_client_credentials'),
  tenantUrl: TenantUrl,
  clientId: ClientId,
  clientSecret: SecretField,
});
export type OAuthClientCredentials = z.infer<typeof OAuthClientCredentials>;

/** Obtained by the consent flow ("Connect with Zendesk"); renewed with rotating refresh tokens. */
export const OAuthAuthorizationCode = z.object({
  kind: z.literal('oauth_authorization_code'),
  tenantUrl: TenantUrl,
  clientId: ClientId,
  clientSecret: SecretField.optional(),
  accessToken: SecretField,
  refreshToken: SecretField.nullable(),
  accessTokenExpiresAt: z.iso.datetime().nullable(),
  refreshTokenExpiresAt: z.iso.datetime().nullable(),
  scope: z.string().max(1024),
});
export type OAuthAuthorizationCode = z.infer<typeof OAuthAuthorizationCode>;

export const ZendeskCredential = z.discriminatedUnion('kind', [
  ApiTokenCredential,
  OAuthClientCredentials,
  OAuthAuthorizationCode,
]);
export type ZendeskCredential = z.infer<typeof ZendeskCredential>;
export type ZendeskCredentialInput = z.input<typeof ZendeskCredential>;

export const API_TOKEN_RETIREMENT = {
  noNewTokensSince: '2026-10-27',
  unusedDeactivatedAfterDays: 30,
  allStopOn: '2027-04-30',
} as const;

export const API_TOKEN_NOTICE: Problem = {
  code: 'api_token_retirement',
  message:
    'Zendesk is retiring API tokens: no account can create one since 2026-10-27, tokens unused for 30 days are deactivated, and every API token stops working on 2027-04-30. Switch this integration to an OAuth client before then.',
};

/** What may be shown or returned about a credential: never a secret. */
export type SanitizedZendeskCredential =
  | { kind: 'api_token'; tenantUrl: string; adminEmail: string; notice: Problem }
  | { kind: 'oauth_client_credentials'; tenantUrl: string; clientId: string }
  | {
      kind: 'oauth_authorization_code';
      tenantUrl: string;
      clientId: string;
      scope: string;
      refreshTokenExpiresAt: string | null;
    };

export function sanitizeCredential(c: ZendeskCredential): SanitizedZendeskCredential {
  switch (c.kind) {
    case 'api_token':
      return { kind: c.kind, tenantUrl: c.tenantUrl, adminEmail: c.adminEmail, notice: API_TOKEN_NOTICE };
    case 'oauth_client_credentials':
      return { kind: c.kind, tenantUrl: c.tenantUrl, clientId: c.clientId };
    case 'oauth_authorization_code':
      return {
        kind: c.kind,
        tenantUrl: c.tenantUrl,
        clientId: c.clientId,
        scope: c.scope,
        refreshTokenExpiresAt: c.refreshTokenExpiresAt,
      };
  }
}

/** The plain form, secrets included: only for encrypting at rest, never for a response or a log. */
export function revealCredential(c: ZendeskCredential): ZendeskCredentialInput {
  switch (c.kind) {
    case 'api_token':
      return { ...c, apiToken: c.apiToken.reveal() };
    case 'oauth_client_credentials':
      return { ...c, clientSecret: c.clientSecret.reveal() };
    case 'oauth_authorization_code':
      return {
        ...c,
        clientSecret: c.clientSecret?.reveal(),
        accessToken: c.accessToken.reveal(),
        refreshToken: c.refreshToken?.reveal() ?? null,
      };
  }
}
