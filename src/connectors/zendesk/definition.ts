// The Zendesk connector as the registry sees it: capabilities, credential kinds with their form fields and setup
// help (so the UI renders the form from data), and the glue from stored credentials to a session.
import type { ConnectorDefinition } from '../registry.ts';
import { API_TOKEN_NOTICE, revealCredential, sanitizeCredential, ZendeskCredential } from './credentials.ts';
import { createZendeskSession } from './index.ts';
import { authorizeUrl, exchangeCode, newPkce } from './oauth-code.ts';
import { lookupScope } from './scopes.ts';
import { normalizeTenantUrl } from './tenant-url.ts';

const TENANT = {
  name: 'tenantUrl',
  label: 'Zendesk URL',
  type: 'url',
  required: true,
  help: 'Your account’s address, e.g. https://yourcompany.zendesk.com.',
} as const;

export const zendeskConnector: ConnectorDefinition = {
  id: 'zendesk',
  name: 'Zendesk',
  capabilities: ['third_party_apps'],
  credentialKinds: [
    {
      kind: 'oauth_client_credentials',
      label: 'OAuth client (recommended)',
      description:
        'A confidential OAuth client an admin created in Admin Center › Apps and integrations › APIs › OAuth clients. Grantscope requests read-only tokens and renews them itself.',
      enterable: true,
      fields: [
        TENANT,
        {
          name: 'clientId',
          label: 'Unique identifier',
          type: 'text',
          required: true,
          help: 'The client’s “Unique identifier” in Admin Center.',
        },
        {
          name: 'clientSecret',
          label: 'Secret',
          type: 'secret',
          required: true,
          help: 'Shown once when the client is created or its secret regenerated.',
        },
      ],
    },
    {
      kind: 'api_token',
      label: 'API token',
      description:
        'An admin’s email and an API token from Admin Center › Apps and integrations › APIs › API tokens. Zendesk retires API tokens on 2027-04-30.',
      enterable: true,
      notice: API_TOKEN_NOTICE,
      fields: [
        TENANT,
        {
          name: 'adminEmail',
          label: 'Admin email',
          type: 'email',
          required: true,
          help: 'The email of an active Zendesk admin: requests act as this user.',
        },
        {
          name: 'apiToken',
          label: 'API token',
          type: 'secret',
          required: true,
          help: 'Zendesk shows a token only when it is created.',
        },
      ],
    },
    {
      kind: 'oauth_authorization_code',
      label: 'Connect with Zendesk',
      description:
        'Sign in at Zendesk as an admin and approve read access; Grantscope keeps a rotating refresh token.',
      enterable: false,
      fields: [
        TENANT,
        {
          name: 'clientId',
          label: 'OAuth client identifier',
          type: 'text',
          required: true,
          help: 'The OAuth client whose redirect URL is this server’s /oauth/callback.',
        },
        {
          name: 'clientSecret',
          label: 'Secret (confidential clients)',
          type: 'secret',
          required: false,
          help: 'Needed for a confidential client; a public client uses PKCE alone.',
        },
      ],
    },
  ],
  parseCredential(input) {
    const parsed = ZendeskCredential.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'credential';
      return {
        ok: false,
        problem: { code: 'invalid_credential', message: `${field}: ${issue?.message ?? 'invalid'}`, field },
      };
    }
    return { ok: true, credential: parsed.data, tenantUrl: parsed.data.tenantUrl };
  },
  sanitize: (c) => sanitizeCredential(c as ZendeskCredential),
  reveal: (c) => revealCredential(c as ZendeskCredential),
  createSession(credential, env) {
    const c = credential as ZendeskCredential;
    return createZendeskSession(c, {
      platform: env.platform,
      allowedHosts: env.allowedHosts,
      ...(env.signal && { signal: env.signal }),
      ...(env.http && { http: env.http }),
      ...(env.onCredentialUpdate && {
        onCredentialUpdate: (next: ZendeskCredential) =>
          env.onCredentialUpdate?.(revealCredential(next), sanitizeCredential(next)),
      }),
    });
  },
  lookupScope,
  oauth: { newPkce, authorizeUrl, exchangeCode },
};

/** The tenant URL in its canonical form, or the problem with it. */
export { normalizeTenantUrl };
