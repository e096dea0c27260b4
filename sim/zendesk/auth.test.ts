// Authentication and authorization of the simulated Zendesk: bodies and headers as Zendesk sends them.
import { describe, expect, it } from 'vitest';
import { createZendeskSimulator } from './server.ts';
import { adminAuth, agentAuth, basicAuth, call } from './test-support.ts';

const sim = createZendeskSimulator({ seed: 11, users: 120, tokens: 300 });
const creds = sim.tenant.credentials;

describe('authentication', () => {
  it('answers a wrong API token with 401, the Zendesk body and a Basic challenge', async () => {
    const res = await call(sim, '/api/v2/users', basicAuth(creds.adminEmail, 'wrong-token'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "Couldn't authenticate you" });
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Web Password"');
  });

  it('refuses an unknown email even with a valid API token', async () => {
    const res = await call(sim, '/api/v2/users', basicAuth('nobody@example.com', creds.apiToken));
    expect(res.status).toBe(401);
  });

  it('refuses password authentication, which Zendesk retired', async () => {
    const header = `Basic ${Buffer.from(`${creds.adminEmail}:${creds.apiToken}`).toString('base64')}`;
    expect((await call(sim, '/api/v2/users', header)).status).toBe(401);
  });

  it('refuses a request without credentials on every endpoint but users/me', async () => {
    expect((await call(sim, '/api/v2/oauth/tokens', null)).status).toBe(401);
  });

  it('shows an anonymous placeholder user on users/me without credentials, as Zendesk does', async () => {
    const res = await call(sim, '/api/v2/users/me', null);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBeNull();
    expect(res.body.user.role).toBe('end-user');
  });

  it('identifies the admin on users/me with an API token, whichever user the token was made by', async () => {
    const admin = await call(sim, '/api/v2/users/me.json', adminAuth(sim));
    expect(admin.body.user).toMatchObject({
      email: creds.adminEmail,
      role: 'admin',
      active: true,
      suspended: false,
    });
    const agent = await call(sim, '/api/v2/users/me', agentAuth(sim));
    expect(agent.body.user).toMatchObject({ email: creds.agentEmail, role: 'agent' });
  });

  it('refuses a deactivated API token', async () => {
    const inactive = sim.tenant.apiTokens.find((t) => !t.active);
    expect(inactive).toBeDefined();
    const res = await call(sim, '/api/v2/users/me', basicAuth(creds.adminEmail, inactive?.token ?? ''));
    expect(res.status).toBe(401);
  });

  it('answers an unknown bearer token with 401 invalid_token', async () => {
    const res = await call(sim, '/api/v2/users/me', 'Bearer not-a-token');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_token');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('authorization', () => {
  it('forbids an agent every admin endpoint with the role-denial body', async () => {
    for (const path of [
      '/api/v2/oauth/clients',
      '/api/v2/oauth/global_clients',
      '/api/v2/oauth/tokens?all=true',
      '/api/v2/api_tokens',
      '/api/v2/webhooks',
      '/api/v2/audit_logs',
      '/api/v2/apps/owned',
    ]) {
      const res = await call(sim, path, agentAuth(sim));
      expect(res.status, path).toBe(403);
      expect(res.body.error.title, path).toBe('Forbidden');
    }
  });

  it('lets an agent list users and look them up', async () => {
    expect((await call(sim, '/api/v2/users', agentAuth(sim))).status).toBe(200);
    expect(
      (await call(sim, `/api/v2/users/show_many?ids=${sim.tenant.users[0]?.id}`, agentAuth(sim))).status,
    ).toBe(200);
  });

  it('forbids an end user from listing users', async () => {
    const endUser = sim.tenant.users.find((u) => u.role === 'end-user' && u.active && !u.suspended);
    const res = await call(sim, '/api/v2/users', basicAuth(endUser?.email ?? '', creds.apiToken));
    expect(res.status).toBe(403);
  });

  it('lets a suspended admin see that it is suspended, and nothing else', async () => {
    const local = createZendeskSimulator({ seed: 11, users: 120, tokens: 10 });
    const admin = local.tenant.usersByEmail.get(creds.adminEmail);
    if (!admin) throw new Error('no admin');
    admin.suspended = true;
    const me = await call(local, '/api/v2/users/me', adminAuth(local));
    expect(me.body.user.suspended).toBe(true);
    expect((await call(local, '/api/v2/oauth/clients', adminAuth(local))).status).toBe(403);
  });

  it('refuses audit logs outside the Enterprise plans', async () => {
    const team = createZendeskSimulator({ seed: 11, users: 20, tokens: 10, plan: 'team' });
    const res = await call(team, '/api/v2/audit_logs', adminAuth(team));
    expect(res.status).toBe(403);
    expect((await call(sim, '/api/v2/audit_logs', adminAuth(sim))).status).toBe(200);
  });
});
