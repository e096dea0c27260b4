// Zendesk's JSON payloads as zod schemas: tolerant of extra and missing optional fields, strict about what we
// rely on (ids). Nothing untyped passes beyond this file. Shapes: ../shared/zendesk (OAS) and API-NOTES.md.
import { z } from 'zod';

/** Zendesk ids are integers; webhooks use ULID strings. Both become strings in our records. */
const Id = z.union([z.number().int().nonnegative(), z.string().min(1).max(64)]).transform(String);

/** A date we can read, or null: one odd timestamp must not fail a whole inventory. */
const When = z
  .unknown()
  .optional()
  .transform((v) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null,
  );

const Text = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v.slice(0, 1000) : typeof v === 'number' ? String(v) : null));

const Bool = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'boolean' ? v : null));

const Strings = z
  .unknown()
  .optional()
  .transform((v) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').slice(0, 200) : [],
  );

export const User = z.object({
  id: Id,
  name: Text,
  email: Text,
  role: Text,
  active: Bool,
  suspended: Bool,
});
export type User = z.infer<typeof User>;

/** `/users/me` may answer a request without valid credentials with an anonymous user whose id is null. */
export const MeResponse = z.object({
  user: z.object({
    id: z.union([Id, z.null()]).optional(),
    name: Text,
    email: Text,
    role: Text,
    active: Bool,
    suspended: Bool,
  }),
});

/** Cursor pages carry `meta.has_more` + `links.next`; an endpoint that falls back to offset pages has `next_page`. */
export const CursorMeta = z
  .object({
    meta: z.object({ has_more: z.boolean().optional(), after_cursor: z.string().nullish() }).optional(),
    links: z.object({ next: z.string().nullish() }).optional(),
    next_page: z.string().nullish(),
  })
  .transform((p) =>
    p.meta
      ? { hasMore: p.meta.has_more ?? false, next: p.links?.next ?? null }
      : { hasMore: Boolean(p.next_page), next: p.next_page ?? null },
  );

function cursorPage<T extends z.ZodType>(root: string, item: T) {
  return z
    .object({ [root]: z.array(item) })
    .and(CursorMeta)
    .transform((p) => ({ items: p[root] as z.output<T>[], hasMore: p.hasMore, next: p.next }));
}

export const LocalClient = z.object({
  id: Id,
  name: Text,
  identifier: Text,
  company: Text,
  description: Text,
  kind: Text,
  created_at: When,
});
export const GlobalClient = z.object({
  id: Id,
  name: Text,
  identifier: Text,
  company: Text,
  description: Text,
});
export const Token = z.object({
  id: Id,
  client_id: z.union([Id, z.null()]).optional(),
  user_id: z.union([Id, z.null()]).optional(),
  scopes: Strings,
  created_at: When,
  expires_at: When,
  used_at: When,
});
export type LocalClient = z.infer<typeof LocalClient>;
export type GlobalClient = z.infer<typeof GlobalClient>;
export type Token = z.infer<typeof Token>;

export const ClientsPage = cursorPage('clients', LocalClient);
export const GlobalClientsPage = cursorPage('global_clients', GlobalClient);
export const TokensPage = cursorPage('tokens', Token);
export const UsersList = z.object({ users: z.array(User) });

export const Installation = z.object({
  id: Id,
  app_id: z.union([Id, z.null()]).optional(),
  enabled: Bool,
  created_at: When,
  updated_at: When,
  settings: z.record(z.string(), z.unknown()).nullish(),
});
export type Installation = z.infer<typeof Installation>;
export const InstallationsList = z.object({ installations: z.array(Installation) });

const AppFields = z.object({
  id: Id,
  name: Text,
  short_description: Text,
  author_name: Text,
  visibility: Text,
});
/** The Apps API documents the app at the top level; tolerate an `app` wrapper too (API notes §6 is unsure). */
export const AppResponse = z
  .union([z.object({ app: AppFields }), AppFields])
  .transform((r) => ('app' in r ? r.app : r));
export type AppInfo = z.output<typeof AppResponse>;

export const ApiToken = z.object({
  id: Id,
  description: Text,
  active: Bool,
  user_id: z.union([Id, z.null()]).optional(),
  created_at: When,
  // The last-use field is named differently by different sources (API notes §7): read both.
  last_used_at: When,
  last_used: When,
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokensList = z.object({ api_tokens: z.array(ApiToken) });

export const Webhook = z.object({
  id: Id,
  name: Text,
  description: Text,
  endpoint: Text,
  status: Text,
  created_at: When,
  created_by: Text,
  external_source: z.object({ name: Text }).nullish(),
});
export type Webhook = z.infer<typeof Webhook>;
export const WebhooksPage = cursorPage('webhooks', Webhook);

export const AuditLogsProbe = z.object({ audit_logs: z.array(z.unknown()) });

/** POST /oauth/tokens response (OAS OAuthTokenForGrantTypesObject). */
export const GrantResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  scope: z.string().nullish(),
  expires_in: z.number().int().positive().nullish(),
  refresh_token: z.string().min(1).nullish(),
  refresh_token_expires_in: z.number().int().positive().nullish(),
});
export type GrantResponse = z.infer<typeof GrantResponse>;
