// `npm run demo`: a simulated Zendesk tenant, the server with its worker on a fresh embedded database, an admin
// account and a Zendesk integration pointed at the simulator — the Plugins page fills within seconds.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createZendeskSimulator } from '../../sim/zendesk/server.ts';
import { hashPassword } from '../api/auth/secrets.ts';
import { loadConfig } from '../config.ts';
import { createIntegration } from '../services/integrations.ts';
import { startServer } from './serve.ts';

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, tokens: { type: 'string' }, users: { type: 'string' } },
    strict: true,
  });
  const sim = createZendeskSimulator({
    seed: 42,
    users: Number(values.users ?? 2000),
    tokens: Number(values.tokens ?? 10_000),
    localClients: 24,
    globalClients: 40,
    installations: 10,
    webhooks: 8,
    // Dates relative to today, so "last used" and staleness look like a live tenant's.
    referenceTime: Date.now(),
    rateLimit: 2500,
  });
  const simServer = await sim.listen(0, '127.0.0.1');
  const simHost = new URL(simServer.url).host;
  const dataDir = resolve(process.env.GRANTSCOPE_DATA_DIR ?? './data', 'demo');
  // Demo data is disposable: every demo starts from an empty database.
  rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    ...process.env,
    GRANTSCOPE_DATA_DIR: dataDir,
    GRANTSCOPE_ALLOWED_TENANT_HOSTS: [process.env.GRANTSCOPE_ALLOWED_TENANT_HOSTS, simHost]
      .filter(Boolean)
      .join(','),
    PORT: values.port ?? process.env.PORT ?? '8080',
    GRANTSCOPE_LOG_LEVEL: process.env.GRANTSCOPE_LOG_LEVEL ?? 'warn',
  });
  const server = await startServer(config);
  const { store, queue, deps } = server.runtime;
  const email = 'admin@grantscope.local';
  const password = randomBytes(12).toString('base64url');
  await store.query(
    "INSERT INTO accounts (email, name, role, password_hash) VALUES ($1, 'Demo Admin', 'admin', $2)",
    [email, await hashPassword(password)],
  );
  const created = await createIntegration(
    {
      store,
      queue,
      platform: deps.platform,
      allowedHosts: config.allowedHosts,
      defaultScheduleMinutes: config.syncIntervalMinutes,
    },
    {
      saas: 'zendesk',
      capabilities: ['third_party_apps'],
      name: 'Zendesk · acme (simulated)',
      credential: {
        kind: 'api_token',
        tenantUrl: simServer.url,
        adminEmail: sim.tenant.credentials.adminEmail,
        apiToken: sim.tenant.credentials.apiToken,
      },
    },
  );
  if (!created.ok) throw new Error(`The demo integration could not be created: ${created.problem.message}`);
  const lines = [
    '',
    `  Grantscope is running at ${server.url}`,
    `  Sign in as ${email} with password ${password}`,
    '',
    `  Simulated Zendesk tenant: ${simServer.url} (${sim.tenant.tokens.length.toLocaleString('en')} OAuth grants, ${sim.tenant.users.length.toLocaleString('en')} users)`,
    `  To connect it yourself: Zendesk URL ${simServer.url}, admin email ${sim.tenant.credentials.adminEmail},`,
    `  API token ${sim.tenant.credentials.apiToken} — or OAuth client ${sim.tenant.credentials.clientId} / ${sim.tenant.credentials.clientSecret}`,
    `  Data folder: ${join(dataDir)}. Press Ctrl+C to stop.`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await new Promise<void>((resolveStop) => {
    process.once('SIGTERM', resolveStop);
    process.once('SIGINT', resolveStop);
  });
  await server.close();
  await simServer.close();
  return 0;
}
