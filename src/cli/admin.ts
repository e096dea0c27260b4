// `grantscope admin create --email <e> [--name <n>]`: makes an admin account without a running server (first admin
// without the setup URL, or a way back in). The password comes from GRANTSCOPE_ADMIN_PASSWORD or stdin, never argv,
// which other users of the machine can read.
import { parseArgs } from 'node:util';
import { audit } from '../api/audit.ts';
import { Email, insertAccount, Name } from '../api/auth/accounts.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../api/auth/secrets.ts';
import { loadConfig } from '../config.ts';
import { openStore } from '../store/db.ts';
import { type CliIo, processIo, UsageError } from './cli-io.ts';
import { readSecret } from './read-secret.ts';

export const ADMIN_USAGE = `Usage: grantscope admin create --email <email> [--name <name>]

  The password is read from GRANTSCOPE_ADMIN_PASSWORD, else from stdin (first line; typed hidden on a terminal).
  At least ${MIN_PASSWORD_LENGTH} characters.
`;

function readArgs(argv: string[]): { email: string; name: string } {
  const [sub, ...rest] = argv;
  if (sub !== 'create')
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'name a subcommand: create');
  let values: { email?: string; name?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' } },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const email = Email.safeParse(values.email?.trim());
  if (!email.success) throw new UsageError('--email must be an email address');
  const name = Name.safeParse(values.name ?? email.data.split('@')[0]);
  if (!name.success) throw new UsageError('--name must be 1 to 200 characters');
  return { email: email.data, name: name.data };
}

async function readPassword(io: CliIo): Promise<string> {
  const password =
    io.env.GRANTSCOPE_ADMIN_PASSWORD ?? (io.stdin ? await readSecret(io.stdin, io.stderr) : '');
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UsageError(
      `the password must have at least ${MIN_PASSWORD_LENGTH} characters (GRANTSCOPE_ADMIN_PASSWORD or stdin)`,
    );
  if (password.length > 1024) throw new UsageError('the password must have at most 1024 characters');
  return password;
}

export async function runAdmin(argv: string[], io: CliIo = processIo()): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(ADMIN_USAGE);
    return 0;
  }
  try {
    const args = readArgs(argv);
    const passwordHash = await hashPassword(await readPassword(io));
    const config = loadConfig(io.env);
    const store = await openStore(config);
    try {
      const account = await store.transaction(async (tx) => {
        const created = await insertAccount(tx, { ...args, role: 'admin', passwordHash });
        if (!created) throw new UsageError(`an account with the email ${args.email} already exists`);
        await audit(tx, null, 'account.create', 'account', created.id, {
          email: created.email,
          role: 'admin',
          via: 'cli',
        });
        return created;
      });
      io.stdout.write(
        `Created admin ${account.email} (${account.id}). Sign in with this email and password.\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`grantscope admin: ${e.message}\n\n${ADMIN_USAGE}`);
    return 2;
  }
}
