// The `grantscope` command: dispatches to one file per subcommand.
import { runScan } from './scan.ts';
import { runSim } from './sim.ts';

const USAGE = `Usage: grantscope <command> [options]

Commands:
  scan zendesk  Inventory a Zendesk tenant's third-party apps once, with their risk (see: grantscope scan --help)
  sim zendesk   Run the Zendesk simulator (see: grantscope sim zendesk --help)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim':
      return runSim(rest);
    case 'scan':
      return runScan(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env });
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

const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
