// Who is calling: API-token Basic auth (`{email}/token:{api_token}`), OAuth bearer tokens, or nobody.
// https://developer.zendesk.com/api-reference/introduction/security-and-auth/
import { forbiddenRole, invalidToken, missingScope, unauthorized } from './errors.ts';
import type { SimToken, SimUser, Tenant } from './model.ts';
import { iso } from './time.ts';

export type Caller =
  | { kind: 'anonymous' }
  /** `scopes` is null for API-token auth, which carries the user's full rights. */
  | { kind: 'user'; user: SimUser; scopes: string[] | null; token: SimToken | null };

export function authenticate(header: string | null, tenant: Tenant, now: number): Caller | Response {
  if (!header) return { kind: 'anonymous' };
  const [scheme, value = ''] = header.trim().split(/\s+/, 2) as [string, string | undefined];
  if (scheme.toLowerCase() === 'basic') return basic(value, tenant, now);
  if (scheme.toLowerCase() === 'bearer') return bearer(value, tenant, now);
  return unauthorized();
}

function basic(encoded: string, tenant: Tenant, now: number): Caller | Response {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return unauthorized();
  const username = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  // Password auth is retired; only `{email}/token` usernames are accepted here.
  if (!username.endsWith('/token')) return unauthorized();
  const apiToken = tenant.apiTokens.find((t) => t.active && t.token === secret);
  const user = tenant.usersByEmail.get(username.slice(0, -'/token'.length).toLowerCase());
  if (!apiToken || !user?.active) return unauthorized();
  apiToken.lastUsedAt = iso(now);
  user.lastLoginAt = iso(now);
  return { kind: 'user', user, scopes: null, token: null };
}

function bearer(value: string, tenant: Tenant, now: number): Caller | Response {
  const token = tenant.tokensByAccess.get(value);
  if (!token) return invalidToken();
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) return invalidToken();
  const user = tenant.usersById.get(token.userId);
  if (!user?.active) return invalidToken();
  token.usedAt = iso(now);
  return { kind: 'user', user, scopes: token.scopes, token };
}

export type Access = 'read' | 'write';
export type RoleNeeded = 'any' | 'agent' | 'admin';

/**
 * OAuth scopes are `[resource:]access`: a bare access covers every resource, a bare resource
 * covers both accesses (API notes §4).
 */
export function hasScope(scopes: readonly string[], resource: string | null, access: Access): boolean {
  return scopes.some(
    (s) => s === access || (resource !== null && (s === `${resource}:${access}` || s === resource)),
  );
}

/** The checks every authenticated endpoint makes, in Zendesk's order: scope, then role. */
export function authorize(
  caller: Caller,
  role: RoleNeeded,
  resource: string | null,
  access: Access,
): Response | null {
  if (caller.kind === 'anonymous') return unauthorized();
  if (caller.scopes && !hasScope(caller.scopes, resource, access)) return missingScope(access);
  const user = caller.user;
  if (user.suspended) return forbiddenRole();
  if (role === 'admin' && user.role !== 'admin') return forbiddenRole();
  if (role === 'agent' && user.role === 'end-user') return forbiddenRole();
  return null;
}
