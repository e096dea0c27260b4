// Words and colours the console uses for the domain's codes: app kinds, risk levels, categories, statuses.
import type { AppKind, Category, IntegrationStatus, RiskLevel } from './api/types.ts';

export const KIND_LABEL: Record<AppKind, string> = {
  custom_oauth_app: 'Custom',
  marketplace_oauth_app: 'Marketplace',
  installed_app: 'Installed app',
  api_token: 'API token',
  webhook: 'Webhook',
};

export const KIND_HELP: Record<AppKind, string> = {
  custom_oauth_app: 'An OAuth client created in this tenant (a local OAuth app).',
  marketplace_oauth_app: 'An app from the Zendesk Marketplace that users signed in to with OAuth.',
  installed_app: 'An app installed through the Zendesk apps framework.',
  api_token: 'An API token: full access as whoever uses it.',
  webhook: 'A webhook: sends tenant data to an outside address.',
};

export const KINDS = Object.keys(KIND_LABEL) as AppKind[];

export const RISK_LEVELS: readonly RiskLevel[] = ['critical', 'high', 'medium', 'low'];

export const RISK_COLOR: Record<RiskLevel, string> = {
  critical: 'red',
  high: 'orange',
  medium: 'yellow',
  low: 'teal',
};

export const RISK_LABEL: Record<RiskLevel, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

// Narrowest to broadest access, Unknown last (the order of src/core/categories.ts).
export const CATEGORIES: readonly Category[] = [
  'Basic Profile and Presence',
  'Collaboration and Communication',
  'Content and Knowledge',
  'Directory and App Mgmt',
  'Automation and Integrations',
  'Security and Compliance',
  'Full Account Access',
  'Unknown',
];

export const STATUS_LABEL: Record<IntegrationStatus, string> = {
  connected: 'Connected',
  syncing: 'Syncing',
  warning: 'Warning',
  failure: 'Failure',
  disabled: 'Disabled',
};

export const STATUS_COLOR: Record<IntegrationStatus, string> = {
  connected: 'green',
  syncing: 'blue',
  warning: 'yellow',
  failure: 'red',
  disabled: 'gray',
};

export const CAPABILITY_LABEL: Record<string, string> = { third_party_apps: 'Third Party Apps' };

export const CREDENTIAL_LABEL: Record<string, string> = {
  api_token: 'API token',
  oauth_client_credentials: 'OAuth client',
  oauth_authorization_code: 'Connect with Zendesk (OAuth)',
};
