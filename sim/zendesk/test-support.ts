// Helpers shared by the simulator's tests: credentials as headers and JSON calls in-process.
import type { ZendeskSimulator } from './server.ts';

export function basicAuth(email: string, apiToken: string): string {
  return `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;
}

export function adminAuth(sim: ZendeskSimulator): string {
  return basicAuth(sim.tenant.credentials.adminEmail, sim.tenant.credentials.apiToken);
}

export function agentAuth(sim: ZendeskSimulator): string {
  return basicAuth(sim.tenant.credentials.agentEmail, sim.tenant.credentials.apiToken);
}

export const ORIGIN = 'https://acme.zendesk.com';

export async function call(
  sim: ZendeskSimulator,
  path: string,
  auth: string | null,
  init: RequestInit = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Zendesk JSON and assert on it directly
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers = new Headers(init.headers);
  if (auth) headers.set('authorization', auth);
  const res = await sim.fetch(path.startsWith('http') ? path : ORIGIN + path, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: tests inspect the text
  }
  return { status: res.status, headers: res.headers, body };
}
