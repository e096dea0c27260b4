// One sync of one integration: verify, stream the inventory into staging in batches, assess risk, then make it
// live in one transaction. A failure anywhere leaves the previous inventory untouched and records why.
import { hostname } from 'node:os';
import { ConnectorError, toProblem } from '../connectors/errors.ts';
import { HttpError, type HttpPlatform } from '../connectors/http.ts';
import { connectorFor } from '../connectors/registry.ts';
import type { Problem, RunStats } from '../connectors/types.ts';
import type { Store } from '../store/db.ts';
import { loadCredential, rotateCredential } from '../store/queries/credentials.ts';
import { getIntegration, setStatus } from '../store/queries/integrations.ts';
import { reconcile } from '../store/queries/reconcile.ts';
import {
  completeRun,
  dropStage,
  failAbandonedRuns,
  failRun,
  heartbeat,
  type RunTrigger,
  startRun,
} from '../store/queries/runs.ts';
import { stageApps, stageGrants, stageUsers } from '../store/queries/stage.ts';
import { assessStaged } from './assess.ts';

const BATCH = 1000;
export const WORKER_ID = `${hostname()}:${process.pid}`;

export interface SyncDeps {
  store: Store;
  platform: HttpPlatform;
  allowedHosts: readonly string[];
  staleDays: number;
  /** A running run without a heartbeat for this long belongs to a dead worker. */
  abandonedAfterSeconds: number;
  /** Tuning of the connector's HTTP client (timeouts, retries); defaults suit production. */
  http?: { timeoutMs?: number; maxRetries?: number; backoffBaseMs?: number; backoffCapMs?: number };
}

export interface SyncJob {
  integrationId: string;
  runId: string | null;
  trigger: RunTrigger;
  jobId: string;
}

export type SyncOutcome =
  | { status: 'completed'; runId: string; stats: RunStats & { apps: number; grants: number; users: number } }
  | { status: 'failed'; runId: string; problem: Problem; retriable: boolean }
  | { status: 'skipped'; reason: string };

const TRANSIENT = new Set([
  'tenant_unreachable',
  'tenant_unavailable',
  'network',
  'timeout',
  'http_status',
  'rate_limited',
  'invalid_json',
  'aborted',
]);

/** The reason a stopping worker aborts the syncs still running when its grace period ends. */
export class WorkerStopping extends Error {
  override readonly name = 'WorkerStopping';
}

const STOPPED: Problem = {
  code: 'worker_stopped',
  message:
    'Grantscope was stopped (a restart or a deploy) during this sync; the previous inventory is still shown and the sync was queued again.',
};

function isRetriable(error: unknown, problem: Problem): boolean {
  if (error instanceof ConnectorError) return error.retriable;
  if ((error as { retriable?: boolean }).retriable) return true;
  return (
    TRANSIENT.has(problem.code) &&
    (error as { status?: number }).status !== 401 &&
    (error as { status?: number }).status !== 403
  );
}

/** A status the retries could not get past, named by what it means for the run rather than as a bare HTTP status. */
function statusGivenUp(error: unknown): Problem | null {
  if (!(error instanceof HttpError) || error.code !== 'http_status') return null;
  if (error.status === 429)
    return {
      code: 'rate_limited',
      message: `${error.message} Zendesk's API rate limit for this account stayed exhausted; it is shared with every other tool using the account.`,
    };
  if ((error.status ?? 0) >= 500) return { code: 'tenant_unavailable', message: error.message };
  return null;
}

/** A credential that stops working mid-sync (revoked, deactivated) is a credential problem, not an HTTP detail. */
function credentialRefused(error: unknown): Problem | null {
  if (!(error instanceof HttpError) || error.status !== 401) return null;
  return {
    code: 'bad_credentials',
    message:
      'Zendesk stopped accepting the credential during the sync (revoked or deactivated). Replace it in the integration’s settings.',
  };
}

export async function runSync(deps: SyncDeps, job: SyncJob, signal?: AbortSignal): Promise<SyncOutcome> {
  const { store } = deps;
  const integration = await getIntegration(store, job.integrationId);
  if (!integration) return { status: 'skipped', reason: 'integration deleted' };
  if (!integration.enabled) return { status: 'skipped', reason: 'integration disabled' };
  const connector = connectorFor(integration.saas);
  if (!connector) return { status: 'skipped', reason: `no connector for ${integration.saas}` };
  await failAbandonedRuns(store, { staleSeconds: deps.abandonedAfterSeconds, integrationId: integration.id });
  const runId = await startRun(store, integration.id, job.runId, job.jobId, WORKER_ID, job.trigger);
  await setStatus(store, integration.id, 'syncing', integration.statusCode, integration.statusMessage);
  // Beat well inside the staleness limit, so only a dead worker's run ever looks abandoned.
  const beat = setInterval(
    () => void heartbeat(store, runId).catch(() => {}),
    Math.max(250, Math.min(5000, (deps.abandonedAfterSeconds * 1000) / 4)),
  );
  beat.unref();
  let stats: RunStats = { apiCalls: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0 };
  const counts = { apps: 0, grants: 0, users: 0 };
  let session: ReturnType<typeof connector.createSession> | null = null;
  try {
    const stored = await loadCredential(store, integration.credentialId);
    let version = stored.version;
    const parsed = connector.parseCredential(stored.plain);
    if (!parsed.ok) throw new ConnectorError(parsed.problem);
    session = connector.createSession(parsed.credential, {
      platform: deps.platform,
      allowedHosts: deps.allowedHosts,
      ...(signal && { signal }),
      ...(deps.http && { http: deps.http }),
      // A rotated refresh token is saved before it is ever used: a crash after this point cannot lock us out.
      onCredentialUpdate: async (plain, sanitized) => {
        const next = await rotateCredential(store, integration.credentialId, version, plain, sanitized);
        if (next === null) {
          throw new ConnectorError({
            code: 'credential_conflict',
            message: 'Another process renewed this credential at the same time; the sync will be retried.',
            retriable: true,
          });
        }
        version = next;
      },
    });
    const verified = await session.verify();
    if (!verified.ok) throw new ConnectorError(verified.problem);
    let apps: Parameters<typeof stageApps>[2][number][] = [];
    let grants: Parameters<typeof stageGrants>[2][number][] = [];
    let users: Parameters<typeof stageUsers>[2][number][] = [];
    const warnings: Problem[] = [...verified.account.warnings];
    const flush = async (force: boolean) => {
      if (force || apps.length + grants.length + users.length >= BATCH) {
        await stageApps(store, runId, apps);
        await stageGrants(store, runId, grants);
        await stageUsers(store, runId, users);
        apps = [];
        grants = [];
        users = [];
      }
    };
    for await (const record of session.inventory()) {
      if (record.type === 'app') {
        apps.push(record.app);
        counts.apps++;
      } else if (record.type === 'grant') {
        grants.push(record.grant);
        counts.grants++;
      } else if (record.type === 'user') {
        users.push(record.user);
        counts.users++;
      } else warnings.push(record.problem);
      await flush(false);
    }
    await flush(true);
    stats = session.stats();
    // Fresh statistics for the planner: the staging tables went from empty to full in this run, and PGlite never
    // analyzes by itself. Without them reconcile compared every grant with every grant (bench/sync.ts).
    await store.query('ANALYZE stage_apps, stage_grants, stage_users, apps, grants, saas_users');
    await assessStaged(store, runId, {
      saas: integration.saas,
      lookupScope: connector.lookupScope,
      now: deps.platform.now(),
      staleDays: deps.staleDays,
    });
    const notice = warnings.find((w) => w.code !== 'audit_logs_unavailable');
    await store.transaction(async (tx) => {
      await reconcile(tx, integration.id, runId);
      await completeRun(tx, runId, { ...counts, ...stats }, warnings);
      await setStatus(tx, integration.id, 'connected', notice?.code ?? null, notice?.message ?? null);
      await dropStage(tx, runId);
    });
    return { status: 'completed', runId, stats: { ...stats, ...counts } };
  } catch (error) {
    if (session) stats = session.stats();
    const stopped = signal?.aborted === true && signal.reason instanceof WorkerStopping;
    const problem = stopped
      ? STOPPED
      : (credentialRefused(error) ?? statusGivenUp(error) ?? toProblem(error));
    const retriable = stopped || isRetriable(error, problem);
    await failRun(store, runId, problem.code, problem.message, { ...stats, ...counts });
    await dropStage(store, runId);
    // A transient failure keeps the last inventory on show and says a retry is coming; anything else needs a person.
    if (stopped) await setStatus(store, integration.id, 'warning', problem.code, problem.message);
    else if (retriable)
      await setStatus(
        store,
        integration.id,
        'warning',
        problem.code,
        `The last sync failed and will be retried: ${problem.message}`,
      );
    else await setStatus(store, integration.id, 'failure', problem.code, problem.message);
    if (problem.code === 'internal_error') throw error;
    return { status: 'failed', runId, problem, retriable };
  } finally {
    clearInterval(beat);
  }
}
