// Keeps the tenant's lookup indexes in step with its arrays: built once, updated on every mutation.
import type { SimToken, Tenant } from './model.ts';

export function indexTenant(t: Tenant): Tenant {
  t.usersById = new Map(t.users.map((u) => [u.id, u]));
  t.usersByEmail = new Map(t.users.map((u) => [u.email.toLowerCase(), u]));
  t.tokensByAccess = new Map();
  t.tokensByRefresh = new Map();
  for (const token of t.tokens) indexToken(t, token);
  t.nextTokenId = (t.tokens[t.tokens.length - 1]?.id ?? 700_000) + 1;
  return t;
}

function indexToken(t: Tenant, token: SimToken): void {
  t.tokensByAccess.set(token.token, token);
  if (token.refreshToken) t.tokensByRefresh.set(token.refreshToken, token);
}

export function addToken(t: Tenant, fields: Omit<SimToken, 'id'>): SimToken {
  const token: SimToken = { id: t.nextTokenId++, ...fields };
  t.tokens.push(token);
  indexToken(t, token);
  return token;
}

/** Removes a token: it stops authenticating and leaves every list. Returns false when there was none. */
export function revokeToken(t: Tenant, id: number): boolean {
  const at = findIndexById(t.tokens, id);
  if (at < 0) return false;
  const [token] = t.tokens.splice(at, 1) as [SimToken];
  t.tokensByAccess.delete(token.token);
  if (token.refreshToken) t.tokensByRefresh.delete(token.refreshToken);
  return true;
}

/** Binary search in an array sorted by ascending numeric id. */
export function findIndexById(items: readonly { id: number }[], id: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = (items[mid] as { id: number }).id;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
