// The `grantscope` command: dispatches to one file per subcommand, loaded only when used (a scan does not load the
// API server, and a start is faster).
import { ConfigError } from '../config.ts';
import { KeyError } from '../store/crypto.ts';
import { DataDirLockedError } from '../store/lock.ts';
import { tuneScan, tuneWorker } from './v8-tuning.ts';

const USAGE = `Usage: grantscope <command> [options]

Commands:
  demo          A simulated Zendesk, the server and a ready integration, on a fresh embedded database
  serve         Run the API (and, on the embedded database, the sync worker) [--port <p>]
  worker        Run sync workers (PostgreSQL: DATABASE_URL)
  admin create  Create an admin account: --email <e> [--name <n>] (password from GRANTSCOPE_ADMIN_PASSWORD or stdin)
  apikey create Create an API key: --role admin|viewer --name <n> (printed once, on the last line)
  migrate       Apply database migrations and exit
  backup <file> Back up the embedded database (stop the server first); restore <file> [--force] puts one back
  scan zendesk  Inventory a Zendesk tenant's third-party apps once, with their risk (see: grantscope scan --help)
  sim zendesk   Run the Zendesk simulator (see: grantscope sim zendesk --help)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim':
      return (await import('./sim.ts')).runSim(rest);
    case 'demo':
      return (await import('./demo.ts')).runDemo(rest);
    case 'serve':
      return (await import('./serve.ts')).runServe(rest);
    case 'worker':
      tuneWorker();
      return (await import('./worker.ts')).runWorker(rest);
    case 'backup':
      return (await import('./backup.ts')).runBackup(rest);
    case 'restore':
      return (await import('./backup.ts')).runRestore(rest);
    case 'apikey':
      return (await import('./apikey.ts')).runApiKey(rest);
    case 'admin':
      return (await import('./admin.ts')).runAdmin(rest);
    case 'migrate':
      return (await import('./migrate.ts')).runMigrate(rest);
    case 'scan':
      tuneScan();
      return (await import('./scan.ts')).runScan(rest, {
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
      });
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  // Expected start-up problems are explained in one sentence; anything else is a bug and keeps its stack.
  if (error instanceof ConfigError || error instanceof KeyError || error instanceof DataDirLockedError) {
    process.stderr.write(`grantscope: ${error.message}\n`);
    code = 2;
  } else throw error;
}
if (code !== 0) process.exitCode = code;
