// The one error type of the shared HTTP layer: a stable code plus a sentence a user can act on, never a credential.

export type HttpErrorCode =
  | 'http_status'
  | 'invalid_json'
  | 'schema_mismatch'
  | 'response_too_large'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'foreign_host'
  | 'invalid_url'
  | 'pagination_loop'
  | 'page_cap';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: HttpErrorCode;
  readonly status: number | undefined;
  readonly retriable: boolean;

  // No `cause`: a raw transport error is logged verbatim by most loggers and we do not control what it carries.
  constructor(code: HttpErrorCode, message: string, extra: { status?: number; retriable?: boolean } = {}) {
    super(message);
    this.code = code;
    this.status = extra.status;
    this.retriable = extra.retriable ?? false;
  }

  toJSON(): { code: HttpErrorCode; status?: number; message: string; retriable: boolean } {
    const { code, status, message, retriable } = this;
    return status === undefined ? { code, message, retriable } : { code, status, message, retriable };
  }
}

const MIN_SECRET_LENGTH = 6;

/** Every fragment of the request headers that must never be echoed back into a message. */
export function secretsOf(headers: Record<string, string>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'accept' || name.toLowerCase() === 'user-agent') continue;
    secrets.push(value, ...value.split(/\s+/));
    const basic = /^Basic\s+(\S+)$/i.exec(value);
    // A server that echoes the decoded Basic pair would otherwise leak "email/token:secret".
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      secrets.push(decoded, ...decoded.split(':'));
    }
  }
  return secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** A short, single-line, secret-free excerpt of a response body for an error message. */
export function bodyExcerpt(body: string, secrets: readonly string[], max = 160): string {
  let text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const secret of secrets) text = text.split(secret).join('[redacted]');
  text = text.replace(/\b(Bearer|Basic|Token)\s+(?!\[redacted\])\S+/gi, '$1 [redacted]');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string };

/** `clients[0].id` for a zod issue path; the caller's field names, never the offending value. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

export function schemaMismatch(what: string, issues: ReadonlyArray<Issue>): HttpError {
  const [first] = issues;
  const where = first ? formatIssuePath(first.path) : '(root)';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : '';
  return new HttpError(
    'schema_mismatch',
    `${what} answered JSON of an unexpected shape at ${where}: ${first?.message ?? 'invalid'}${more}.`,
  );
}

/** The human half of an HTTP status error; the connector may add its own, vendor-specific advice. */
export function statusSentence(status: number): string {
  if (status === 401) return 'was refused: the credentials were rejected';
  if (status === 403) return 'was refused: the credentials are not allowed to do this';
  if (status === 404) return 'found nothing at this address';
  if (status === 429) return 'was rate limited';
  return status >= 500 ? 'failed on the server side' : 'was rejected';
}

/** The transport's own words for a failure (e.g. `UND_ERR_SOCKET: other side closed`), without request data. */
export function networkDetail(error: unknown): string {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const words = [error instanceof Error ? error.message : String(error), text(cause?.message)].filter(
    Boolean,
  );
  const code = text(cause?.code);
  return `${words.join(': ')}${code ? ` (${code})` : ''}`.slice(0, 120);
}
