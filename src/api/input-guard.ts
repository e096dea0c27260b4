// Refuses text PostgreSQL cannot store — NUL (U+0000) and unpaired UTF-16 surrogates — in the query string or a JSON
// body, as a 400 naming the field: otherwise the query fails (a 500), or an export already streaming breaks mid-way.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import { ApiError } from './errors.ts';

const unstorable = (s: string) => s.includes('\u0000') || !s.isWellFormed();

/** The dotted path of the first unstorable string (key or value) in a parsed JSON value, or null. */
function findUnstorable(root: unknown): string | null {
  // Iterative: a body nested 100,000 deep parses fine, and must not overflow the stack here.
  const stack: [unknown, string][] = [[root, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (unstorable(value)) return path;
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        const at = path ? `${path}.${k}` : k;
        if (unstorable(k)) return at;
        stack.push([v, at]);
      }
    }
  }
  return null;
}

function refuse(field: string): ApiError {
  return new ApiError(
    'validation_failed',
    `${field}: text must not contain NUL characters or unpaired surrogates.`,
    { field },
  );
}

export function inputGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (/%00/i.test(c.req.path)) throw refuse('path');
    for (const [k, v] of new URL(c.req.url).searchParams) if (unstorable(k) || unstorable(v)) throw refuse(k);
    if (/^application\/([\w.-]+\+)?json/i.test(c.req.header('content-type') ?? '')) {
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        // Not JSON: the route's validator answers that, in its own words.
        return next();
      }
      const field = findUnstorable(body);
      if (field !== null) throw refuse(field || 'body');
    }
    return next();
  };
}
