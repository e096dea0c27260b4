// `grantscope sim zendesk`: runs the simulated Zendesk on a port and prints its credentials as one JSON line.
import { parseArgs } from 'node:util';
import { parseFaults } from '../../sim/zendesk/faults.ts';
import type { Plan } from '../../sim/zendesk/model.ts';
import { createZendeskSimulator } from '../../sim/zendesk/server.ts';

const PLANS: readonly Plan[] = ['team', 'growth', 'professional', 'enterprise', 'enterprise_plus'];

export const SIM_USAGE = `Usage: grantscope sim zendesk [options]

  --port <p>               port to listen on (default 0: any free port)
  --host <h>               address to bind (default 127.0.0.1)
  --seed <n>               tenant seed (default 1): the same seed builds the same tenant
  --users <n>              users (default 200)
  --tokens <n>             OAuth tokens, i.e. grants (default 1000)
  --local-clients <n>      custom OAuth clients (default 8)
  --global-clients <n>     Marketplace OAuth clients (default 10)
  --plan <plan>            ${PLANS.join(' | ')} (default enterprise)
  --rate-limit <n>/<window>  requests per window, e.g. 700/60s or 12/1s (default: the plan's limit per minute)
  --faults <spec>          route=kind[:param][@probability][#times][+after], comma-separated
                           kinds: 429 500 502 503 reset slow truncate invalid-json loop-cursor foreign-next

When ready it prints one JSON line to stdout: {"url","adminEmail","apiToken","agentEmail","clientId","clientSecret"}.
`;

function fail(message: string): never {
  throw new UsageError(message);
}

class UsageError extends Error {}

function count(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

export function parseRateLimit(value: string): { limit: number; windowMs: number } {
  const m = /^(\d+)\/(\d+)?(ms|s|m)$/.exec(value.trim());
  if (!m) fail(`--rate-limit must look like 700/60s, 12/1s or 700/m, got "${value}"`);
  const [, limit, amount, unit] = m as unknown as [string, string, string | undefined, 'ms' | 's' | 'm'];
  const windowMs = Number(amount ?? '1') * { ms: 1, s: 1000, m: 60_000 }[unit];
  if (Number(limit) < 1 || windowMs < 1)
    fail('--rate-limit needs at least 1 request per window of at least 1 ms');
  return { limit: Number(limit), windowMs };
}

export async function runSim(argv: string[]): Promise<number> {
  const [saas, ...rest] = argv;
  if (saas === '--help' || saas === '-h') {
    process.stdout.write(SIM_USAGE);
    return 0;
  }
  if (saas !== 'zendesk') {
    process.stderr.write(
      `grantscope sim: unknown SaaS "${saas ?? ''}" (only "zendesk" is simulated)\n\n${SIM_USAGE}`,
    );
    return 2;
  }
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        users: { type: 'string' },
        tokens: { type: 'string' },
        'local-clients': { type: 'string' },
        'global-clients': { type: 'string' },
        plan: { type: 'string' },
        'rate-limit': { type: 'string' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(SIM_USAGE);
      return 0;
    }
    const plan = values.plan ?? 'enterprise';
    if (!(PLANS as readonly string[]).includes(plan))
      fail(`--plan must be one of ${PLANS.join(', ')}, got "${plan}"`);
    const rate = values['rate-limit'] ? parseRateLimit(values['rate-limit']) : undefined;
    let faults: ReturnType<typeof parseFaults> | undefined;
    try {
      faults = values.faults ? parseFaults(values.faults) : undefined;
    } catch (e) {
      fail(`--faults: ${(e as Error).message}`);
    }
    const port = count(values.port, 'port') ?? 0;
    if (port > 65535) fail('--port must be at most 65535');
    const sim = createZendeskSimulator({
      seed: count(values.seed, 'seed') ?? 1,
      users: count(values.users, 'users'),
      tokens: count(values.tokens, 'tokens'),
      localClients: count(values['local-clients'], 'local-clients'),
      globalClients: count(values['global-clients'], 'global-clients'),
      plan: plan as Plan,
      ...(rate && { rateLimit: rate.limit, rateWindowMs: rate.windowMs }),
      ...(faults && { faults }),
    });
    const server = await sim.listen(port, values.host ?? '127.0.0.1');
    process.stdout.write(`${JSON.stringify({ url: server.url, ...sim.tenant.credentials })}\n`);
    const stop = () => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await new Promise(() => {});
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`grantscope sim zendesk: ${(e as Error).message}\n\n${SIM_USAGE}`);
      return 2;
    }
    if ((e as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`grantscope sim zendesk: the port is already in use; pick another with --port\n`);
      return 2;
    }
    throw e;
  }
}
