// Crash campaign: SIGKILL of `grantscope worker` processes on PostgreSQL at random points of N syncs, then SIGKILL of a
// whole embedded `grantscope serve` (PGlite) mid-sync, restarted each time. After each kill every inventory must equal
// its last complete run; after each restart the dead run is failed (worker_lost), retried to completion, and nothing is
// left running or staged.
// Run: npm run campaign:crash -- [--syncs 20] [--server-kills 20] [--seed 1] [--database-url URL] [--only workers|server]
// Prints markdown tables; exits 1 when an invariant broke.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { crashServer } from '../test/campaign/crash-server.ts';
import { type CrashResult, crashWorkers } from '../test/campaign/crash-workers.ts';
import { table } from '../test/campaign/report.ts';
import { DEFAULT_DATABASE_URL } from '../test/campaign/store.ts';

const { values } = parseArgs({
  options: {
    syncs: { type: 'string', default: '20' },
    'server-kills': { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    'database-url': { type: 'string', default: process.env.CAMPAIGN_DATABASE_URL ?? DEFAULT_DATABASE_URL },
    only: { type: 'string' },
  },
  strict: true,
});
const seed = Number(values.seed);
const out = (s: string) => process.stdout.write(`${s}\n`);

function print(title: string, r: CrashResult): void {
  out(`## ${title}\n`);
  out(
    table(
      [
        'kill',
        'sync of',
        'killed after (ms)',
        'where the run was',
        'inventories after the kill',
        'next start',
      ],
      r.rows.map((x) => [x.n + 1, x.target, x.delayMs, x.stage, x.inventory, x.recovered]),
    ),
  );
  const stages = new Map<string, number>();
  for (const x of r.rows) stages.set(x.stage, (stages.get(x.stage) ?? 0) + 1);
  out('');
  out(
    table(
      ['total', 'value'],
      [
        ...[...stages].map(([s, n]): [string, number] => [`kills: ${s}`, n]),
        ...r.summary,
        ['invariant violations', r.violations.length],
        ['wall time', `${(r.ms / 1000).toFixed(1)} s`],
      ],
    ),
  );
  out('');
  for (const v of r.violations) out(`VIOLATION ${v}`);
  if (r.violations.length > 0) out('');
}

out(`# Crash campaign: seed ${seed}, ${cpus().length} cores, ${new Date().toISOString()}\n`);
let broken = 0;
if (values.only !== 'server') {
  const r = await crashWorkers({ seed, syncs: Number(values.syncs), serverUrl: values['database-url'] });
  print(`SIGKILL of \`grantscope worker\` (PostgreSQL), ${values.syncs} syncs`, r);
  broken += r.violations.length;
}
if (values.only !== 'workers') {
  const r = await crashServer({ seed, kills: Number(values['server-kills']) });
  print(`SIGKILL of \`grantscope serve\` (embedded PGlite), ${values['server-kills']} kills`, r);
  broken += r.violations.length;
}
out(broken === 0 ? 'All invariants held.' : `${broken} invariant violations.`);
process.exitCode = broken === 0 ? 0 : 1;
