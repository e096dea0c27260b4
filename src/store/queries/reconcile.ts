// Makes a completed run's staged inventory the live one, in one transaction: change events first (by comparing
// staged with live), then upserts (first-seen kept, last-seen moved), then removals — computed only here, after
// a complete run, so a failed or partial run can never remove anything. Readers see the old inventory until commit.
import type { Sql } from '../db.ts';
import { refreshUserRanks } from './saas-users.ts';

export interface ReconcileResult {
  events: number;
  appsRemoved: number;
  grantsRemoved: number;
}

const APP_FIELDS = `
  s.key, s.body->>'kind', s.body->>'name', s.body->>'publisher', s.body->>'description', s.body->>'saasId',
  s.body->>'destinationHost', (s.body->>'enabled')::boolean, (s.body->>'createdAt')::timestamptz,
  COALESCE((s.body->'assessment'->>'lastUsedAt')::timestamptz, (s.body->>'lastUsedAt')::timestamptz),
  ARRAY(SELECT jsonb_array_elements_text(s.body->'assessment'->'scopes')),
  ARRAY(SELECT jsonb_array_elements_text(s.body->'assessment'->'categories')),
  s.body->'assessment'->>'riskLevel', (s.body->'assessment'->>'riskScore')::int, s.body->'assessment'->'riskReasons',
  s.body->'assessment'->>'riskModel', (s.body->'assessment'->>'userCount')::int, (s.body->'assessment'->>'grantCount')::int`;

async function insertEvents(tx: Sql, integrationId: string, runId: string): Promise<number> {
  const live = `SELECT * FROM apps WHERE integration_id = $1 AND removed_at IS NULL`;
  const staged = `SELECT key, body FROM stage_apps WHERE run_id = $2`;
  const statements = [
    // Apps that appeared, and apps that are gone.
    `INSERT INTO change_events (integration_id, run_id, type, app_key, app_name, details)
     SELECT $1, $2, 'app_added', s.key, s.body->>'name', jsonb_build_object('kind', s.body->>'kind', 'riskLevel', s.body->'assessment'->>'riskLevel')
     FROM (${staged}) s WHERE NOT EXISTS (SELECT 1 FROM (${live}) l WHERE l.key = s.key)`,
    `INSERT INTO change_events (integration_id, run_id, type, app_key, app_name, details)
     SELECT $1, $2, 'app_removed', l.key, l.name, jsonb_build_object('kind', l.kind)
     FROM (${live}) l WHERE NOT EXISTS (SELECT 1 FROM (${staged}) s WHERE s.key = l.key)`,
    // Scopes of an app that grew or shrank, and risk levels that moved.
    `INSERT INTO change_events (integration_id, run_id, type, app_key, app_name, details)
     SELECT $1, $2, CASE WHEN cardinality(added) > 0 THEN 'scopes_expanded' ELSE 'scopes_reduced' END, key, name,
            jsonb_build_object('added', to_jsonb(added), 'removed', to_jsonb(removed))
     FROM (SELECT s.key, s.body->>'name' AS name,
             ARRAY(SELECT x FROM jsonb_array_elements_text(s.body->'assessment'->'scopes') x WHERE NOT x = ANY(l.scopes)) AS added,
             ARRAY(SELECT x FROM unnest(l.scopes) x WHERE NOT s.body->'assessment'->'scopes' ? x) AS removed
           FROM (${staged}) s JOIN (${live}) l ON l.key = s.key) d
     WHERE cardinality(added) > 0 OR cardinality(removed) > 0`,
    `INSERT INTO change_events (integration_id, run_id, type, app_key, app_name, details)
     SELECT $1, $2, 'risk_changed', s.key, s.body->>'name',
            jsonb_build_object('from', l.risk_level, 'to', s.body->'assessment'->>'riskLevel', 'fromScore', l.risk_score, 'toScore', (s.body->'assessment'->>'riskScore')::int)
     FROM (${staged}) s JOIN (${live}) l ON l.key = s.key WHERE l.risk_level <> s.body->'assessment'->>'riskLevel'`,
    // Grants that appeared or went (each user's authorization of each app).
    `INSERT INTO change_events (integration_id, run_id, type, app_key, app_name, subject, details)
     SELECT $1, $2, 'grant_added', g.app_key, COALESCE(a.body->>'name', g.app_key), g.user_id, jsonb_build_object('grantId', g.saas_id, 'scopes', to_jsonb(g.scopes))
     FROM stage_grants g LEFT JOIN stage_apps a ON a.run_id = g.run_id AND a.key = g.app_key
     WHERE g.run_id = $2 AND NOT EXISTS (
       SELECT 1 FROM grants l WHERE l.integration_id = $1 AND l.removed_at IS NULL AND l.app_key = g.app_key AND l.saas_id = g.saas_id)`,
    `INSERT INTO change_events (integration_id, run_id, type, app_key, app_name, subject, details)
     SELECT $1, $2, 'grant_removed', l.app_key, COALESCE(a.name, l.app_key), l.user_id, jsonb_build_object('grantId', l.saas_id)
     FROM grants l LEFT JOIN apps a ON a.integration_id = l.integration_id AND a.key = l.app_key
     WHERE l.integration_id = $1 AND l.removed_at IS NULL AND NOT EXISTS (
       SELECT 1 FROM stage_grants g WHERE g.run_id = $2 AND g.app_key = l.app_key AND g.saas_id = l.saas_id)`,
  ];
  let count = 0;
  for (const statement of statements) {
    const rows = await tx.query(`${statement} RETURNING id`, [integrationId, runId]);
    count += rows.length;
  }
  return count;
}

export async function reconcile(tx: Sql, integrationId: string, runId: string): Promise<ReconcileResult> {
  const [{ generation, last_sync_at: lastSync } = { generation: 0, last_sync_at: null }] = await tx.query<{
    generation: number;
    last_sync_at: Date | null;
  }>('SELECT generation, last_sync_at FROM integrations WHERE id = $1 FOR UPDATE', [integrationId]);
  // The first complete inventory is the baseline: every app in it "appearing" would only be noise.
  const events = generation > 0 ? await insertEvents(tx, integrationId, runId) : 0;
  await tx.query(
    `INSERT INTO apps (integration_id, key, kind, name, publisher, description, saas_id, destination_host, enabled, created_at_saas,
       last_used_at, scopes, categories, risk_level, risk_score, risk_reasons, risk_model, user_count, grant_count, first_seen_at, last_seen_at, removed_at)
     SELECT $1, ${APP_FIELDS}, now(), now(), NULL FROM stage_apps s WHERE s.run_id = $2
     ON CONFLICT (integration_id, key) DO UPDATE SET kind = excluded.kind, name = excluded.name, publisher = excluded.publisher,
       description = excluded.description, saas_id = excluded.saas_id, destination_host = excluded.destination_host, enabled = excluded.enabled,
       created_at_saas = excluded.created_at_saas, last_used_at = excluded.last_used_at, scopes = excluded.scopes, categories = excluded.categories,
       risk_level = excluded.risk_level, risk_score = excluded.risk_score, risk_reasons = excluded.risk_reasons, risk_model = excluded.risk_model,
       user_count = excluded.user_count, grant_count = excluded.grant_count, last_seen_at = now(), removed_at = NULL,
       first_seen_at = CASE WHEN apps.removed_at IS NULL THEN apps.first_seen_at ELSE now() END`,
    [integrationId, runId],
  );
  const appsRemoved = await tx.query(
    `UPDATE apps SET removed_at = now() WHERE integration_id = $1 AND removed_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM stage_apps s WHERE s.run_id = $2 AND s.key = apps.key) RETURNING id`,
    [integrationId, runId],
  );
  await tx.query(
    `INSERT INTO grants (integration_id, app_key, saas_id, user_id, scopes, created_at_saas, expires_at, last_used_at, first_seen_at, last_seen_at, removed_at)
     SELECT DISTINCT ON (app_key, saas_id) $1::uuid, app_key, saas_id, user_id, scopes, created_at_saas, expires_at, last_used_at, now(), now(), NULL::timestamptz
     FROM stage_grants WHERE run_id = $2 ORDER BY app_key, saas_id, seq DESC
     ON CONFLICT (integration_id, app_key, saas_id) DO UPDATE SET user_id = excluded.user_id, scopes = excluded.scopes,
       created_at_saas = excluded.created_at_saas, expires_at = excluded.expires_at, last_used_at = excluded.last_used_at, last_seen_at = now(),
       first_seen_at = CASE WHEN grants.removed_at IS NULL THEN grants.first_seen_at ELSE now() END, removed_at = NULL
     -- An unchanged grant is not rewritten: every sync would otherwise leave a dead copy of every row. Its
     -- last_seen_at then lags; for a live row the integration's last_sync_at is the truth.
     WHERE grants.removed_at IS NOT NULL OR (grants.user_id, grants.scopes, grants.created_at_saas, grants.expires_at, grants.last_used_at)
       IS DISTINCT FROM (excluded.user_id, excluded.scopes, excluded.created_at_saas, excluded.expires_at, excluded.last_used_at)`,
    [integrationId, runId],
  );
  const grantsRemoved = await tx.query(
    `UPDATE grants SET removed_at = now(), last_seen_at = COALESCE($3, last_seen_at) WHERE integration_id = $1 AND removed_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM stage_grants s WHERE s.run_id = $2 AND s.app_key = grants.app_key AND s.saas_id = grants.saas_id) RETURNING id`,
    [integrationId, runId, lastSync],
  );
  await tx.query(
    `INSERT INTO saas_users (integration_id, saas_id, name, email, role, active, suspended, first_seen_at, last_seen_at, removed_at)
     SELECT $1, saas_id, name, email, role, active, suspended, now(), now(), NULL FROM stage_users WHERE run_id = $2
     ON CONFLICT (integration_id, saas_id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role,
       active = excluded.active, suspended = excluded.suspended, last_seen_at = now(), removed_at = NULL
     WHERE saas_users.removed_at IS NOT NULL OR (saas_users.name, saas_users.email, saas_users.role, saas_users.active, saas_users.suspended)
       IS DISTINCT FROM (excluded.name, excluded.email, excluded.role, excluded.active, excluded.suspended)`,
    [integrationId, runId],
  );
  await tx.query(
    `UPDATE saas_users SET removed_at = now(), last_seen_at = COALESCE($3, last_seen_at) WHERE integration_id = $1 AND removed_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM stage_users s WHERE s.run_id = $2 AND s.saas_id = saas_users.saas_id)`,
    [integrationId, runId, lastSync],
  );
  await refreshUserRanks(tx, integrationId);
  await tx.query(
    'UPDATE integrations SET generation = generation + 1, last_sync_at = now(), updated_at = now() WHERE id = $1',
    [integrationId],
  );
  return { events, appsRemoved: appsRemoved.length, grantsRemoved: grantsRemoved.length };
}
