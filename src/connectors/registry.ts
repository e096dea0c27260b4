// Every connector this server offers, keyed by SaaS id: adding one is a folder and a line here, and any lookup
// keyed by SaasId stops compiling until the new connector is complete.
import type { ScopeInfo } from '../core/domain.ts';
import type { HttpPlatform } from './http.ts';
import type { Capability, ConnectorSession, Problem, SaasId } from './types.ts';
import { zendeskConnector } from './zendesk/definition.ts';

export interface CredentialField {
  name: string;
  label: string;
  type: 'url' | 'email' | 'text' | 'secret';
  required: boolean;
  help: string;
}

export interface CredentialKindInfo {
  kind: string;
  label: string;
  description: string;
  /** False for kinds obtained by a consent flow rather than typed in. */
  enterable: boolean;
  fields: CredentialField[];
  notice?: Problem;
}

export interface SessionEnv {
  platform: HttpPlatform;
  allowedHosts: readonly string[];
  signal?: AbortSignal;
  /** A renewed credential (rotated refresh token) to persist before it is used; returns once saved. */
  onCredentialUpdate?: (plain: unknown, sanitized: unknown) => Promise<void>;
  /** Tuning of the shared HTTP client (tests and campaigns shorten timeouts and backoff). */
  http?: { timeoutMs?: number; maxRetries?: number; backoffBaseMs?: number; backoffCapMs?: number };
}

export interface ConnectorDefinition {
  id: SaasId;
  name: string;
  capabilities: Capability[];
  credentialKinds: CredentialKindInfo[];
  /** Validates a credential (typed input or decrypted storage) into the connector's own form. */
  parseCredential(
    input: unknown,
  ): { ok: true; credential: unknown; tenantUrl: string } | { ok: false; problem: Problem };
  sanitize(credential: unknown): unknown;
  /** The plain form, secrets included, for encryption at rest only. */
  reveal(credential: unknown): unknown;
  createSession(credential: unknown, env: SessionEnv): ConnectorSession;
  lookupScope(scope: string): ScopeInfo;
  /** The consent flow ("Connect with …"), when the SaaS offers one. */
  oauth?: {
    newPkce(): { verifier: string; challenge: string; state: string };
    authorizeUrl(
      r: { tenantUrl: string; clientId: string; redirectUri: string },
      pkce: { challenge: string; state: string },
    ): string;
    exchangeCode(
      platform: HttpPlatform,
      x: {
        tenantUrl: string;
        clientId: string;
        redirectUri: string;
        code: string;
        verifier: string;
        clientSecret: string | null;
      },
    ): Promise<Record<string, unknown>>;
  };
}

export const CONNECTORS: Record<SaasId, ConnectorDefinition> = {
  zendesk: zendeskConnector,
};

export function connectorFor(saas: string): ConnectorDefinition | null {
  return Object.hasOwn(CONNECTORS, saas) ? CONNECTORS[saas as SaasId] : null;
}
