// One simulated tenant of a campaign and its integration: the simulator answers in-process through a fetch that can
// revoke Grantscope's credential or move the simulator's clock after a given number of requests.

import type { Rng } from '../../sim/zendesk/rng.ts';
import { createZendeskSimulator, type ZendeskSimulator } from '../../sim/zendesk/server.ts';
import { revokeToken } from '../../sim/zendesk/tenant-index.ts';
import type { HttpPlatform } from '../../src/connectors/http.ts';
import { createIntegration } from '../../src/services/integrations.ts';
import type { Store } from '../../src/store/db.ts';
import type { Scenario } from './scenarios.ts';

export type CredentialKind = 'api_token' | 'oauth_client_credentials';

export interface CampaignTenant {
  name: string;
  tokens: number;
  kind: CredentialKind;
  sim: ZendeskSimulator;
  integrationId: string;
  /** The simulator id of the OAuth client Grantscope signs in with (OAuth tenants only). */
  ownClientId: number | null;
  /** Requests of this tenant's first (fault-free) sync, per route: where later faults are placed. */
  profile: { byRoute: Record<string, number>; requests: number } | null;
  fetch: typeof fetch;
  arm(s: Scenario): void;
  /** Clears faults and gives Grantscope its credential back. */
  disarm(): void;
}

/** An access token's lifetime on the simulator's own OAuth client (generator.ts), plus a second. */
const ACCESS_TTL_MS = 1_801_000;

export async function createTenant(
  store: Store,
  o: { index: number; seed: number; tokens: number; kind: CredentialKind },
): Promise<CampaignTenant> {
  let simSkewMs = 0;
  const sim = createZendeskSimulator({
    seed: o.seed,
    subdomain: `t${o.index}`,
    users: Math.max(50, Math.round(o.tokens / 4)),
    tokens: o.tokens,
    rateLimit: 1e9,
    now: () => Date.now() + simSkewMs,
  });
  const creds = sim.tenant.credentials;
  const own = sim.tenant.localClients.find((c) => c.identifier === creds.clientId) ?? null;
  let requests = 0;
  let armed: Scenario | null = null;
  let pendingExpiries: number[] = [];
  let restore: (() => void) | null = null;

  function revokeCredential(): void {
    if (o.kind === 'api_token') {
      const token = sim.tenant.apiTokens.find((t) => t.token === creds.apiToken);
      if (!token) return;
      token.active = false;
      restore = () => {
        token.active = true;
      };
      return;
    }
    // An admin rotates the client's secret and deletes the tokens it holds: renewing fails from then on.
    if (!own) return;
    const secret = own.secret;
    own.secret = `rotated-${secret}`;
    for (const t of sim.tenant.tokens.filter((x) => x.clientId === own.id)) revokeToken(sim.tenant, t.id);
    restore = () => {
      own.secret = secret;
    };
  }

  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests++;
    if (armed?.revokeAfter !== null && armed?.revokeAfter !== undefined && requests === armed.revokeAfter)
      revokeCredential();
    while (pendingExpiries.length > 0 && requests >= (pendingExpiries[0] as number)) {
      pendingExpiries.shift();
      simSkewMs += ACCESS_TTL_MS;
    }
    return sim.fetch(input, init);
  }) as typeof fetch;

  const tenantUrl = `t${o.index}`;
  const credential =
    o.kind === 'api_token'
      ? { kind: 'api_token', tenantUrl, adminEmail: creds.adminEmail, apiToken: creds.apiToken }
      : {
          kind: 'oauth_client_credentials',
          tenantUrl,
          clientId: creds.clientId,
          clientSecret: creds.clientSecret,
        };
  const created = await createIntegration(
    {
      store,
      queue: null,
      platform: virtualPlatform(sim.fetch, Math.random),
      allowedHosts: [],
      defaultScheduleMinutes: 360,
    },
    { saas: 'zendesk', capabilities: ['third_party_apps'], credential },
  );
  if (!created.ok) throw new Error(`tenant ${o.index}: ${created.problem.message}`);
  return {
    name: `t${o.index}`,
    tokens: o.tokens,
    kind: o.kind,
    sim,
    integrationId: created.integration.id,
    ownClientId: own?.id ?? null,
    profile: null,
    fetch: wrapped,
    arm(s) {
      requests = 0;
      armed = s;
      pendingExpiries = [...s.expireAfter];
      for (const rule of s.rules) sim.faults.add(rule);
    },
    disarm() {
      sim.faults.clear();
      armed = null;
      pendingExpiries = [];
      restore?.();
      restore = null;
    },
  };
}

/**
 * A platform whose sleeps pass instantly on a virtual clock: Retry-After and backoff are honoured in the client's
 * time without costing the campaign wall time. Timeouts still use real timers.
 */
export function virtualPlatform(fetch: HttpPlatform['fetch'], random: () => number): HttpPlatform {
  let skew = 0;
  return {
    fetch,
    now: () => Date.now() + skew,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      skew += Math.max(0, ms);
    },
    random,
  };
}

export const seededRandom = (rng: Rng) => () => rng.next();
