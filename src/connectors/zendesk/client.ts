// One function per Zendesk endpoint the connector reads, each with its documentation; all go through the shared,
// host-pinned HTTP client. Lists use cursor pagination with the largest page (100), the fewest calls possible.
import type { HttpClient } from '../http.ts';
import {
  ApiTokensList,
  AppResponse,
  AuditLogsProbe,
  ClientsPage,
  GlobalClientsPage,
  InstallationsList,
  MeResponse,
  TokensPage,
  UsersList,
  WebhooksPage,
} from './wire.ts';

export const PAGE_SIZE = 100;
/** `show_many` takes at most 100 ids (OAS ShowManyUsers). */
export const SHOW_MANY_MAX = 100;

const next = (p: { next: string | null; hasMore: boolean }) => (p.hasMore ? p.next : null);

/** https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user */
export const me = (http: HttpClient) => http.getJson('/api/v2/users/me.json', MeResponse);

/** https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/#list-clients */
export const localClients = (http: HttpClient) =>
  http.paginate(`/api/v2/oauth/clients.json?page[size]=${PAGE_SIZE}`, ClientsPage, next);

/** https://developer.zendesk.com/api-reference/ticketing/oauth/global_clients/#list-global-oauth-clients */
export const globalClients = (http: HttpClient) =>
  http.paginate(`/api/v2/oauth/global_clients.json?page[size]=${PAGE_SIZE}`, GlobalClientsPage, next);

/** Every grant of the account: https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#list-tokens */
export const allTokens = (http: HttpClient) =>
  http.paginate(`/api/v2/oauth/tokens.json?all=true&page[size]=${PAGE_SIZE}`, TokensPage, next);

/**
 * Deleted users too, so that a grant of a since-deleted user still shows who it was.
 * https://developer.zendesk.com/api-reference/ticketing/users/users/#show-many-users
 */
export function showManyUsers(http: HttpClient, ids: readonly string[]) {
  if (ids.length > SHOW_MANY_MAX) throw new RangeError(`show_many takes at most ${SHOW_MANY_MAX} ids`);
  return http.getJson(
    `/api/v2/users/show_many.json?include_deleted=true&ids=${ids.map(encodeURIComponent).join(',')}`,
    UsersList,
  );
}

/** Unpaginated. https://developer.zendesk.com/api-reference/ticketing/apps/apps/#list-app-installations */
export const installations = (http: HttpClient) =>
  http.getJson('/api/v2/apps/installations.json', InstallationsList);

/** https://developer.zendesk.com/api-reference/ticketing/apps/apps/#get-information-about-app */
export const appInfo = (http: HttpClient, appId: string) =>
  http.getJson(`/api/v2/apps/${encodeURIComponent(appId)}.json`, AppResponse);

/** Unpaginated, admins only. https://developer.zendesk.com/api-reference/ticketing/account-configuration/api_tokens/ */
export const apiTokens = (http: HttpClient) => http.getJson('/api/v2/api_tokens.json', ApiTokensList);

/** Cursor only. https://developer.zendesk.com/api-reference/webhooks/webhooks-api/webhooks/#list-webhooks */
export const webhooks = (http: HttpClient) =>
  http.paginate(`/api/v2/webhooks.json?page[size]=${PAGE_SIZE}`, WebhooksPage, next);

/** Enterprise plans only; one record is enough to learn whether the plan has the API.
 * https://developer.zendesk.com/api-reference/ticketing/account-configuration/audit_logs/ */
export const auditLogsProbe = (http: HttpClient) =>
  http.getJson('/api/v2/audit_logs.json?page[size]=1', AuditLogsProbe);
