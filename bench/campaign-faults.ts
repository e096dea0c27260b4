// Fault campaign: hundreds of syncs of simulated Zendesk tenants (200–3,000 grants) under random faults — 429 storms,
// 5xx, resets, timeouts, truncated or invalid JSON, looping cursors, foreign next links, credentials revoked and OAuth
// tokens expiring mid-sync — with the truth changed between runs; every run checked (test/campaign/checks.ts).
// Run: npm run campaign:faults -- [--runs 200] [--engine pglite|postgres] [--seed 1] [--database-url URL]
//      [--min-tokens 200] [--max-tokens 3000] [--runs-per-tenant 10] [--quiet]. Prints markdown tables; exits 1 when an invariant broke.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { runFaultCampaign } from '../test/campaign/fault-core.ts';
import { codesTable, outcomesTable, totalsTable, violationLines } from '../test/campaign/report.ts';
import { DEFAULT_DATABASE_URL } from '../test/campaign/store.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    engine: { type: 'string', default: 'pglite' },
    seed: { type: 'string', default: '1' },
    'database-url': { type: 'string', default: process.env.CAMPAIGN_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    'min-tokens': { type: 'string', default: '200' },
    'max-tokens': { type: 'string', default: '3000' },
    'runs-per-tenant': { type: 'string', default: '10' },
    quiet: { type: 'boolean', default: false },
  },
  strict: true,
});
const engine = values.engine;
if (engine !== 'pglite' && engine !== 'postgres') throw new Error('--engine must be pglite or postgres');
const runs = Number(values.runs);
const seed = Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed))
  throw new Error('--runs and --seed take integers');

const cmd = `npm run campaign:faults -- --engine ${engine} --seed ${seed} --runs ${runs} --min-tokens ${values['min-tokens']} --max-tokens ${values['max-tokens']} --runs-per-tenant ${values['runs-per-tenant']}`;
process.stdout.write(
  `# Fault campaign: ${runs} syncs on ${engine}, seed ${seed}, ${cpus().length} cores, ${new Date().toISOString()}\n\n`,
);
const result = await runFaultCampaign({
  runs,
  engine,
  seed,
  databaseUrl: values['database-url'],
  minTokens: Number(values['min-tokens']),
  maxTokens: Number(values['max-tokens']),
  runsPerTenant: Number(values['runs-per-tenant']),
  onRun: (r) => {
    if (values.quiet && r.violations.length === 0) return;
    process.stderr.write(
      `#${r.index} ${r.tenant} ${r.tokens}t ${r.credential} ${r.scenario.kind} → ${r.status}${r.code ? ` ${r.code}` : ''} ${Math.round(r.ms)} ms${r.violations.length ? ` VIOLATIONS: ${r.violations.map((v) => v.kind).join(',')}` : ''}\n`,
    );
  },
});
const { records } = result;
const tenants = result.tenants.map(
  (t) => `${t.name} ${t.tokens} (${t.kind === 'api_token' ? 'API token' : 'OAuth'})`,
);
process.stdout.write(`Tenants (grants at start): ${tenants.join(', ')}\n\n`);
process.stdout.write(`## Outcomes by fault kind\n\n${outcomesTable(records)}\n\n`);
process.stdout.write(`## Error codes of failed runs\n\n${codesTable(records)}\n\n`);
process.stdout.write(`## Invariants\n\n${totalsTable(records, result.ms)}\n\n`);
const broken = violationLines(records, () => cmd);
if (broken.length > 0) {
  process.stdout.write(`## Violations\n\n${broken.join('\n')}\n`);
  process.exitCode = 1;
} else process.stdout.write('All invariants held.\n');
