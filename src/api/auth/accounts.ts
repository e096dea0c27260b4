// Grantscope accounts (people who sign in): the response shape, which never holds the password hash, and the
// queries shared by the API, the first-run setup and the CLI.
import { z } from '@hono/zod-openapi';
import type { Sql } from '../../store/db.ts';
import type { Role } from '../context.ts';

export const RoleSchema = z.enum(['admin', 'viewer']).openapi('Role');

export const Account = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
  })
  .openapi('Account');
export type Account = z.infer<typeof Account>;

export const Email = z.email().max(320);
export const Name = z.string().trim().min(1).max(200);

interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  created_at: Date | string;
  last_login_at: Date | string | null;
}

/** The columns a response may show: never password_hash. */
const COLUMNS = 'id, email, name, role, disabled, created_at, last_login_at';

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    disabled: r.disabled,
    createdAt: iso(r.created_at),
    lastLoginAt: r.last_login_at === null ? null : iso(r.last_login_at),
  };
}

export async function listAccounts(db: Sql): Promise<Account[]> {
  const rows = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts ORDER BY created_at, id`);
  return rows.map(toAccount);
}

export async function findAccount(db: Sql, id: string): Promise<Account | null> {
  const [row] = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]);
  return row ? toAccount(row) : null;
}

/** The new account, or null when the email is taken (emails are unique without regard to case). */
export async function insertAccount(
  db: Sql,
  input: { email: string; name: string; role: Role; passwordHash: string },
): Promise<Account | null> {
  const [row] = await db.query<AccountRow>(
    `INSERT INTO accounts (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [input.email.toLowerCase(), input.name, input.role, input.passwordHash],
  );
  return row ? toAccount(row) : null;
}

export async function hasAccounts(db: Sql): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM accounts LIMIT 1');
  return rows.length > 0;
}

// An arbitrary constant: the advisory lock that serializes account changes which must see a stable set of admins
// (first-run setup, demoting, disabling, deleting), so two concurrent requests cannot both pass the last-admin rule.
const ACCOUNTS_LOCK = 7_274_173;

/** Inside a transaction: held until it ends. */
export async function lockAccounts(tx: Sql): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ACCOUNTS_LOCK]);
}

/** Active admins other than `id`. */
export async function otherActiveAdmins(db: Sql, id: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM accounts WHERE role = 'admin' AND NOT disabled AND id <> $1",
    [id],
  );
  return row?.n ?? 0;
}
