// Tenant URLs: `https://<subdomain>.zendesk.com` (a bare subdomain is expanded); any other host only when the
// operator allowed it (GRANTSCOPE_ALLOWED_TENANT_HOSTS), which also allows plain http for it — how the
// simulator, tests and the demo run. Checked before any request, so a URL can never point us elsewhere (SSRF).
import type { Problem } from '../types.ts';

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export type TenantUrlResult = { ok: true; url: string } | { ok: false; problem: Problem };

function refuse(message: string): TenantUrlResult {
  return { ok: false, problem: { code: 'invalid_tenant_url', message, field: 'tenantUrl' } };
}

/** Parses `host:port` entries (comma-separated), lower-cased; a bare host means its default ports. */
export function parseAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

export function normalizeTenantUrl(input: string, allowedHosts: readonly string[] = []): TenantUrlResult {
  const raw = input.trim();
  if (raw === '') return refuse('Enter the Zendesk URL, like https://yourcompany.zendesk.com.');
  if (SUBDOMAIN.test(raw.toLowerCase())) return { ok: true, url: `https://${raw.toLowerCase()}.zendesk.com` };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  const url = URL.parse(withScheme);
  if (!url) return refuse('This is not a valid URL. Use the form https://yourcompany.zendesk.com.');
  if (url.username || url.password) return refuse('The URL must not contain a user name or password.');
  if (url.search || url.hash)
    return refuse('The URL must not contain a query or fragment: use https://yourcompany.zendesk.com.');
  // Admin Center links (…/admin/…, /agent) are forgiven: only the origin matters.
  const host = url.host.toLowerCase();
  if (allowedHosts.includes(host) || (url.port === '' && allowedHosts.includes(url.hostname.toLowerCase()))) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('The URL must use https.');
    return { ok: true, url: url.origin };
  }
  if (url.protocol !== 'https:')
    return refuse('Zendesk is only reached over https: use https://yourcompany.zendesk.com.');
  const m = /^([a-z0-9-]+)\.zendesk\.com$/.exec(url.hostname.toLowerCase());
  if (!m || !SUBDOMAIN.test(m[1] as string) || (url.port !== '' && url.port !== '443')) {
    return refuse(
      `${url.hostname} is not a Zendesk tenant. Use https://<subdomain>.zendesk.com (other hosts must be allowed by the operator in GRANTSCOPE_ALLOWED_TENANT_HOSTS).`,
    );
  }
  return { ok: true, url: `https://${m[1]}.zendesk.com` };
}
