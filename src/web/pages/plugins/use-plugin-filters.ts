// The Plugins page's state, all of it in the URL query (filters, search, sort, page), so a view can be shared,
// bookmarked and reloaded; the list's API query and the export links are derived from it.
import { useMemo } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import type { AppKind, Category, RiskLevel } from '../../api/types.ts';

export const SORTS = ['risk', 'name', 'users', 'lastUsed', 'firstSeen'] as const;
export type Sort = (typeof SORTS)[number];
export type Order = 'asc' | 'desc';
/** The server's default direction of each sort (name ascends, the others descend). */
export const DEFAULT_ORDER: Record<Sort, Order> = {
  risk: 'desc',
  name: 'asc',
  users: 'desc',
  lastUsed: 'desc',
  firstSeen: 'desc',
};
export const PAGE_SIZES = ['25', '50', '100'];

export interface PluginFilters {
  integrationId: string | null;
  kind: AppKind[];
  risk: RiskLevel[];
  category: Category | null;
  stale: 'true' | 'false' | null;
  minUsers: number | null;
  q: string;
  sort: Sort;
  order: Order;
  limit: number;
  cursor: string | null;
  page: number;
}

const list = <T extends string>(v: string | null) => (v ? (v.split(',').filter(Boolean) as T[]) : []);
const FILTER_KEYS = ['integrationId', 'kind', 'risk', 'category', 'stale', 'minUsers', 'q'] as const;

export function readFilters(p: URLSearchParams): PluginFilters {
  const sort = (SORTS as readonly string[]).includes(p.get('sort') ?? '') ? (p.get('sort') as Sort) : 'risk';
  const order =
    p.get('order') === 'asc' || p.get('order') === 'desc' ? (p.get('order') as Order) : DEFAULT_ORDER[sort];
  const minUsers = Number(p.get('minUsers'));
  const limit = Number(p.get('limit'));
  const stale = p.get('stale');
  return {
    integrationId: p.get('integrationId'),
    kind: list<AppKind>(p.get('kind')),
    risk: list<RiskLevel>(p.get('risk')),
    category: (p.get('category') as Category | null) || null,
    stale: stale === 'true' || stale === 'false' ? stale : null,
    minUsers: p.get('minUsers') && Number.isInteger(minUsers) && minUsers >= 0 ? minUsers : null,
    q: p.get('q') ?? '',
    sort,
    order,
    limit: PAGE_SIZES.includes(String(limit)) ? limit : 50,
    cursor: p.get('cursor'),
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

/** The filter and sort parameters the API (list and exports) takes; `cursor` and `limit` only for the list. */
export function apiQuery(f: PluginFilters, withPage: boolean) {
  return {
    integrationId: f.integrationId,
    kind: f.kind,
    risk: f.risk,
    category: f.category,
    stale: f.stale,
    minUsers: f.minUsers,
    q: f.q.trim() || null,
    sort: f.sort,
    order: f.order,
    ...(withPage && { limit: f.limit, cursor: f.cursor }),
  };
}

export function usePluginFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  // Cursors of the pages before this one, kept in the history entry so Back and Previous both work; a page opened
  // from a bare link can only go back to the first.
  const state = useLocation().state as { prev?: (string | null)[] } | null;
  const previous = state?.prev ?? [];

  const update = (
    changes: Record<string, string | null>,
    opts: { keepPage?: boolean; replace?: boolean; prev?: (string | null)[] } = {},
  ) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!opts.keepPage) {
      next.delete('cursor');
      next.delete('page');
    }
    setParams(next, { replace: opts.replace ?? false, state: { prev: opts.prev ?? [] } });
  };

  return {
    filters,
    active: FILTER_KEYS.some((k) => params.has(k)),
    setFilter: (key: (typeof FILTER_KEYS)[number] | 'limit', value: string | null, replace = false) =>
      update({ [key]: value }, { replace }),
    setSort: (sort: Sort) => {
      const order = filters.sort === sort ? (filters.order === 'asc' ? 'desc' : 'asc') : DEFAULT_ORDER[sort];
      update({ sort: sort === 'risk' ? null : sort, order: order === DEFAULT_ORDER[sort] ? null : order });
    },
    clear: () => update(Object.fromEntries(FILTER_KEYS.map((k) => [k, null]))),
    next: (cursor: string) =>
      update(
        { cursor, page: String(filters.page + 1) },
        { keepPage: true, prev: [...previous, filters.cursor] },
      ),
    prev: () => {
      const cursor = previous.at(-1);
      if (cursor === undefined) return update({ cursor: null, page: null }, { keepPage: true });
      update(
        { cursor, page: filters.page > 2 ? String(filters.page - 1) : null },
        { keepPage: true, prev: previous.slice(0, -1) },
      );
    },
    first: () => update({}, {}),
  };
}
