// The Zendesk OAuth scope catalog as data: each scope's category, risk, access and documentation page.
import type { Category, RiskLevel, ScopeAccess, ScopeInfo } from '../../core/domain.ts';
import { maxRiskLevel } from '../../core/risk-levels.ts';

export interface ZendeskScopeEntry {
  category: Category;
  risk: RiskLevel;
  access: ScopeAccess;
  description: string;
  docsUrl: string;
}

const DOCS = 'https://developer.zendesk.com/api-reference';
/** The list of scopes itself: https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_tokens/#scopes */
export const ZENDESK_SCOPES_URL = `${DOCS}/ticketing/oauth/oauth_tokens/#scopes`;

type Half = readonly [risk: RiskLevel, description: string];

// Zendesk's resource scopes share a category and a documentation page per resource; the halves differ in risk.
function resource(
  category: Category,
  docsUrl: string,
  halves: { read?: Half; write?: Half },
): Record<'read' | 'write', ZendeskScopeEntry | undefined> {
  const half = (access: 'read' | 'write', h: Half | undefined): ZendeskScopeEntry | undefined =>
    h && { category, risk: h[0], access, description: h[1], docsUrl };
  return { read: half('read', halves.read), write: half('write', halves.write) };
}

const COLLAB = 'Collaboration and Communication';
const CONTENT = 'Content and Knowledge';
const DIRECTORY = 'Directory and App Mgmt';
const AUTOMATION = 'Automation and Integrations';

// Levels: critical = can change the whole tenant or act as someone else; high = reads customer conversations,
// changes what customers receive, or routes data out; medium = personal data or settings that matter;
// low = little beyond configuration or public content. Resource pages are the ones the scopes list links to.
const RESOURCES = {
  tickets: resource(COLLAB, `${DOCS}/ticketing/tickets/tickets/`, {
    read: ['high', 'Read every ticket the user can see, with customer conversations and attachments.'],
    write: ['high', 'Create, update and delete tickets, and reply to customers by email in your name.'],
  }),
  users: resource(DIRECTORY, `${DOCS}/ticketing/users/users/`, {
    read: [
      'medium',
      'Read the user directory: names, emails, phone numbers and roles of agents and customers.',
    ],
    // Critical: an admin's token can promote users to admin or change their email and take the account over.
    write: ['critical', 'Create, change and delete users, including their roles and email addresses.'],
  }),
  auditlogs: resource('Security and Compliance', `${DOCS}/ticketing/account-configuration/audit_logs/`, {
    read: ['medium', 'Read the audit log: who changed what in the account, from which IP address.'],
  }),
  organizations: resource(DIRECTORY, `${DOCS}/ticketing/organizations/organizations/`, {
    read: ['low', 'Read organizations: names, domains, notes and custom fields.'],
    // Medium: an organization's domains decide which end users join it and may see its shared tickets.
    write: ['medium', 'Create, change and delete organizations, including their email domains.'],
  }),
  hc: resource(CONTENT, `${DOCS}/help_center/help-center-api/introduction/`, {
    read: ['low', 'Read Help Center content: articles, sections, community posts and comments.'],
    write: ['medium', 'Publish, change and delete Help Center content that customers read.'],
  }),
  apps: resource(DIRECTORY, `${DOCS}/apps/introduction/`, {
    read: ['medium', 'Read installed apps and their settings, which can hold keys for other services.'],
    // Critical: an uploaded private app runs in every agent's browser with that agent's session.
    write: ['critical', 'Upload, install, configure and remove apps that run inside the agent workspace.'],
  }),
  triggers: resource(AUTOMATION, `${DOCS}/ticketing/business-rules/triggers/`, {
    read: ['low', 'Read triggers: the rules that act on tickets when they change.'],
    write: [
      'high',
      'Create and change triggers, which can notify anyone and call webhooks with ticket data.',
    ],
  }),
  automations: resource(AUTOMATION, `${DOCS}/ticketing/business-rules/automations/`, {
    read: ['low', 'Read automations: the time-based rules that act on tickets.'],
    write: ['high', 'Create and change automations, which can notify targets and webhooks with ticket data.'],
  }),
  targets: resource(AUTOMATION, `${DOCS}/ticketing/targets/targets/`, {
    read: ['low', 'Read targets: the external services that rules can notify.'],
    write: ['high', 'Create and change targets, pointing notifications at any external service.'],
  }),
  webhooks: resource(AUTOMATION, `${DOCS}/webhooks/introduction/`, {
    read: ['low', 'Read webhooks: their destination URLs and the events they subscribe to.'],
    write: ['high', 'Create and change webhooks that send account events to any URL.'],
  }),
  macros: resource(COLLAB, `${DOCS}/ticketing/business-rules/macros/`, {
    read: ['low', 'Read macros: the canned replies and actions agents apply to tickets.'],
    write: ['medium', 'Create and change macros, and so the replies agents send to customers.'],
  }),
  requests: resource(COLLAB, `${DOCS}/ticketing/tickets/ticket-requests/`, {
    read: ['medium', 'Read requests: tickets as the requesting customer sees them, with public comments.'],
    write: ['medium', 'Create requests and add comments to them as the requester.'],
  }),
  satisfaction_ratings: resource(COLLAB, `${DOCS}/ticketing/ticket-management/satisfaction_ratings/`, {
    read: ['low', 'Read customer satisfaction ratings and their comments.'],
    write: ['low', 'Create satisfaction ratings on solved tickets.'],
  }),
  dynamic_content: resource(CONTENT, `${DOCS}/ticketing/ticket-management/dynamic_content/`, {
    read: ['low', 'Read dynamic content: the translated placeholders used in replies and rules.'],
    write: ['medium', 'Change dynamic content, and so text inserted into messages sent to customers.'],
  }),
  any_channel: resource(COLLAB, ZENDESK_SCOPES_URL, {
    write: ['medium', 'Push messages from an external channel into tickets (Channel framework).'],
  }),
  web_widget: resource(COLLAB, ZENDESK_SCOPES_URL, {
    write: [
      'medium',
      'Write through the Web Widget APIs; Zendesk does not detail its reach, so it is rated medium.',
    ],
  }),
  // ZIS scopes are documented by a third party (help.salto.io/en/articles/13427913), not yet in Zendesk's
  // scope list; they are cataloged so a grant with them is judged on what ZIS can do, not left Unknown.
  zis: resource(AUTOMATION, `${DOCS}/integration-services/registry/introduction/`, {
    read: ['medium', 'Read Zendesk Integration Services bundles, flows and the connections they use.'],
    write: ['high', 'Deploy integration flows that react to account events and call external services.'],
  }),
};

const FULL = 'Full Account Access';

/** Every scope in the catalog, keyed by its exact Zendesk spelling. */
export const ZENDESK_SCOPES: Readonly<Record<string, ZendeskScopeEntry>> = {
  // `read` stops short of critical because it cannot change anything or act as anyone, but it reads every
  // ticket, user and setting, the tenant's whole confidential content, so it is never below high.
  read: {
    category: FULL,
    risk: 'high',
    access: 'read',
    description: 'Read everything in the account: all tickets, users, organizations and settings.',
    docsUrl: ZENDESK_SCOPES_URL,
  },
  write: {
    category: FULL,
    risk: 'critical',
    access: 'write',
    description: "Create, change and delete anything in the account, within the granting user's role.",
    docsUrl: ZENDESK_SCOPES_URL,
  },
  impersonate: {
    category: FULL,
    risk: 'critical',
    access: 'impersonate',
    description: "Lets an admin's token make requests on behalf of any end user.",
    docsUrl: ZENDESK_SCOPES_URL,
  },
  ...Object.fromEntries(
    Object.entries(RESOURCES).flatMap(([name, halves]) =>
      Object.values(halves)
        .filter((e) => e !== undefined)
        .map((e) => [`${name}:${e.access}`, e]),
    ),
  ),
};

const UNKNOWN_DESCRIPTION =
  'Not in the Zendesk scope catalog: treated as high risk until someone reviews it.';

/**
 * Resolves one scope string; `scope` in the answer is always the normalized form. Accepted: surrounding whitespace, any letter case, and spaces around the colon
 * ("Tickets : READ" is tickets:read). A resource without an access part means read and write, as Zendesk
 * defines it. A string holding several scopes ("read write") is not split here (see splitScopes): it is Unknown.
 */
export function lookupScope(scope: string): ScopeInfo {
  const normalized = scope
    .trim()
    .toLowerCase()
    .replace(/\s*:\s*/g, ':');
  const known = ZENDESK_SCOPES[normalized];
  if (known) return { scope: normalized, ...known };
  if (/^[a-z_]+$/.test(normalized)) {
    const both = bareResource(normalized);
    if (both) return both;
  }
  return {
    scope: normalized,
    category: 'Unknown',
    risk: 'high',
    description: UNKNOWN_DESCRIPTION,
    docsUrl: ZENDESK_SCOPES_URL,
  };
}

/** Splits the space-separated form that Zendesk's grant endpoint and authorize URL use. */
export function splitScopes(scopes: string): string[] {
  return scopes.split(/\s+/).filter((s) => s.length > 0);
}

// The bare form gets the riskier of its two halves; write-only (any_channel) and read-only (auditlogs)
// resources resolve to the one half that exists.
function bareResource(resource: string): ScopeInfo | null {
  const read = ZENDESK_SCOPES[`${resource}:read`];
  const write = ZENDESK_SCOPES[`${resource}:write`];
  const halves = [read, write].filter((e): e is ZendeskScopeEntry => e !== undefined);
  const first = halves[0];
  if (first === undefined) return null;
  return {
    scope: resource,
    category: (write ?? first).category,
    risk: maxRiskLevel(halves.map((h) => h.risk)) ?? 'high',
    access: read && write ? 'read_write' : first.access,
    description: halves.map((h) => h.description).join(' '),
    docsUrl: first.docsUrl,
  };
}
