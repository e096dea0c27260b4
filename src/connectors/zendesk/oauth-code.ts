// "Connect with Zendesk": the authorization URL (PKCE, S256) and the exchange of the returned code for the first
// access + refresh tokens. https://developer.zendesk.com/documentation/api-basics/authentication/oauth-pkce/
import { createHash, randomBytes } from 'node:crypto';
import { ConnectorError } from '../errors.ts';
import type { HttpPlatform } from '../http.ts';
import { GrantResponse } from './wire.ts';

export interface AuthorizeRequest {
  tenantUrl: string;
  clientId: string;
  redirectUri: string;
}

export function newPkce(): { verifier: string; challenge: string; state: string } {
  const verifier = randomBytes(48).toString('base64url');
  return {
    verifier,
    challenge: createHash('sha256').update(verifier).digest('base64url'),
    state: randomBytes(24).toString('base64url'),
  };
}

export function authorizeUrl(r: AuthorizeRequest, pkce: { challenge: string; state: string }): string {
  const url = new URL('/oauth/authorizations/new', r.tenantUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', r.clientId);
  url.searchParams.set('redirect_uri', r.redirectUri);
  // Read only: Grantscope never changes anything in the tenant.
  url.searchParams.set('scope', 'read');
  url.searchParams.set('state', pkce.state);
  url.searchParams.set('code_challenge', pkce.challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

export interface CodeExchange extends AuthorizeRequest {
  code: string;
  verifier: string;
  clientSecret: string | null;
}

/** The plain `oauth_authorization_code` credential (to be validated by ZendeskCredential) from a returned code. */
export async function exchangeCode(
  platform: HttpPlatform,
  x: CodeExchange,
): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await platform.fetch(new URL('/oauth/tokens', x.tenantUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code: x.code,
        client_id: x.clientId,
        ...(x.clientSecret && { client_secret: x.clientSecret }),
        redirect_uri: x.redirectUri,
        code_verifier: x.verifier,
      }),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new ConnectorError({
      code: 'tenant_unreachable',
      message: `Could not reach ${new URL(x.tenantUrl).host} to complete the connection.`,
      retriable: true,
    });
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // reported below
  }
  const parsed = GrantResponse.safeParse(body);
  if (!res.ok || !parsed.success) {
    const error = (body as { error?: unknown } | null)?.error;
    throw new ConnectorError({
      code: 'bad_credentials',
      message: `Zendesk did not complete the connection (${typeof error === 'string' ? error.slice(0, 40) : `HTTP ${res.status}`}). Check the OAuth client’s identifier, secret and redirect URL, then try again.`,
      field: 'clientId',
    });
  }
  const g = parsed.data;
  const now = platform.now();
  return {
    kind: 'oauth_authorization_code',
    tenantUrl: x.tenantUrl,
    clientId: x.clientId,
    ...(x.clientSecret && { clientSecret: x.clientSecret }),
    accessToken: g.access_token,
    refreshToken: g.refresh_token ?? null,
    accessTokenExpiresAt: g.expires_in ? new Date(now + g.expires_in * 1000).toISOString() : null,
    refreshTokenExpiresAt: g.refresh_token_expires_in
      ? new Date(now + g.refresh_token_expires_in * 1000).toISOString()
      : null,
    scope: g.scope ?? 'read',
  };
}
