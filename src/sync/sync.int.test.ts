// The sync engine on each store engine: complete inventories, reconciliation only after complete runs, change
// events, and a previous inventory that survives every failure.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { revokeToken } from '../../sim/zendesk/tenant-index.ts';
import { closeTemplates, engines } from '../store/test-store.ts';
import { runSync } from './run-sync.ts';
import { liveCounts, type SyncFixture, syncFixture } from './test-support.ts';

afterAll(closeTemplates);

describe.each(engines())('sync on %s', (engine) => {
  let f: SyncFixture | null = null;
  afterEach(async () => {
    await f?.t.dispose();
    f = null;
  });
  const sync = (fx: SyncFixture) =>
    runSync(fx.deps, { integrationId: fx.integration.id, runId: null, trigger: 'manual', jobId: 'test' });

  it('stores the complete inventory the simulator holds', async () => {
    f = await syncFixture(engine);
    const outcome = await sync(f);
    expect(outcome.status).toBe('completed');
    const tenant = f.sim.tenant;
    const counts = await liveCounts(f);
    expect(counts.grants).toBe(
      tenant.tokens.length +
        tenant.apiTokens.length +
        tenant.webhooks.filter((w) => /^\d+$/.test(w.createdBy)).length,
    );
    const referenced = new Set(tenant.tokens.map((t) => t.userId));
    expect(counts.users).toBe(referenced.size);
    const clients = new Set(tenant.tokens.map((t) => t.clientId));
    for (const c of tenant.localClients) clients.add(c.id);
    for (const c of tenant.globalClients) clients.add(c.id);
    expect(counts.apps).toBe(
      clients.size + tenant.installations.length + tenant.apiTokens.length + tenant.webhooks.length,
    );
    const [integration] = await f.t.store.query<{ status: string; generation: number }>(
      'SELECT status, generation FROM integrations WHERE id = $1',
      [f.integration.id],
    );
    expect(integration).toMatchObject({ generation: 1 });
    const [app] = await f.t.store.query<{ risk_level: string; user_count: number; scopes: string[] }>(
      "SELECT risk_level, user_count, scopes FROM apps WHERE integration_id = $1 AND kind = 'marketplace_oauth_app' ORDER BY user_count DESC LIMIT 1",
      [f.integration.id],
    );
    expect(app?.user_count).toBeGreaterThan(0);
    expect(app?.scopes.length).toBeGreaterThan(0);
    const staged = await f.t.store.query<{ n: string }>(
      'SELECT (SELECT count(*) FROM stage_grants) + (SELECT count(*) FROM stage_apps) AS n',
    );
    expect(Number(staged[0]?.n)).toBe(0);
  });

  it('removes a revoked grant only after the next complete sync, and records the change', async () => {
    f = await syncFixture(engine);
    await sync(f);
    const victim = f.sim.tenant.tokens[10];
    if (!victim) throw new Error('no token');
    revokeToken(f.sim.tenant, victim.id);
    const before = await f.t.store.query(
      'SELECT removed_at FROM grants WHERE integration_id = $1 AND saas_id = $2',
      [f.integration.id, String(victim.id)],
    );
    expect(before[0]?.removed_at).toBeNull();
    expect((await sync(f)).status).toBe('completed');
    const after = await f.t.store.query(
      'SELECT removed_at FROM grants WHERE integration_id = $1 AND saas_id = $2',
      [f.integration.id, String(victim.id)],
    );
    expect(after[0]?.removed_at).not.toBeNull();
    const events = await f.t.store.query<{ type: string; subject: string }>(
      "SELECT type, subject FROM change_events WHERE integration_id = $1 AND type = 'grant_removed'",
      [f.integration.id],
    );
    expect(events).toEqual([{ type: 'grant_removed', subject: String(victim.userId) }]);
  });

  it('removes nothing and keeps the previous inventory when a sync fails on its last page', async () => {
    f = await syncFixture(engine);
    await sync(f);
    const before = await liveCounts(f);
    for (const t of f.sim.tenant.tokens.slice(0, 50)) revokeToken(f.sim.tenant, t.id);
    const pages = Math.ceil(f.sim.tenant.tokens.length / 100);
    f.sim.faults.add({ route: 'oauth.tokens', kind: '500', after: pages - 1 });
    const outcome = await sync(f);
    expect(outcome.status).toBe('failed');
    expect(await liveCounts(f)).toEqual(before);
    const [run] = await f.t.store.query<{ status: string; error_code: string }>(
      'SELECT status, error_code FROM sync_runs WHERE integration_id = $1 ORDER BY queued_at DESC LIMIT 1',
      [f.integration.id],
    );
    // A server error the retries could not get past is named for what it means, not as a bare HTTP status.
    expect(run).toEqual({ status: 'failed', error_code: 'tenant_unavailable' });
    expect(outcome).toMatchObject({ retriable: true });
    const [integration] = await f.t.store.query<{ status: string; generation: number }>(
      'SELECT status, generation FROM integrations WHERE id = $1',
      [f.integration.id],
    );
    expect(integration).toMatchObject({ status: 'warning', generation: 1 });
    f.sim.faults.clear();
    expect((await sync(f)).status).toBe('completed');
    expect((await liveCounts(f)).grants).toBe(before.grants - 50);
  });

  it('fails as rate_limited, to be retried, when Zendesk keeps answering 429', async () => {
    f = await syncFixture(engine);
    f.sim.faults.add({ route: 'oauth.tokens', kind: '429', after: 1, param: 1 });
    const outcome = await sync(f);
    expect(outcome).toMatchObject({ status: 'failed', retriable: true, problem: { code: 'rate_limited' } });
    if (outcome.status === 'failed') expect(outcome.problem.message).toMatch(/HTTP 429.*rate limit/s);
  });

  it('records app, scope and risk changes between complete runs', async () => {
    f = await syncFixture(engine);
    await sync(f);
    const tenant = f.sim.tenant;
    const local = tenant.localClients[0];
    if (!local) throw new Error('no client');
    const token = tenant.tokens.find((t) => t.clientId === local.id);
    if (!token) throw new Error('no token for the first client');
    token.scopes = [...token.scopes, 'impersonate', 'write'];
    tenant.webhooks.push({
      ...tenant.webhooks[0],
      id: '01ZZZZZZZZZZZZZZZZZZZZZZZZ',
      name: 'New exfil hook',
    } as (typeof tenant.webhooks)[number]);
    await sync(f);
    const events = await f.t.store.query<{ type: string; app_key: string }>(
      'SELECT type, app_key FROM change_events WHERE integration_id = $1',
      [f.integration.id],
    );
    const types = events.map((e) => `${e.type}:${e.app_key}`);
    expect(types).toContain(`scopes_expanded:oauth_client:${local.id}`);
    expect(types).toContain('app_added:webhook:01ZZZZZZZZZZZZZZZZZZZZZZZZ');
  });

  it('fails a sync whose credential was revoked, with the reason, and keeps the inventory', async () => {
    f = await syncFixture(engine);
    await sync(f);
    const before = await liveCounts(f);
    for (const t of f.sim.tenant.apiTokens) t.active = false;
    const outcome = await sync(f);
    expect(outcome).toMatchObject({
      status: 'failed',
      retriable: false,
      problem: { code: 'bad_credentials' },
    });
    expect(await liveCounts(f)).toEqual(before);
    const [integration] = await f.t.store.query<{ status: string; status_code: string }>(
      'SELECT status, status_code FROM integrations WHERE id = $1',
      [f.integration.id],
    );
    expect(integration).toEqual({ status: 'failure', status_code: 'bad_credentials' });
  });

  // Found by the fault campaign: a first page served again under a new cursor reached reconcile twice and crashed it.
  it('fails cleanly, changing nothing, when the server serves a page twice under two cursors', async () => {
    f = await syncFixture(engine);
    await sync(f);
    const before = await liveCounts(f);
    f.sim.faults.add({ route: 'webhooks', kind: 'loop-cursor', times: 1 });
    const outcome = await sync(f);
    expect(outcome).toMatchObject({
      status: 'failed',
      retriable: true,
      problem: { code: 'pagination_loop' },
    });
    expect(await liveCounts(f)).toEqual(before);
  });

  it('never stores a credential in plaintext', async () => {
    f = await syncFixture(engine);
    await sync(f);
    const rows = await f.t.store.query<{ ciphertext: string; sanitized: unknown }>(
      'SELECT ciphertext, sanitized FROM credentials',
    );
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows);
    const secret = f.sim.tenant.credentials.apiToken;
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(Buffer.from(secret).toString('base64'));
  });
});
