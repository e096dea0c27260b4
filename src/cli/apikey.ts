// `grantscope apikey create --role admin|viewer --name <name>`: makes an API key without a running server (same
// database as the server) and prints it alone on stdout's last line, so scripts can capture it.
import { parseArgs } from 'node:util';
import { audit } from '../api/audit.ts';
import { RoleSchema } from '../api/auth/accounts.ts';
import { createApiKey } from '../api/auth/api-keys.ts';
import { loadConfig } from '../config.ts';
import { openStore } from '../store/db.ts';
import { type CliIo, processIo, UsageError } from './cli-io.ts';

export const APIKEY_USAGE = `Usage: grantscope apikey create --role admin|viewer --name <name>

  Prints the new key on the last line of stdout; it is shown only this once (only its hash is stored).
`;

function readArgs(argv: string[]): { name: string; role: 'admin' | 'viewer' } {
  const [sub, ...rest] = argv;
  if (sub !== 'create')
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'name a subcommand: create');
  let values: { role?: string; name?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' } } }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const role = RoleSchema.safeParse(values.role);
  if (!role.success) throw new UsageError('--role must be admin or viewer');
  const name = values.name?.trim();
  if (!name || name.length > 100) throw new UsageError('--name is required (at most 100 characters)');
  return { name, role: role.data };
}

export async function runApiKey(argv: string[], io: CliIo = processIo()): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(APIKEY_USAGE);
    return 0;
  }
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`grantscope apikey: ${e.message}\n\n${APIKEY_USAGE}`);
    return 2;
  }
  const config = loadConfig(io.env);
  const store = await openStore(config);
  try {
    const created = await store.transaction(async (tx) => {
      const k = await createApiKey(tx, { ...args, createdBy: null });
      await audit(tx, null, 'api_key.create', 'api_key', k.id, { ...args, prefix: k.prefix, via: 'cli' });
      return k;
    });
    io.stderr.write(
      `Created ${args.role} API key "${args.name}" (${created.id}). It is shown only this once; store it now:\n`,
    );
    io.stdout.write(`${created.key}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
