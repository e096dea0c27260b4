// Zendesk's two pagination styles over an ordered array: cursor (page[size]/page[after]) and offset
// (page/per_page, refused past the first 10,000 records). https://developer.zendesk.com/api-reference/introduction/pagination/
import { badRequest, json } from './errors.ts';

export const MAX_PAGE_SIZE = 100;
/** Offset pagination stops at 10,000 records (support article 5591904358938). */
export const OFFSET_RECORD_LIMIT = 10_000;

type Key = number | string;
export type PageFault = 'loop-cursor' | 'foreign-next' | null;

export interface PageSpec<T> {
  url: URL;
  root: string;
  items: readonly T[];
  key: (item: T) => Key;
  order: 'asc' | 'desc';
  render: (item: T) => unknown;
  /** Endpoints such as webhooks have no offset pagination. */
  cursorOnly?: boolean;
  fault?: PageFault;
  /** The Webhooks API documents its cursors and links as strings: absent rather than null at the end. */
  omitNullLinks?: boolean;
}

const START = '__start__';

function encodeCursor(key: Key | null): string {
  return Buffer.from(JSON.stringify({ o: 'id', v: key ?? START })).toString('base64url');
}

function decodeCursor(cursor: string): Key | null | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown };
    if (parsed.v === START) return null;
    if (typeof parsed.v === 'number' || typeof parsed.v === 'string') return parsed.v;
  } catch {
    // fall through: an unreadable cursor is the caller's error
  }
  return undefined;
}

/** Index of the first item strictly after `key` in the array's order. */
function firstAfter<T>(spec: PageSpec<T>, key: Key): number {
  let lo = 0;
  let hi = spec.items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = spec.key(spec.items[mid] as T);
    const after = spec.order === 'asc' ? k > key : k < key;
    if (after) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function firstAtOrAfter<T>(spec: PageSpec<T>, key: Key): number {
  let lo = 0;
  let hi = spec.items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = spec.key(spec.items[mid] as T);
    const atOrAfter = spec.order === 'asc' ? k >= key : k <= key;
    if (atOrAfter) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function linkTo(url: URL, params: Record<string, string | null>, fault: PageFault): string {
  const next = new URL(url);
  for (const [k, v] of Object.entries(params)) {
    if (v === null) next.searchParams.delete(k);
    else next.searchParams.set(k, v);
  }
  if (fault === 'foreign-next') next.host = 'evil.example.net';
  return next.toString();
}

function pageSizeError(raw: string): Response | null {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    return badRequest('InvalidPaginationParameter', 'page[size] must be a positive integer');
  if (n > MAX_PAGE_SIZE)
    return badRequest(
      'InvalidPaginationParameter',
      `page[size] must be less than or equal to ${MAX_PAGE_SIZE}`,
    );
  return null;
}

export function paginate<T>(spec: PageSpec<T>): Response {
  const q = spec.url.searchParams;
  const size = q.get('page[size]');
  if (size !== null || spec.cursorOnly || q.has('page[after]') || q.has('page[before]')) {
    return cursorPage(spec, size ?? String(MAX_PAGE_SIZE));
  }
  return offsetPage(spec);
}

function cursorPage<T>(spec: PageSpec<T>, rawSize: string): Response {
  const invalid = pageSizeError(rawSize);
  if (invalid) return invalid;
  const size = Number(rawSize);
  const q = spec.url.searchParams;
  const afterRaw = q.get('page[after]');
  const beforeRaw = q.get('page[before]');
  let start = 0;
  let end: number;
  if (beforeRaw !== null) {
    const key = decodeCursor(beforeRaw);
    if (key === undefined)
      return badRequest('InvalidPaginationParameter', 'page[before] is not a valid cursor');
    end = key === null ? 0 : firstAtOrAfter(spec, key);
    start = Math.max(0, end - size);
  } else {
    if (afterRaw !== null) {
      const key = decodeCursor(afterRaw);
      if (key === undefined)
        return badRequest('InvalidPaginationParameter', 'page[after] is not a valid cursor');
      start = key === null ? 0 : firstAfter(spec, key);
    }
    end = Math.min(spec.items.length, start + size);
  }
  const page = spec.items.slice(start, end);
  const first = page[0];
  const last = page[page.length - 1];
  let afterCursor = last === undefined ? null : encodeCursor(spec.key(last));
  let hasMore = end < spec.items.length;
  if (spec.fault === 'loop-cursor') {
    // A broken server hands back the cursor it was given, so the same page comes round forever.
    afterCursor = afterRaw ?? encodeCursor(null);
    hasMore = true;
  }
  const beforeCursor = first === undefined ? null : encodeCursor(spec.key(first));
  const base = { 'page[before]': null, 'page[after]': null, 'page[size]': String(size) };
  const meta = { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor };
  const links = {
    prev:
      beforeCursor && start > 0 ? linkTo(spec.url, { ...base, 'page[before]': beforeCursor }, null) : null,
    next:
      hasMore && afterCursor
        ? linkTo(spec.url, { ...base, 'page[after]': afterCursor }, spec.fault ?? null)
        : null,
  };
  return json({
    [spec.root]: page.map(spec.render),
    meta: spec.omitNullLinks ? dropNulls(meta) : meta,
    links: spec.omitNullLinks ? dropNulls(links) : links,
  });
}

function dropNulls<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as Partial<T>;
}

function offsetPage<T>(spec: PageSpec<T>): Response {
  const q = spec.url.searchParams;
  const page = Number(q.get('page') ?? '1');
  const perPageRaw = Number(q.get('per_page') ?? String(MAX_PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1)
    return badRequest('InvalidPaginationParameter', 'page must be a positive integer');
  if (!Number.isInteger(perPageRaw) || perPageRaw < 1)
    return badRequest('InvalidPaginationParameter', 'per_page must be a positive integer');
  const perPage = Math.min(perPageRaw, MAX_PAGE_SIZE);
  const offset = (page - 1) * perPage;
  if (offset >= OFFSET_RECORD_LIMIT) {
    return badRequest(
      'InvalidPaginationParameter',
      `Offset pagination is limited to the first ${OFFSET_RECORD_LIMIT} records. Use cursor pagination (page[size]) instead.`,
    );
  }
  const items = spec.items.slice(offset, offset + perPage);
  const total = spec.items.length;
  const hasNext = offset + perPage < total && offset + perPage < OFFSET_RECORD_LIMIT;
  const params = (p: number) => ({ page: String(p), per_page: String(perPage) });
  return json({
    [spec.root]: items.map(spec.render),
    next_page:
      hasNext || spec.fault === 'loop-cursor'
        ? linkTo(spec.url, params(spec.fault === 'loop-cursor' ? page : page + 1), spec.fault ?? null)
        : null,
    previous_page: page > 1 ? linkTo(spec.url, params(page - 1), null) : null,
    count: total,
  });
}
