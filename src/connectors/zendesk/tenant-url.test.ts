// Tenant URL validation: what is accepted, what is refused before any request is made.
import { describe, expect, it } from 'vitest';
import { normalizeTenantUrl } from './tenant-url.ts';

const ok = (input: string, allowed: string[] = []) => {
  const r = normalizeTenantUrl(input, allowed);
  if (!r.ok) throw new Error(r.problem.message);
  return r.url;
};
const refused = (input: string, allowed: string[] = []) => {
  const r = normalizeTenantUrl(input, allowed);
  if (r.ok) throw new Error(`accepted ${input} as ${r.url}`);
  return r.problem;
};

describe('tenant URLs', () => {
  it('expands a bare subdomain and normalizes Zendesk URLs to their origin', () => {
    expect(ok('acme')).toBe('https://acme.zendesk.com');
    expect(ok('ACME.zendesk.com')).toBe('https://acme.zendesk.com');
    expect(ok('https://acme.zendesk.com/')).toBe('https://acme.zendesk.com');
    expect(ok(' https://acme.zendesk.com/admin/apps-integrations ')).toBe('https://acme.zendesk.com');
  });

  it('refuses other hosts, plain http, IP literals, credentials in the URL and look-alike hosts', () => {
    for (const bad of [
      'http://acme.zendesk.com',
      'https://evil.example.com',
      'https://acme.zendesk.com.evil.example',
      'https://acme.zendesk.com@evil.example',
      'https://user:pw@acme.zendesk.com',
      'https://127.0.0.1',
      'https://[::1]',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.5',
      'https://acme.zendesk.com:8443',
      'https://a.b.zendesk.com',
      'file:///etc/passwd',
      'https://acme.zendesk.com/?next=http://evil',
      '',
    ]) {
      const problem = refused(bad);
      expect(problem.code).toBe('invalid_tenant_url');
      expect(problem.field).toBe('tenantUrl');
    }
  });

  it('accepts a host the operator allowed, over http too, and only that host and port', () => {
    expect(ok('http://127.0.0.1:4010', ['127.0.0.1:4010'])).toBe('http://127.0.0.1:4010');
    expect(refused('http://127.0.0.1:4011', ['127.0.0.1:4010']).code).toBe('invalid_tenant_url');
    expect(ok('http://sim.local', ['sim.local'])).toBe('http://sim.local');
  });

  it('says what to do in its message', () => {
    expect(refused('https://evil.example.com').message).toMatch(/https:\/\/<subdomain>\.zendesk\.com/);
  });
});
