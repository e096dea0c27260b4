// Every route of the API, each registered from its own file.
import type { App } from '../context.ts';
import { registerAccounts } from './accounts.ts';
import { registerApiKeys } from './api-keys.ts';
import { registerApps } from './apps.ts';
import { registerAudit } from './audit.ts';
import { registerAuth } from './auth.ts';
import { registerEvents } from './events.ts';
import { registerExports } from './exports.ts';
import { registerHealth } from './health.ts';
import { registerIntegrations } from './integrations.ts';
import { registerOAuthConnect } from './oauth-connect.ts';
import { registerSaasApplications } from './saas-applications.ts';
import { registerSummary } from './summary.ts';
import { registerUsers } from './users.ts';

export function registerRoutes(app: App): void {
  registerHealth(app);
  registerAuth(app);
  registerAccounts(app);
  registerApiKeys(app);
  registerAudit(app);
  registerSaasApplications(app);
  registerIntegrations(app);
  registerOAuthConnect(app);
  registerApps(app);
  registerUsers(app);
  registerEvents(app);
  registerSummary(app);
  registerExports(app);
}
