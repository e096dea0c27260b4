// Proves a credential works and belongs to an active, unsuspended admin; every failure becomes a code and a
// sentence a person can act on. The audit-log probe only warns: plans below Enterprise lack that API.
import { ConnectorError } from '../errors.ts';
import { type HttpClient, HttpError } from '../http.ts';
import type { Problem, VerifyResult } from '../types.ts';
import * as api from './client.ts';
import { API_TOKEN_NOTICE, type ZendeskCredential } from './credentials.ts';
import type { TokenSource } from './token-source.ts';

const ADMIN_CENTER = 'Admin Center › Apps and integrations › APIs';

function secretField(c: ZendeskCredential): string {
  return c.kind === 'api_token' ? 'apiToken' : 'clientSecret';
}

/** Maps a failed `/users/me` to what the person entering the credential should do. */
export function classifyFailure(error: unknown, c: ZendeskCredential, origin: string): Problem {
  if (error instanceof ConnectorError) return error.toProblem();
  if (!(error instanceof HttpError)) throw error;
  const host = new URL(origin).host;
  if (error.code === 'timeout' || error.code === 'network') {
    return {
      code: 'tenant_unreachable',
      message: `Could not reach ${host}: ${error.message} Check the URL and that this server can reach Zendesk.`,
      field: 'tenantUrl',
    };
  }
  const status = error.status ?? 0;
  if (status === 401) {
    const what = c.kind === 'api_token' ? 'admin email and API token' : 'OAuth credentials';
    return {
      code: 'bad_credentials',
      message: `Zendesk did not accept the ${what}. Check them, or create new ones in ${ADMIN_CENTER}.`,
      field: secretField(c),
    };
  }
  if (status === 403 && /scope/i.test(error.message)) return missingRead();
  if (status === 404 || (status >= 300 && status < 400)) {
    return {
      code: 'tenant_not_found',
      message: `There is no Zendesk account at ${host}. Check the subdomain in the URL.`,
      field: 'tenantUrl',
    };
  }
  if (status === 429 || status >= 500) {
    return {
      code: 'tenant_unavailable',
      message: `Zendesk at ${host} answered HTTP ${status}; it is busy or down. Try again in a few minutes.`,
    };
  }
  // No status: the answer came but could not be read (invalid JSON, an unexpected shape, a cut-off body).
  if (!status)
    return {
      code: 'verification_failed',
      message: `Zendesk's answer to the credential check could not be read: ${error.message} Try again; if it persists, Zendesk or a proxy in between is sending something else.`,
    };
  return {
    code: 'verification_failed',
    message: `Zendesk refused the check (HTTP ${status}): ${error.message}`,
  };
}

function missingRead(): Problem {
  return {
    code: 'missing_read_scope',
    message: `The OAuth token lacks the "read" scope that listing apps and grants needs. Edit the OAuth client in ${ADMIN_CENTER} › OAuth clients to allow "read", then connect again.`,
    field: 'clientId',
  };
}

export async function verifyZendesk(
  http: HttpClient,
  tokens: TokenSource,
  c: ZendeskCredential,
): Promise<VerifyResult> {
  let me: Awaited<ReturnType<typeof api.me>>;
  try {
    me = await api.me(http);
  } catch (error) {
    return { ok: false, problem: classifyFailure(error, c, http.origin) };
  }
  const u = me.user;
  // Without valid credentials Zendesk may answer with an anonymous placeholder rather than a 401.
  if (
    u.id === null ||
    u.id === undefined ||
    (c.kind === 'api_token' && u.email?.toLowerCase() !== c.adminEmail.toLowerCase())
  ) {
    return {
      ok: false,
      problem: classifyFailure(new HttpError('http_status', 'anonymous', { status: 401 }), c, http.origin),
    };
  }
  const who = u.email ?? u.name ?? `user ${u.id}`;
  if (u.suspended === true || u.active === false) {
    return {
      ok: false,
      problem: {
        code: 'account_suspended',
        message: `The Zendesk user ${who} is suspended or deleted. Use the credential of an active admin.`,
        field: c.kind === 'api_token' ? 'adminEmail' : 'clientId',
      },
    };
  }
  if (u.role !== 'admin') {
    return {
      ok: false,
      problem: {
        code: 'not_admin',
        message: `${who} is ${u.role ? `a Zendesk ${u.role}` : 'not an admin'}; listing OAuth grants, API tokens and webhooks needs an admin. Use an admin's credential.`,
        field: c.kind === 'api_token' ? 'adminEmail' : 'clientId',
      },
    };
  }
  const scopes = tokens.scopes();
  if (scopes !== null && !scopes.includes('read')) return { ok: false, problem: missingRead() };
  const warnings: Problem[] = c.kind === 'api_token' ? [API_TOKEN_NOTICE] : [];
  try {
    await api.auditLogsProbe(http);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    warnings.push({
      code: 'audit_logs_unavailable',
      message:
        'This Zendesk plan has no audit log API (Enterprise plans only), so app installations cannot be dated from the audit trail. Everything else is inventoried.',
    });
  }
  return {
    ok: true,
    account: {
      tenantUrl: http.origin,
      user: { id: u.id, name: u.name, email: u.email, role: u.role },
      warnings,
    },
  };
}
