// The OAuth authorization server: the consent page and POST /oauth/tokens for the authorization_code
// (with PKCE), refresh_token (rotating) and client_credentials grants.
// https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/
import { createHash } from 'node:crypto';
import type { AuthCode, Ctx, Route } from './context.ts';
import { json } from './errors.ts';
import type { SimLocalClient } from './model.ts';
import { addToken, revokeToken } from './tenant-index.ts';
import { iso } from './time.ts';

const CODE_TTL_MS = 120_000;
const ACCESS_MIN = 300;
const ACCESS_MAX = 172_800;
const REFRESH_MIN = 604_800;
const REFRESH_MAX = 7_776_000;
const REFRESH_DEFAULT = 2_592_000;

function oauthError(error: string, description: string, status = 400): Response {
  return json({ error, error_description: description }, status);
}

function invalidClient(): Response {
  return oauthError(
    'invalid_client',
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    401,
  );
}

function html(body: string, status = 200): Response {
  return new Response(`<!DOCTYPE html><html><head><title>Zendesk</title></head><body>${body}</body></html>`, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}

/** RFC 8252: a loopback redirect matches whatever port the native app listens on. */
function redirectAllowed(client: SimLocalClient, uri: string): boolean {
  if (client.redirectUri.includes(uri)) return true;
  const loopback = (u: URL) =>
    u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  try {
    const wanted = new URL(uri);
    return client.redirectUri.some((r) => {
      const known = new URL(r);
      return loopback(known) && loopback(wanted) && known.pathname === wanted.pathname;
    });
  } catch {
    return false;
  }
}

function authorizePage(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  const client = ctx.tenant.localClients.find((c) => c.identifier === q.get('client_id'));
  const redirectUri = q.get('redirect_uri') ?? '';
  // Without a known client and a registered redirect, the error is shown here, never redirected.
  if (!client) return html('<h1>Invalid OAuth request</h1><p>Unknown client_id.</p>', 400);
  if (!redirectAllowed(client, redirectUri)) {
    return html(
      '<h1>Invalid OAuth request</h1><p>The redirect_uri is not registered for this client.</p>',
      400,
    );
  }
  const back = new URL(redirectUri);
  const state = q.get('state');
  if (state !== null) back.searchParams.set('state', state);
  const fail = (error: string) => {
    back.searchParams.set('error', error);
    return Response.redirect(back.toString(), 302);
  };
  if (q.get('response_type') !== 'code') return fail('unsupported_response_type');
  const scopes = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return fail('invalid_scope');
  const challenge = q.get('code_challenge');
  const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : null);
  if (method !== null && method !== 'S256' && method !== 'plain') return fail('invalid_request');
  if (client.kind === 'public' && !challenge) return fail('invalid_request');
  if (ctx.sim.consentUserId === null) {
    return html(`<h1>Sign in to Zendesk</h1><p>${client.name} wants to access your account.</p>`);
  }
  if (ctx.sim.consentDecision === 'deny') return fail('access_denied');
  const code = ctx.sim.newSecret();
  const entry: AuthCode = {
    clientId: client.id,
    userId: ctx.sim.consentUserId,
    redirectUri,
    scopes,
    challenge,
    challengeMethod: method as AuthCode['challengeMethod'],
    expiresAt: ctx.now + CODE_TTL_MS,
  };
  ctx.sim.authCodes.set(code, entry);
  back.searchParams.set('code', code);
  return Response.redirect(back.toString(), 302);
}

async function readBody(req: Request): Promise<Record<string, unknown> | null> {
  const type = req.headers.get('content-type') ?? '';
  const text = await req.text();
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function str(body: Record<string, unknown>, key: string): string | null {
  const v = body[key];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

interface Lifetimes {
  access: number | null;
  refresh: number;
}

function lifetimes(body: Record<string, unknown>, client: SimLocalClient): Lifetimes | Response {
  const accessRaw = str(body, 'expires_in');
  const refreshRaw = str(body, 'refresh_token_expires_in');
  const refresh = refreshRaw === null ? REFRESH_DEFAULT : Number(refreshRaw);
  if (!Number.isInteger(refresh) || refresh <= REFRESH_MIN || refresh >= REFRESH_MAX) {
    return oauthError(
      'invalid_request',
      'refresh_token_expires_in must be more than 604800 and less than 7776000 seconds',
    );
  }
  if (accessRaw === null) return { access: client.accessTtl, refresh };
  const access = Number(accessRaw);
  if (!Number.isInteger(access) || access <= ACCESS_MIN || access >= Math.min(ACCESS_MAX, refresh)) {
    return oauthError(
      'invalid_request',
      'expires_in must be more than 300 and less than 172800 seconds, and less than refresh_token_expires_in',
    );
  }
  return { access, refresh };
}

function issue(
  ctx: Ctx,
  client: SimLocalClient,
  userId: number,
  scopes: string[],
  life: Lifetimes,
  withRefresh: boolean,
): Response {
  const token = addToken(ctx.tenant, {
    clientId: client.id,
    userId,
    token: ctx.sim.newSecret(),
    refreshToken: withRefresh ? ctx.sim.newSecret() : null,
    scopes,
    createdAt: iso(ctx.now),
    expiresAt: life.access === null ? null : iso(ctx.now + life.access * 1000),
    usedAt: null,
    refreshTokenExpiresAt: withRefresh ? iso(ctx.now + life.refresh * 1000) : null,
  });
  const body: Record<string, unknown> = {
    access_token: token.token,
    token_type: 'bearer',
    scope: scopes.join(' '),
    expires_in: life.access,
  };
  if (withRefresh) {
    body.refresh_token = token.refreshToken;
    body.refresh_token_expires_in = life.refresh;
  }
  return json(body, 201);
}

function pkceMatches(code: AuthCode, verifier: string): boolean {
  if (code.challengeMethod === 'plain') return verifier === code.challenge;
  return createHash('sha256').update(verifier).digest('base64url') === code.challenge;
}

async function grant(ctx: Ctx): Promise<Response> {
  const body = await readBody(ctx.req);
  if (!body) return oauthError('invalid_request', 'The request body must be JSON or form-encoded');
  const client = ctx.tenant.localClients.find((c) => c.identifier === str(body, 'client_id'));
  if (!client) return invalidClient();
  const secret = str(body, 'client_secret');
  if (secret !== null && secret !== client.secret) return invalidClient();
  const life = lifetimes(body, client);
  if (life instanceof Response) return life;
  const requested = (str(body, 'scope') ?? '').split(/\s+/).filter(Boolean);
  switch (str(body, 'grant_type')) {
    case 'client_credentials': {
      if (client.kind !== 'confidential' || secret === null) return invalidClient();
      if (requested.length === 0)
        return oauthError('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
      // The token acts as the admin who created the client.
      return issue(ctx, client, client.userId, requested, life, false);
    }
    case 'authorization_code': {
      const codeValue = str(body, 'code') ?? '';
      const code = ctx.sim.authCodes.get(codeValue);
      ctx.sim.authCodes.delete(codeValue); // single use, whatever happens next
      if (!code || code.clientId !== client.id || code.expiresAt <= ctx.now) {
        return oauthError(
          'invalid_grant',
          'The authorization code is invalid, expired, revoked or was issued to another client.',
        );
      }
      if (str(body, 'redirect_uri') !== code.redirectUri) {
        return oauthError(
          'invalid_grant',
          'The redirect_uri does not match the one used in the authorization request.',
        );
      }
      const verifier = str(body, 'code_verifier');
      if (code.challenge !== null ? verifier === null || !pkceMatches(code, verifier) : secret === null) {
        return oauthError('invalid_grant', 'The code_verifier does not match the code_challenge.');
      }
      return issue(ctx, client, code.userId, code.scopes, life, true);
    }
    case 'refresh_token': {
      if (client.kind === 'confidential' && secret === null) return invalidClient();
      const old = ctx.tenant.tokensByRefresh.get(str(body, 'refresh_token') ?? '');
      if (!old || old.clientId !== client.id)
        return oauthError('invalid_grant', 'The refresh token is invalid.');
      if (old.refreshTokenExpiresAt !== null && Date.parse(old.refreshTokenExpiresAt) <= ctx.now) {
        return oauthError('invalid_grant', 'The refresh token has expired.');
      }
      const scopes = requested.length > 0 ? requested : old.scopes;
      if (!scopes.every((s) => old.scopes.includes(s))) {
        return oauthError(
          'invalid_scope',
          'The requested scope exceeds the scope granted by the resource owner.',
        );
      }
      // Rotation: the old access and refresh tokens die with this exchange.
      revokeToken(ctx.tenant, old.id);
      return issue(ctx, client, old.userId, scopes, life, true);
    }
    default:
      return oauthError(
        'unsupported_grant_type',
        'The authorization grant type is not supported by the authorization server.',
      );
  }
}

export const grantRoutes: Route[] = [
  {
    name: 'oauth.authorize',
    method: 'GET',
    path: '/oauth/authorizations/new',
    auth: 'none',
    resource: null,
    access: 'read',
    handle: authorizePage,
  },
  {
    name: 'oauth.grant',
    method: 'POST',
    path: '/oauth/tokens',
    auth: 'none',
    resource: null,
    access: 'write',
    handle: grant,
  },
];
