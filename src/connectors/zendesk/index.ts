// The Zendesk connector's declaration and its session: validated tenant URL, credential-specific auth, the shared
// HTTP client pinned to the tenant, verify and inventory.
import { ConnectorError } from '../errors.ts';
import { createHttpClient, type HttpClientOptions, type HttpPlatform } from '../http.ts';
import type { ConnectorSession, InventoryRecord, RunStats, VerifyResult } from '../types.ts';
import type { ZendeskCredential } from './credentials.ts';
import { zendeskInventory } from './inventory.ts';
import { normalizeTenantUrl } from './tenant-url.ts';
import { createTokenSource } from './token-source.ts';
import { verifyZendesk } from './verify.ts';

export interface ZendeskEnv {
  platform: HttpPlatform;
  /** `host:port` entries the operator allowed besides *.zendesk.com (GRANTSCOPE_ALLOWED_TENANT_HOSTS). */
  allowedHosts?: readonly string[];
  signal?: AbortSignal;
  onCredentialUpdate?: (credential: ZendeskCredential) => Promise<void> | void;
  /** Tuning of the shared HTTP client (timeouts, retries, concurrency). */
  http?: Omit<HttpClientOptions, 'platform' | 'baseUrl' | 'authorize' | 'onUnauthorized' | 'signal'>;
}

export function createZendeskSession(credential: ZendeskCredential, env: ZendeskEnv): ConnectorSession {
  const tenant = normalizeTenantUrl(credential.tenantUrl, env.allowedHosts);
  if (!tenant.ok) {
    const fail = new ConnectorError(tenant.problem);
    return {
      verify: async (): Promise<VerifyResult> => ({ ok: false, problem: tenant.problem }),
      // biome-ignore lint/correctness/useYield: an invalid tenant URL fails before any record or request
      inventory: async function* (): AsyncGenerator<InventoryRecord> {
        throw fail;
      },
      stats: () => ({ apiCalls: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 }),
    };
  }
  const tokens = createTokenSource(credential, {
    platform: env.platform,
    origin: tenant.url,
    ...(env.signal && { signal: env.signal }),
    ...(env.onCredentialUpdate && { onCredentialUpdate: env.onCredentialUpdate }),
  });
  const http = createHttpClient({
    ...env.http,
    platform: env.platform,
    baseUrl: tenant.url,
    authorize: () => tokens.headers(),
    onUnauthorized: () => tokens.renew(),
    ...(env.signal && { signal: env.signal }),
  });
  return {
    verify: () => verifyZendesk(http, tokens, credential),
    inventory: () => zendeskInventory(http),
    stats: (): RunStats => {
      const s = http.stats();
      return {
        apiCalls: s.apiCalls + tokens.calls(),
        retries: s.retries,
        rateLimitWaits: s.rateLimitWaits,
        rateLimitWaitMs: s.rateLimitWaitMs,
      };
    },
  };
}
