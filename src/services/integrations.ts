// Connecting a tenant: validate the credential, verify it against the SaaS (an active admin), store it encrypted
// (shared by every integration of that tenant) and queue the first sync. Nothing is saved when verification fails.
import type { HttpPlatform } from '../connectors/http.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { Problem, VerifiedAccount } from '../connectors/types.ts';
import { normalizeTenantUrl } from '../connectors/zendesk/tenant-url.ts';
import type { Sql, Store } from '../store/db.ts';
import { findCredential, loadCredential, saveCredential } from '../store/queries/credentials.ts';
import {
  findIntegrationsOfTenant,
  type Integration,
  insertIntegration,
} from '../store/queries/integrations.ts';
import type { Queue } from '../sync/queue.ts';

export interface ServiceDeps {
  store: Store;
  queue: Queue | null;
  platform: HttpPlatform;
  allowedHosts: readonly string[];
  defaultScheduleMinutes: number;
}

/** The services' view of the API's dependencies. */
export function serviceDeps(d: {
  store: Store;
  queue: Queue | null;
  platform: HttpPlatform;
  config: { allowedHosts: readonly string[]; syncIntervalMinutes: number };
}): ServiceDeps {
  return {
    store: d.store,
    queue: d.queue,
    platform: d.platform,
    allowedHosts: d.config.allowedHosts,
    defaultScheduleMinutes: d.config.syncIntervalMinutes,
  };
}

export interface CreateRequest {
  saas: string;
  capabilities: string[];
  /** The credential as typed; omitted to reuse the tenant's stored one (then `tenantUrl` names the tenant). */
  credential?: Record<string, unknown>;
  tenantUrl?: string;
  name?: string;
  scheduleMinutes?: number;
}

export type CreateResult =
  | {
      ok: true;
      integration: Integration;
      account: VerifiedAccount;
      runId: string | null;
      reusedCredential: boolean;
    }
  | { ok: false; status: 404 | 409 | 422; problem: Problem };

export async function createIntegration(deps: ServiceDeps, req: CreateRequest): Promise<CreateResult> {
  const connector = connectorFor(req.saas);
  if (!connector)
    return {
      ok: false,
      status: 422,
      problem: { code: 'unknown_saas', message: `No connector for "${req.saas}".`, field: 'saas' },
    };
  const unsupported = req.capabilities.filter((c) => !(connector.capabilities as string[]).includes(c));
  if (unsupported.length > 0 || req.capabilities.length === 0) {
    return {
      ok: false,
      status: 422,
      problem: {
        code: 'unsupported_capability',
        message: `${connector.name} offers: ${connector.capabilities.join(', ')}.`,
        field: 'capabilities',
      },
    };
  }
  const rawUrl = (req.credential?.tenantUrl as string | undefined) ?? req.tenantUrl ?? '';
  const tenant = normalizeTenantUrl(String(rawUrl), deps.allowedHosts);
  if (!tenant.ok) return { ok: false, status: 422, problem: tenant.problem };
  let input: unknown;
  let reused = false;
  if (req.credential) input = { ...req.credential, tenantUrl: tenant.url };
  else {
    const existing = await findCredential(deps.store, req.saas, tenant.url);
    if (!existing) {
      return {
        ok: false,
        status: 422,
        problem: {
          code: 'credential_required',
          message: `${tenant.url} is not connected yet: enter a credential for it.`,
          field: 'credential',
        },
      };
    }
    input = (await loadCredential(deps.store, existing.id)).plain;
    reused = true;
  }
  const parsed = connector.parseCredential(input);
  if (!parsed.ok) return { ok: false, status: 422, problem: parsed.problem };
  const takenIn = async (db: Sql) =>
    (await findIntegrationsOfTenant(db, req.saas, tenant.url)).find((i) =>
      i.capabilities.some((c) => req.capabilities.includes(c)),
    );
  const alreadyConnected = (taken: Integration): CreateResult => ({
    ok: false,
    status: 409,
    problem: {
      code: 'already_connected',
      message: `${tenant.url} already has an integration with ${req.capabilities.join(', ')} (${taken.name}).`,
      field: 'tenantUrl',
    },
  });
  const taken = await takenIn(deps.store);
  if (taken) return alreadyConnected(taken);
  const verified = await connector
    .createSession(parsed.credential, { platform: deps.platform, allowedHosts: deps.allowedHosts })
    .verify();
  if (!verified.ok) return { ok: false, status: 422, problem: verified.problem };
  const outcome = await deps.store.transaction(async (tx) => {
    // Two connects of one tenant at once (a double click) both pass the check above: the second waits here, then
    // finds the first's integration — instead of a unique violation on the credential (a 500) or a duplicate.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`connect:${req.saas}:${tenant.url}`]);
    const raced = await takenIn(tx);
    if (raced) return { ok: false as const, taken: raced };
    const credentialId = reused
      ? ((await findCredential(tx, req.saas, tenant.url))?.id as string)
      : await saveCredential(deps.store, tx, {
          saas: req.saas,
          tenantUrl: tenant.url,
          kind: String((parsed.credential as { kind: string }).kind),
          sanitized: connector.sanitize(parsed.credential),
          plain: connector.reveal(parsed.credential),
        });
    const created = await insertIntegration(tx, {
      saas: req.saas,
      tenantUrl: tenant.url,
      credentialId,
      capabilities: req.capabilities,
      name: req.name?.trim() || `${connector.name} · ${new URL(tenant.url).host}`,
      scheduleMinutes: req.scheduleMinutes ?? deps.defaultScheduleMinutes,
    });
    return { ok: true as const, created };
  });
  if (!outcome.ok) return alreadyConnected(outcome.taken);
  const integration = outcome.created;
  const run = deps.queue ? await deps.queue.enqueue(integration.id, 'created') : null;
  return {
    ok: true,
    integration,
    account: verified.account,
    runId: run?.runId ?? null,
    reusedCredential: reused,
  };
}
