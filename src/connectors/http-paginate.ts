// A generic walk over linked pages that stays on the pinned host, detects loops and stops at a page cap.
import { HttpError } from './http-errors.ts';
import { resolvePinned } from './http-url.ts';

export type PaginateInput<T> = {
  firstUrl: string;
  origin: URL;
  maxPages: number;
  fetchPage: (url: URL) => Promise<T>;
  /** The next page's URL or path from a page (`links.next`, `next_page`), or null/undefined at the end. */
  getNext: (page: T) => string | null | undefined;
};

export async function* paginatePinned<T>(input: PaginateInput<T>): AsyncGenerator<T, void, undefined> {
  const { origin, maxPages, fetchPage, getNext } = input;
  const seen = new Set<string>();
  let next: string | null | undefined = input.firstUrl;
  while (next) {
    const url = resolvePinned(next, origin);
    url.hash = '';
    const what = `GET ${url.pathname}`;
    // A cursor is part of the URL, so a repeated URL means the server would send us round in circles.
    if (seen.has(url.href)) {
      throw new HttpError(
        'pagination_loop',
        `${what}: the server pointed back to a page it already sent, after ${seen.size} pages; stopped instead of looping forever.`,
      );
    }
    // A buggy or hostile server can hand out fresh next links forever; a run must end, and end loudly
    // rather than pretend the listing is complete (a silently truncated inventory looks like deletions).
    if (seen.size >= maxPages) {
      throw new HttpError(
        'page_cap',
        `${what}: still more pages after ${maxPages}; stopped at the page cap instead of paging forever.`,
      );
    }
    seen.add(url.href);
    const page = await fetchPage(url);
    yield page;
    next = getNext(page);
  }
}
