// What a simulated endpoint receives, and how endpoints are declared.
import type { Access, Caller, RoleNeeded } from './auth.ts';
import type { Tenant } from './model.ts';
import type { PageFault } from './pagination.ts';

export interface Ctx {
  req: Request;
  /** The request URL as sent (with its `.json` suffix, if any): links point back at it. */
  url: URL;
  origin: string;
  params: Record<string, string>;
  tenant: Tenant;
  caller: Caller;
  now: number;
  pageFault: PageFault;
  sim: SimRuntime;
}

/** Simulator-wide behaviour that endpoints consult. */
export interface SimRuntime {
  /** The user who approves consent requests without a sign-in page (null: show the page). */
  consentUserId: number | null;
  consentDecision: 'approve' | 'deny';
  authCodes: Map<string, AuthCode>;
  newSecret(): string;
}

export interface AuthCode {
  clientId: number;
  userId: number;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  challengeMethod: 'S256' | 'plain' | null;
  expiresAt: number;
}

export interface Route {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** `none`: no Zendesk auth at all (OAuth endpoints); otherwise the role the caller needs. */
  auth: 'none' | 'optional' | RoleNeeded;
  /** The OAuth resource of a resource scope (`users` for `users:read`), or null for broad scopes only. */
  resource: string | null;
  access: Access;
  handle(ctx: Ctx): Response | Promise<Response>;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  keys: string[];
}

export function compile(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.path.replace(/:(\w+)/g, (_, k: string) => {
    keys.push(k);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}$`), keys };
}

export function intParam(ctx: Ctx, name: string): number | null {
  const raw = ctx.params[name] ?? '';
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}
