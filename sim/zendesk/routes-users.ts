// Users endpoints: the caller, lists (cursor and offset), show_many (≤100 ids) and one user.
// https://developer.zendesk.com/api-reference/ticketing/users/users/
import type { Ctx, Route } from './context.ts';
import { intParam } from './context.ts';
import { badRequest, json, notFound } from './errors.ts';
import type { SimUser } from './model.ts';
import { paginate } from './pagination.ts';
import { anonymousUserJson, userJson } from './serialize.ts';

export const SHOW_MANY_LIMIT = 100;

function me(ctx: Ctx): Response {
  if (ctx.caller.kind === 'anonymous') return json({ user: anonymousUserJson() });
  return json({ user: { ...userJson(ctx.caller.user, ctx.origin), authenticity_token: 'sim-csrf-token' } });
}

function list(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  const roles = [...q.getAll('role[]'), ...q.getAll('role')];
  const items = ctx.tenant.users.filter((u) => u.active && (roles.length === 0 || roles.includes(u.role)));
  return paginate<SimUser>({
    url: ctx.url,
    root: 'users',
    items,
    key: (u) => u.id,
    order: 'asc',
    render: (u) => userJson(u, ctx.origin),
    fault: ctx.pageFault,
  });
}

function showMany(ctx: Ctx): Response {
  const raw = ctx.url.searchParams.get('ids');
  if (raw === null || raw.trim() === '') return badRequest('InvalidValue', 'ids parameter is required');
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length > SHOW_MANY_LIMIT) {
    return badRequest('TooManyValues', `You may not specify more than ${SHOW_MANY_LIMIT} ids`);
  }
  const includeDeleted = ctx.url.searchParams.get('include_deleted') === 'true';
  const found = new Map<number, SimUser>();
  for (const id of ids) {
    const user = /^\d+$/.test(id) ? ctx.tenant.usersById.get(Number(id)) : undefined;
    if (user && (user.active || includeDeleted)) found.set(user.id, user);
  }
  const users = [...found.values()].sort((a, b) => a.id - b.id);
  return json({
    users: users.map((u) => userJson(u, ctx.origin)),
    next_page: null,
    previous_page: null,
    count: users.length,
  });
}

function show(ctx: Ctx): Response {
  const id = intParam(ctx, 'id');
  const user = id === null ? undefined : ctx.tenant.usersById.get(id);
  return user ? json({ user: userJson(user, ctx.origin) }) : notFound();
}

export const userRoutes: Route[] = [
  {
    name: 'users.me',
    method: 'GET',
    path: '/api/v2/users/me',
    auth: 'optional',
    resource: 'users',
    access: 'read',
    handle: me,
  },
  {
    name: 'users.show_many',
    method: 'GET',
    path: '/api/v2/users/show_many',
    auth: 'agent',
    resource: 'users',
    access: 'read',
    handle: showMany,
  },
  {
    name: 'users.list',
    method: 'GET',
    path: '/api/v2/users',
    auth: 'agent',
    resource: 'users',
    access: 'read',
    handle: list,
  },
  {
    name: 'users.show',
    method: 'GET',
    path: '/api/v2/users/:id',
    auth: 'agent',
    resource: 'users',
    access: 'read',
    handle: show,
  },
];
