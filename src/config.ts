// Configuration from the environment, parsed once at start with clear errors; nothing else reads process.env.
import { resolve } from 'node:path';
import { z } from 'zod';
import { parseAllowedHosts } from './connectors/zendesk/tenant-url.ts';

/** A whole number in a range, with one sentence for every way to miss it (not "expected number, received NaN"). */
const whole = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const HOST_PORT =
  /^([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/;

export const ConfigSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .regex(
      /^postgres(ql)?:\/\//,
      'must be a postgres:// URL, like postgres://user:password@host:5432/grantscope',
    )
    .optional(),
  GRANTSCOPE_DATA_DIR: z.string().trim().min(1).default('./data'),
  GRANTSCOPE_SECRET_KEY: z.string().trim().optional(),
  GRANTSCOPE_ALLOWED_TENANT_HOSTS: z
    .string()
    .optional()
    .refine(
      (v) => parseAllowedHosts(v).every((h) => HOST_PORT.test(h)),
      'must be comma-separated host or host:port entries, without a scheme or path (e.g. localhost:4010)',
    ),
  PORT: whole(0, 65_535).default(8080),
  GRANTSCOPE_HOST: z.string().trim().min(1).default('127.0.0.1'),
  GRANTSCOPE_PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be the http(s) URL browsers use, like https://grantscope.example.com',
    })
    .optional(),
  GRANTSCOPE_SYNC_INTERVAL_MINUTES: whole(5, 10_080).default(360),
  GRANTSCOPE_WORKER_CONCURRENCY: whole(1, 64).default(2),
  GRANTSCOPE_STALE_DAYS: whole(1, 3650).default(90),
  GRANTSCOPE_ABANDONED_RUN_SECONDS: whole(1, 86_400).default(90),
  GRANTSCOPE_SHUTDOWN_GRACE_SECONDS: whole(0, 3600).default(20),
  GRANTSCOPE_WORKER_HEALTH: z.enum(['on', 'off'], { error: 'must be on or off' }).default('off'),
  GRANTSCOPE_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

export interface Config {
  databaseUrl: string | null;
  dataDir: string;
  secretKey: string | null;
  allowedHosts: string[];
  port: number;
  host: string;
  /** The URL browsers use to reach this server (for the OAuth redirect); the request's origin when unset. */
  publicUrl: string | null;
  syncIntervalMinutes: number;
  workerConcurrency: number;
  staleDays: number;
  /** A running sync without a heartbeat for this long belongs to a dead worker. */
  abandonedAfterSeconds: number;
  /** On SIGTERM, how long in-flight syncs may run on before they are stopped and queued again. */
  shutdownGraceSeconds: number;
  /** `grantscope worker` answers /healthz and /readyz on PORT (off by default: serve may hold that port). */
  workerHealth: boolean;
  logLevel: z.infer<typeof ConfigSchema>['GRANTSCOPE_LOG_LEVEL'];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: resolve(e.GRANTSCOPE_DATA_DIR),
    secretKey: e.GRANTSCOPE_SECRET_KEY ?? null,
    allowedHosts: parseAllowedHosts(e.GRANTSCOPE_ALLOWED_TENANT_HOSTS),
    port: e.PORT,
    host: e.GRANTSCOPE_HOST,
    publicUrl: e.GRANTSCOPE_PUBLIC_URL?.replace(/\/$/, '') ?? null,
    syncIntervalMinutes: e.GRANTSCOPE_SYNC_INTERVAL_MINUTES,
    workerConcurrency: e.GRANTSCOPE_WORKER_CONCURRENCY,
    staleDays: e.GRANTSCOPE_STALE_DAYS,
    abandonedAfterSeconds: e.GRANTSCOPE_ABANDONED_RUN_SECONDS,
    shutdownGraceSeconds: e.GRANTSCOPE_SHUTDOWN_GRACE_SECONDS,
    workerHealth: e.GRANTSCOPE_WORKER_HEALTH === 'on',
    logLevel: e.GRANTSCOPE_LOG_LEVEL,
  };
}
