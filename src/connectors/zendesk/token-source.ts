// Authorization headers for each credential kind: a fixed Basic header for API tokens, and OAuth access tokens
// requested, renewed before expiry and rotated (the new pair handed to the caller to persist first).
// https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/
import { Secret } from '../../core/secret.ts';
import { ConnectorError } from '../errors.ts';
import type { HttpPlatform } from '../http.ts';
import type { ZendeskCredential } from './credentials.ts';
import { GrantResponse } from './wire.ts';

/** Renew this long before expiry, so a request never leaves with a token about to die. */
const RENEW_MARGIN_MS = 120_000;
const TOKEN_TIMEOUT_MS = 30_000;
const TOKEN_ATTEMPTS = 3;

export interface TokenSource {
  headers(): Promise<Record<string, string>>;
  /** After a 401: renew if this kind can; true when a retry is worth it. */
  renew(): Promise<boolean>;
  /** Scopes the access token was granted, or null when the credential carries the user's full rights. */
  scopes(): string[] | null;
  /** Calls made to /oauth/tokens. */
  calls(): number;
}

export interface TokenSourceOptions {
  platform: HttpPlatform;
  origin: string;
  signal?: AbortSignal;
  onCredentialUpdate?: (credential: ZendeskCredential) => Promise<void> | void;
}

function refused(kind: string, detail: string): ConnectorError {
  return new ConnectorError({
    code: 'bad_credentials',
    message: `Zendesk refused the ${kind} (${detail}). Check the client identifier and secret in Admin Center › Apps and integrations › APIs › OAuth clients, or connect again.`,
    field: kind === 'OAuth client' ? 'clientSecret' : undefined,
  });
}

export function createTokenSource(credential: ZendeskCredential, o: TokenSourceOptions): TokenSource {
  if (credential.kind === 'api_token') {
    const basic = Buffer.from(`${credential.adminEmail}/token:${credential.apiToken.reveal()}`).toString(
      'base64',
    );
    return {
      headers: async () => ({ authorization: `Basic ${basic}` }),
      renew: async () => false,
      scopes: () => null,
      calls: () => 0,
    };
  }
  let current = credential;
  let access: { token: Secret; expiresAt: number | null; scopes: string[] } | null =
    current.kind === 'oauth_authorization_code'
      ? {
          token: current.accessToken,
          expiresAt: current.accessTokenExpiresAt ? Date.parse(current.accessTokenExpiresAt) : null,
          scopes: current.scope.split(/\s+/).filter(Boolean),
        }
      : null;
  let calls = 0;
  let inFlight: Promise<void> | null = null;

  async function post(body: Record<string, unknown>): Promise<GrantResponse> {
    for (let attempt = 1; ; attempt++) {
      calls++;
      let res: Response;
      let text: string;
      try {
        const signals = [AbortSignal.timeout(TOKEN_TIMEOUT_MS), ...(o.signal ? [o.signal] : [])];
        res = await o.platform.fetch(`${o.origin}/oauth/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
          redirect: 'manual',
          signal: AbortSignal.any(signals),
        });
        // Inside the try: a connection dropped mid-body is a network failure like any other (fault campaign).
        text = await res.text();
      } catch {
        if (attempt < TOKEN_ATTEMPTS && !o.signal?.aborted) {
          await o.platform.sleep(500 * 2 ** attempt, o.signal);
          continue;
        }
        throw new ConnectorError({
          code: 'tenant_unreachable',
          message: `Could not reach ${o.origin} to obtain an OAuth token. Check the URL and the network.`,
          retriable: true,
        });
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt < TOKEN_ATTEMPTS) {
          await o.platform.sleep(
            Math.min(60_000, Number(res.headers.get('retry-after') ?? 0) * 1000 || 500 * 2 ** attempt),
            o.signal,
          );
          continue;
        }
        throw new ConnectorError({
          code: 'tenant_unavailable',
          message: `Zendesk answered ${res.status} when asked for an OAuth token; try again later.`,
          retriable: true,
        });
      }
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // handled below as an unreadable answer
      }
      if (res.status === 200 || res.status === 201) {
        const parsed = GrantResponse.safeParse(json);
        if (parsed.success) return parsed.data;
        throw new ConnectorError({
          code: 'invalid_response',
          message: 'Zendesk answered the OAuth token request with an unreadable body.',
        });
      }
      const error = (json as { error?: unknown } | null)?.error;
      throw refused(
        current.kind === 'oauth_client_credentials' ? 'OAuth client' : 'stored OAuth authorization',
        typeof error === 'string' ? error.slice(0, 40) : `status ${res.status}`,
      );
    }
  }

  async function obtain(): Promise<void> {
    const now = o.platform.now();
    if (current.kind === 'oauth_client_credentials') {
      const g = await post({
        grant_type: 'client_credentials',
        client_id: current.clientId,
        client_secret: current.clientSecret.reveal(),
        scope: 'read',
      });
      access = {
        token: new Secret(g.access_token),
        expiresAt: g.expires_in ? now + g.expires_in * 1000 : null,
        scopes: (g.scope ?? 'read').split(/\s+/).filter(Boolean),
      };
      return;
    }
    if (current.kind !== 'oauth_authorization_code') return;
    if (!current.refreshToken) {
      throw new ConnectorError({
        code: 'reauthorization_required',
        message: 'The Zendesk authorization has expired and cannot be renewed. Connect with Zendesk again.',
      });
    }
    const g = await post({
      grant_type: 'refresh_token',
      refresh_token: current.refreshToken.reveal(),
      client_id: current.clientId,
      ...(current.clientSecret && { client_secret: current.clientSecret.reveal() }),
    });
    const next: ZendeskCredential = {
      ...current,
      accessToken: new Secret(g.access_token),
      // Rotation: the old refresh token is dead now, so the new one must be saved before it is used. An answer
      // without one leaves the old one valid (RFC 6749 §6), so it is kept rather than lost.
      refreshToken: g.refresh_token ? new Secret(g.refresh_token) : current.refreshToken,
      accessTokenExpiresAt: g.expires_in ? new Date(now + g.expires_in * 1000).toISOString() : null,
      refreshTokenExpiresAt: g.refresh_token
        ? g.refresh_token_expires_in
          ? new Date(now + g.refresh_token_expires_in * 1000).toISOString()
          : null
        : current.refreshTokenExpiresAt,
      scope: g.scope ?? current.scope,
    };
    await o.onCredentialUpdate?.(next);
    current = next;
    access = {
      token: next.accessToken,
      expiresAt: next.accessTokenExpiresAt ? Date.parse(next.accessTokenExpiresAt) : null,
      scopes: next.scope.split(/\s+/).filter(Boolean),
    };
  }

  // One renewal at a time, shared by every request waiting for it.
  function renewOnce(): Promise<void> {
    inFlight ??= obtain().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    async headers() {
      if (!access || (access.expiresAt !== null && access.expiresAt - RENEW_MARGIN_MS <= o.platform.now()))
        await renewOnce();
      return { authorization: `Bearer ${(access as NonNullable<typeof access>).token.reveal()}` };
    },
    async renew() {
      await renewOnce();
      return true;
    },
    scopes: () => access?.scopes ?? null,
    calls: () => calls,
  };
}
