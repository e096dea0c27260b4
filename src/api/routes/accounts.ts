// Accounts of this server (admins only): list, create, change (name, role, disabled, password) and delete, never
// leaving the server without an active admin; every change is in the audit trail.
import { createRoute, z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import type { Sql } from '../../store/db.ts';
import { audit } from '../audit.ts';
import {
  Account,
  Email,
  findAccount,
  insertAccount,
  listAccounts,
  lockAccounts,
  Name,
  otherActiveAdmins,
  RoleSchema,
} from '../auth/accounts.ts';
import { requireActor, SESSION_COOKIE } from '../auth/middleware.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, sha256 } from '../auth/secrets.ts';
import type { App } from '../context.ts';
import { ApiError, ErrorBody, errorResponses, notFoundResponse } from '../errors.ts';

const Password = z.string().min(MIN_PASSWORD_LENGTH).max(1024);
const NewAccount = z.object({ email: Email, name: Name, role: RoleSchema, password: Password });
const AccountChange = z.object({
  name: Name.optional(),
  role: RoleSchema.optional(),
  disabled: z.boolean().optional(),
  password: Password.optional(),
});
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const conflict = { description: 'Conflict', content: { 'application/json': { schema: ErrorBody } } };
const one = (description: string) => ({ description, content: { 'application/json': { schema: Account } } });

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/accounts',
  tags: ['Accounts'],
  summary: 'List accounts (admin)',
  responses: {
    200: {
      description: 'Every account, oldest first',
      content: { 'application/json': { schema: z.object({ items: z.array(Account) }) } },
    },
    ...errorResponses,
  },
});

const createAccountRoute = createRoute({
  method: 'post',
  path: '/api/v1/accounts',
  tags: ['Accounts'],
  summary: 'Create an account (admin)',
  request: { body: { required: true, content: { 'application/json': { schema: NewAccount } } } },
  responses: { 201: one('The new account'), ...errorResponses, 409: conflict },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/api/v1/accounts/{id}',
  tags: ['Accounts'],
  summary: 'Change an account: name, role, disabled, password (admin)',
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: AccountChange } } },
  },
  responses: { 200: one('The account as changed'), ...errorResponses, ...notFoundResponse, 409: conflict },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/v1/accounts/{id}',
  tags: ['Accounts'],
  summary: 'Delete an account (admin)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses, ...notFoundResponse, 409: conflict },
});

const LAST_ADMIN =
  'This is the last active admin: make another account an admin first, so someone can still manage this server.';

/** Refuses a change that would leave no active admin; run under lockAccounts. */
async function keepAnAdmin(tx: Sql, target: Account, losesAdmin: boolean): Promise<void> {
  if (!losesAdmin || target.role !== 'admin' || target.disabled) return;
  if ((await otherActiveAdmins(tx, target.id)) === 0) throw new ApiError('conflict', LAST_ADMIN);
}

const notFound = (id: string) => new ApiError('not_found', `No account ${id}.`);

export function registerAccounts(app: App): void {
  app.openapi(listRoute, async (c) => {
    requireActor(c, 'admin');
    return c.json({ items: await listAccounts(c.get('deps').store) }, 200);
  });

  app.openapi(createAccountRoute, async (c) => {
    const actor = requireActor(c, 'admin');
    const { store } = c.get('deps');
    const { password, ...input } = c.req.valid('json');
    const passwordHash = await hashPassword(password);
    const account = await store.transaction(async (tx) => {
      const created = await insertAccount(tx, { ...input, passwordHash });
      if (!created)
        throw new ApiError('conflict', `An account with the email ${input.email} already exists.`, {
          field: 'email',
        });
      await audit(tx, actor, 'account.create', 'account', created.id, {
        email: created.email,
        role: created.role,
      });
      return created;
    });
    return c.json(account, 201);
  });

  app.openapi(updateRoute, async (c) => {
    const actor = requireActor(c, 'admin');
    const { store } = c.get('deps');
    const { id } = c.req.valid('param');
    const change = c.req.valid('json');
    const passwordHash = change.password === undefined ? null : await hashPassword(change.password);
    const cookie = getCookie(c, SESSION_COOKIE);
    const account = await store.transaction(async (tx) => {
      await lockAccounts(tx);
      const target = await findAccount(tx, id);
      if (!target) throw notFound(id);
      await keepAnAdmin(tx, target, change.role === 'viewer' || change.disabled === true);
      await tx.query(
        `UPDATE accounts SET name = COALESCE($2, name), role = COALESCE($3, role), disabled = COALESCE($4, disabled),
         password_hash = COALESCE($5, password_hash) WHERE id = $1`,
        [id, change.name ?? null, change.role ?? null, change.disabled ?? null, passwordHash],
      );
      if (change.disabled === true) await tx.query('DELETE FROM sessions WHERE account_id = $1', [id]);
      else if (passwordHash) {
        // A new password signs out every other browser of the account (the caller's own session stays).
        await tx.query('DELETE FROM sessions WHERE account_id = $1 AND id_hash <> $2', [
          id,
          cookie ? sha256(cookie) : '',
        ]);
      }
      const { password: _, ...shown } = change;
      await audit(tx, actor, 'account.update', 'account', id, {
        ...shown,
        ...(passwordHash && { passwordChanged: true }),
      });
      return (await findAccount(tx, id)) as Account;
    });
    return c.json(account, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const actor = requireActor(c, 'admin');
    const { store } = c.get('deps');
    const { id } = c.req.valid('param');
    await store.transaction(async (tx) => {
      await lockAccounts(tx);
      const target = await findAccount(tx, id);
      if (!target) throw notFound(id);
      await keepAnAdmin(tx, target, true);
      // Sessions go with the account (ON DELETE CASCADE).
      await tx.query('DELETE FROM accounts WHERE id = $1', [id]);
      await audit(tx, actor, 'account.delete', 'account', id, { email: target.email, role: target.role });
    });
    return c.body(null, 204);
  });
}
