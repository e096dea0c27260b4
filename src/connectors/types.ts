// The contract every SaaS connector implements: verify a credential, then stream the inventory.
import type { App, Grant, SaasUser } from '../core/domain.ts';

export type SaasId = 'zendesk';
export type Capability = 'third_party_apps';

/** An expected failure or warning, with a code for machines and a sentence a person can act on. */
export interface Problem {
  code: string;
  message: string;
  /** The credential field the problem is about, so a form can show it in the right place. */
  field?: string;
}

export interface VerifiedAccount {
  tenantUrl: string;
  user: { id: string; name: string | null; email: string | null; role: string | null };
  warnings: Problem[];
}

export type VerifyResult = { ok: true; account: VerifiedAccount } | { ok: false; problem: Problem };

export type InventoryRecord =
  | { type: 'app'; app: App }
  | { type: 'grant'; grant: Grant }
  | { type: 'user'; user: SaasUser }
  | { type: 'warning'; problem: Problem };

export interface RunStats {
  apiCalls: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

/** Platform access a connector needs, injected so tests hand it the simulator. */
export interface ConnectorEnv {
  fetch: typeof fetch;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  signal?: AbortSignal;
  /** Called with a renewed credential (e.g. a rotated refresh token) that the caller must persist. */
  onCredentialUpdate?: (credential: unknown) => Promise<void> | void;
}

export interface ConnectorSession {
  verify(): Promise<VerifyResult>;
  /** Records in a stream; memory is bounded by a page, whatever the tenant's size. */
  inventory(): AsyncGenerator<InventoryRecord>;
  stats(): RunStats;
}
