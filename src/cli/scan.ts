// `grantscope scan zendesk`: a one-off inventory of a tenant's third-party access, with explained risk, on stdout.
// Secrets come from the environment only (never argv, which other users of the machine can read).
import { parseArgs } from 'node:util';
import { ConnectorError, toProblem } from '../connectors/errors.ts';
import { HttpError, type HttpPlatform, systemPlatform } from '../connectors/http.ts';
import type { Problem } from '../connectors/types.ts';
import { ZendeskCredential } from '../connectors/zendesk/credentials.ts';
import { createZendeskSession } from '../connectors/zendesk/index.ts';
import { lookupScope } from '../connectors/zendesk/scopes.ts';
import { parseAllowedHosts } from '../connectors/zendesk/tenant-url.ts';
import { type Format, type ScanSummary, writeCsv, writeJson, writeTable } from '../scan/format.ts';
import { createProgress } from '../scan/progress.ts';
import { buildReport } from '../scan/report.ts';
import { Spill } from '../scan/spill.ts';

export const SCAN_USAGE = `Usage: grantscope scan zendesk --tenant-url <url> (--admin-email <email> | --client-id <identifier>)
                              [--format table|json|csv] [--stale-days <n>]

  API token:          --admin-email <email>, the token in ZENDESK_API_TOKEN
  OAuth client:       --client-id <identifier>, the secret in ZENDESK_CLIENT_SECRET
  Exit codes: 0 done · 2 bad usage or input · 3 credentials refused or not an admin · 4 tenant unreachable · 1 other
`;

export const EXIT = { ok: 0, failure: 1, usage: 2, credentials: 3, unreachable: 4 } as const;

const CREDENTIAL_CODES = new Set([
  'bad_credentials',
  'not_admin',
  'account_suspended',
  'missing_read_scope',
  'reauthorization_required',
]);
const TENANT_CODES = new Set([
  'tenant_unreachable',
  'tenant_not_found',
  'tenant_unavailable',
  'network',
  'timeout',
]);

export function exitCodeFor(problem: Problem): number {
  if (problem.code === 'invalid_tenant_url') return EXIT.usage;
  if (CREDENTIAL_CODES.has(problem.code)) return EXIT.credentials;
  if (TENANT_CODES.has(problem.code)) return EXIT.unreachable;
  return EXIT.failure;
}

/**
 * After a successful verify, the same meaning as verify gives them: a 401 is a credential revoked meanwhile (3),
 * and a 429, 5xx or network failure that outlasted every retry is the tenant being unavailable (4).
 */
function exitCodeForFailure(error: unknown, problem: Problem): number {
  if (error instanceof HttpError && error.status === 401) return EXIT.credentials;
  if (error instanceof HttpError && error.retriable) return EXIT.unreachable;
  return exitCodeFor(problem);
}

export interface ScanIo {
  stdout: NodeJS.WritableStream & import('node:stream').Writable;
  stderr: { isTTY?: boolean; write(s: string): boolean };
  env: Record<string, string | undefined>;
  platform?: HttpPlatform;
}

class Usage extends Error {}

function readArgs(argv: string[], env: ScanIo['env']) {
  const [saas, ...rest] = argv;
  if (saas !== 'zendesk')
    throw new Usage(
      saas ? `unknown SaaS "${saas}" (only "zendesk" can be scanned)` : 'name the SaaS to scan: zendesk',
    );
  const { values } = parseArgs({
    args: rest,
    options: {
      'tenant-url': { type: 'string' },
      'admin-email': { type: 'string' },
      'client-id': { type: 'string' },
      format: { type: 'string', default: 'table' },
      'stale-days': { type: 'string' },
      'api-token': { type: 'string' },
      'client-secret': { type: 'string' },
    },
    strict: true,
  });
  if (values['api-token'] || values['client-secret']) {
    throw new Usage(
      'secrets are read from the environment (ZENDESK_API_TOKEN, ZENDESK_CLIENT_SECRET), never from the command line, where other users of this machine can see them',
    );
  }
  const format = values.format as Format;
  if (!['table', 'json', 'csv'].includes(format))
    throw new Usage(`--format must be table, json or csv, not "${values.format}"`);
  if (!values['tenant-url'])
    throw new Usage('--tenant-url is required, e.g. --tenant-url https://yourcompany.zendesk.com');
  const staleDays = values['stale-days'] === undefined ? undefined : Number(values['stale-days']);
  if (staleDays !== undefined && !(Number.isInteger(staleDays) && staleDays > 0))
    throw new Usage('--stale-days must be a positive whole number');
  let input: unknown;
  if (values['admin-email'] && values['client-id'])
    throw new Usage('give either --admin-email (API token) or --client-id (OAuth client), not both');
  if (values['admin-email']) {
    if (!env.ZENDESK_API_TOKEN) throw new Usage('set ZENDESK_API_TOKEN to the admin’s API token');
    input = {
      kind: 'api_token',
      tenantUrl: values['tenant-url'],
      adminEmail: values['admin-email'],
      apiToken: env.ZENDESK_API_TOKEN,
    };
  } else if (values['client-id']) {
    if (!env.ZENDESK_CLIENT_SECRET) throw new Usage('set ZENDESK_CLIENT_SECRET to the OAuth client’s secret');
    input = {
      kind: 'oauth_client_credentials',
      tenantUrl: values['tenant-url'],
      clientId: values['client-id'],
      clientSecret: env.ZENDESK_CLIENT_SECRET,
    };
  } else {
    throw new Usage(
      'give --admin-email (with ZENDESK_API_TOKEN) or --client-id (with ZENDESK_CLIENT_SECRET)',
    );
  }
  const parsed = ZendeskCredential.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Usage(`${String(issue?.path.join('.') ?? 'credential')}: ${issue?.message ?? 'invalid'}`);
  }
  return { credential: parsed.data, format, staleDays };
}

export async function runScan(argv: string[], io: ScanIo): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs(argv, io.env);
  } catch (e) {
    if (e instanceof Usage || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`grantscope scan: ${(e as Error).message}\n\n${SCAN_USAGE}`);
      return EXIT.usage;
    }
    throw e;
  }
  const platform = io.platform ?? systemPlatform();
  const started = platform.now();
  const session = createZendeskSession(args.credential, {
    platform,
    allowedHosts: parseAllowedHosts(io.env.GRANTSCOPE_ALLOWED_TENANT_HOSTS),
  });
  const progress = createProgress(io.stderr, platform.now);
  const verified = await session.verify();
  if (!verified.ok) {
    progress.done();
    io.stderr.write(`grantscope scan: ${verified.problem.message} [${verified.problem.code}]\n`);
    return exitCodeFor(verified.problem);
  }
  const tenantUrl = verified.account.tenantUrl;
  progress.start(tenantUrl);
  const spill = new Spill();
  try {
    for await (const record of session.inventory()) {
      spill.add(record);
      progress.update(spill.counts, session.stats().apiCalls);
    }
    spill.seal();
    const now = platform.now();
    for (const entry of spill.apps()) {
      const report = buildReport(entry, lookupScope, {
        now,
        ...(args.staleDays && { staleDays: args.staleDays }),
      });
      spill.setReport(report.key, report.risk.score, report.name, report);
    }
    const s = session.stats();
    const summary: ScanSummary = {
      tenantUrl,
      scannedAt: new Date(started).toISOString(),
      warnings: [...verified.account.warnings, ...spill.warnings().map((w) => JSON.parse(w) as Problem)].map(
        ({ code, message }) => ({ code, message }),
      ),
      stats: {
        apiCalls: s.apiCalls,
        retries: s.retries,
        rateLimitWaits: s.rateLimitWaits,
        durationMs: Math.round(platform.now() - started),
      },
    };
    progress.done(spill.counts, summary.stats);
    if (args.format === 'json') await writeJson(io.stdout, summary, spill);
    else if (args.format === 'csv') await writeCsv(io.stdout, spill);
    else await writeTable(io.stdout, summary, spill);
    return EXIT.ok;
  } catch (error) {
    progress.done();
    const problem = toProblem(error);
    if (!(error instanceof ConnectorError) && problem.code === 'internal_error') throw error;
    io.stderr.write(`grantscope scan: the scan stopped: ${problem.message} [${problem.code}]\n`);
    return exitCodeForFailure(error, problem);
  } finally {
    spill.close();
  }
}
