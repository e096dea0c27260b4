// What every API handler can reach: the caller, the request id, and the server's services.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { HttpPlatform } from '../connectors/http.ts';
import type { Store } from '../store/db.ts';
import type { Queue } from '../sync/queue.ts';
import type { Metrics } from './metrics.ts';

export type Role = 'admin' | 'viewer';

export interface Actor {
  kind: 'session' | 'api_key';
  id: string;
  label: string;
  role: Role;
  /** Cookie sessions only: the token state-changing requests must echo in X-CSRF-Token. */
  csrfToken: string | null;
}

export interface ApiDeps {
  store: Store;
  queue: Queue | null;
  platform: HttpPlatform;
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** Where the OAuth consent flow sends the browser back; derived from the request when unset. */
  publicUrl?: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    actor: Actor | null;
    deps: ApiDeps;
  };
}

export type App = OpenAPIHono<AppEnv>;
