// Host pinning: the tenant origin is fixed once, and every path or absolute link is checked against it.
import { HttpError } from './http-errors.ts';

/** Validates the tenant base URL; it must be a bare http(s) origin without embedded credentials. */
export function pinnedOrigin(baseUrl: string): URL {
  const url = URL.parse(baseUrl);
  // The URL is not echoed: a mistyped one may carry a password.
  if (!url) throw new HttpError('invalid_url', 'The tenant base URL is not a valid URL.');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new HttpError(
      'invalid_url',
      `The tenant base URL must use https, not ${url.protocol.replace(':', '')}.`,
    );
  }
  if (url.username || url.password) {
    throw new HttpError(
      'invalid_url',
      'The tenant base URL must not embed credentials; pass them as headers.',
    );
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new HttpError('invalid_url', `The tenant base URL must be an origin only, like ${url.origin}.`);
  }
  return new URL(url.origin);
}

/**
 * Resolves a path or an absolute URL (e.g. a `links.next` from a response) against the pinned origin and
 * refuses anything on another scheme, host or port: credentials are attached to every request.
 */
export function resolvePinned(pathOrUrl: string, origin: URL): URL {
  const url = URL.parse(pathOrUrl, origin);
  if (!url) throw new HttpError('invalid_url', `"${pathOrUrl.slice(0, 80)}" is not a valid URL or path.`);
  if (url.origin !== origin.origin || url.username || url.password) {
    const elsewhere = url.host ? `${url.protocol}//${url.host}` : url.protocol;
    throw new HttpError(
      'foreign_host',
      `Refused to request ${elsewhere}: only the pinned tenant host ${origin.host} is ever contacted, so credentials cannot leak to another host.`,
    );
  }
  return url;
}
