// The `grantscope` command: dispatches to one file per subcommand.
import { runSim } from './sim.ts';

const USAGE = `Usage: grantscope <command> [options]

Commands:
  sim zendesk   Run the Zendesk simulator (see: grantscope sim zendesk --help)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'sim':
      return runSim(rest);
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

const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
