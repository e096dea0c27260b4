// The invariants every campaign sync is held to, checked right after it ends: it finished (completed, or failed
// with a code and a message), removed nothing that still exists, and left either the whole truth or the previous
// inventory live — nothing in between.
import type { Store } from '../../src/store/db.ts';
import type { SyncOutcome } from '../../src/sync/run-sync.ts';
import type { Scenario } from './scenarios.ts';
import {
  both,
  either,
  type Inventory,
  type KeySets,
  liveInventory,
  type Mutation,
  minus,
  PARTS,
  rowDiff,
} from './truth.ts';

export type Violation =
  | 'false_removal'
  | 'partial_inventory'
  | 'phantom_record'
  | 'failed_run_changed_inventory'
  | 'run_left_running'
  | 'failure_without_reason'
  | 'status_mismatch'
  | 'sync_threw'
  | 'staging_left'
  | 'integration_left_syncing';

export interface RunRecord {
  index: number;
  tenant: string;
  tokens: number;
  credential: string;
  scenario: Scenario;
  mutation?: Mutation;
  status: 'completed' | 'failed' | 'threw';
  code: string | null;
  message: string | null;
  ms: number;
  /** Items wrongly removed, and items missing from (or added to) what the run should have left live. */
  falseRemovals: number;
  lost: number;
  phantom: number;
  /** Items the run removed from, and added to, the live inventory (apps + grants + users). */
  removed: number;
  added: number;
  /** Requests the simulator answered during the run, and of them OAuth token requests (renewals). */
  requests?: number;
  tokenRequests?: number;
  violations: { kind: Violation; detail: string }[];
}

export interface RunFacts {
  index: number;
  tenant: string;
  tokens: number;
  credential: string;
  scenario: Scenario;
  integrationId: string;
  outcome: SyncOutcome | null;
  thrown: unknown;
  ms: number;
  truthBefore: KeySets;
  truthAfter: KeySets;
  before: Inventory;
}

/** The error and the first frame of our own code that it passed through. */
function thrownLine(e: unknown): string {
  const stack = String((e as Error)?.stack ?? e).split('\n');
  const ours = stack.find((l) => /\/(src|sim)\//.test(l) && !l.includes('node_modules'));
  return `${stack[0]}${ours ? ` (${ours.trim()})` : ''}`;
}

const sample = (xs: string[]) => `${xs.length}: ${xs.slice(0, 5).join(', ')}${xs.length > 5 ? ', …' : ''}`;

export async function checkRun(store: Store, f: RunFacts): Promise<RunRecord> {
  const violations: RunRecord['violations'] = [];
  const after = await liveInventory(store, f.integrationId);
  const runId = f.outcome && 'runId' in f.outcome ? f.outcome.runId : null;
  const [run] = await store.query<{
    id: string;
    status: string;
    error_code: string | null;
    error_message: string | null;
  }>(
    runId
      ? 'SELECT id, status, error_code, error_message FROM sync_runs WHERE id = $1'
      : 'SELECT id, status, error_code, error_message FROM sync_runs WHERE integration_id = $1 ORDER BY started_at DESC NULLS LAST LIMIT 1',
    [runId ?? f.integrationId],
  );
  const open = await store.query<{ id: string; status: string }>(
    "SELECT id, status FROM sync_runs WHERE status IN ('running', 'queued')",
  );
  if (open.length > 0)
    violations.push({ kind: 'run_left_running', detail: open.map((r) => `${r.id} ${r.status}`).join(', ') });
  if (f.thrown) violations.push({ kind: 'sync_threw', detail: thrownLine(f.thrown) });
  if (f.outcome?.status === 'skipped')
    violations.push({ kind: 'status_mismatch', detail: `skipped: ${f.outcome.reason}` });
  if (f.outcome && f.outcome.status !== 'skipped' && run?.status !== f.outcome.status)
    violations.push({
      kind: 'status_mismatch',
      detail: `outcome ${f.outcome.status}, run row ${run?.status}`,
    });
  if (run?.status === 'failed' && (!run.error_code || !run.error_message?.trim()))
    violations.push({
      kind: 'failure_without_reason',
      detail: `code=${run.error_code} message=${run.error_message}`,
    });
  if (run) {
    const [staged] = await store.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM stage_apps WHERE run_id = $1) + (SELECT count(*) FROM stage_grants WHERE run_id = $1)
            + (SELECT count(*) FROM stage_users WHERE run_id = $1) AS n`,
      [run.id],
    );
    if (Number(staged?.n) > 0)
      violations.push({ kind: 'staging_left', detail: `${staged?.n} staged rows of run ${run.id}` });
  }
  const [integration] = await store.query<{ status: string }>(
    'SELECT status FROM integrations WHERE id = $1',
    [f.integrationId],
  );
  if (integration?.status === 'syncing')
    violations.push({ kind: 'integration_left_syncing', detail: f.integrationId });

  let falseRemovals = 0;
  let lost = 0;
  let phantom = 0;
  let removed = 0;
  let added = 0;
  for (const part of PARTS) {
    removed += minus(f.before[part], after[part]).length;
    added += minus(after[part], f.before[part]).length;
    // Present in the truth for the whole run, yet no longer live: a false removal, whatever the run's outcome.
    const stillThere = both(f.truthBefore[part], f.truthAfter[part]);
    const wrong = minus(f.before[part], after[part]).filter((k) => stillThere.has(k));
    falseRemovals += wrong.length;
    if (wrong.length > 0) violations.push({ kind: 'false_removal', detail: `${part} ${sample(wrong)}` });
    if (run?.status === 'completed') {
      // The truth may change during a run only by Grantscope's own OAuth tokens; either state is then acceptable.
      const missing = minus(stillThere, after[part]);
      const extra = minus(after[part], either(f.truthBefore[part], f.truthAfter[part]));
      lost += missing.length;
      phantom += extra.length;
      if (missing.length > 0)
        violations.push({ kind: 'partial_inventory', detail: `${part} missing ${sample(missing)}` });
      if (extra.length > 0)
        violations.push({ kind: 'phantom_record', detail: `${part} not in the truth ${sample(extra)}` });
    }
  }
  if (run?.status !== 'completed') {
    const changed = rowDiff(f.before, after);
    lost += changed.length;
    if (changed.length > 0)
      violations.push({ kind: 'failed_run_changed_inventory', detail: `rows changed ${sample(changed)}` });
  }
  return {
    index: f.index,
    tenant: f.tenant,
    tokens: f.tokens,
    credential: f.credential,
    scenario: f.scenario,
    status: f.thrown ? 'threw' : run?.status === 'completed' ? 'completed' : 'failed',
    code: run?.error_code ?? null,
    message: run?.error_message ?? null,
    ms: f.ms,
    falseRemovals,
    lost,
    phantom,
    removed,
    added,
    violations,
  };
}
