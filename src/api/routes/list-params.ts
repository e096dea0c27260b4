// Query parameters every list shares: repeatable or comma-separated enums, a bounded limit, and opaque keyset
// cursors (base64url JSON) that are validated like any other input.
import { z } from '@hono/zod-openapi';
import { ApiError } from '../errors.ts';

/** `?kind=a&kind=b` and `?kind=a,b` alike; unknown values are a validation error naming the parameter. */
export function multiEnum<T extends string>(values: readonly T[], description: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v, ctx) => {
      const parts = (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const bad = parts.find((s) => !values.includes(s as T));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `"${bad.slice(0, 40)}" is not one of ${values.join(', ')}` });
        return z.NEVER;
      }
      return [...new Set(parts)] as T[];
    })
    .optional()
    .openapi({
      description: `${description} Repeat the parameter or separate values with commas: ${values.join(', ')}.`,
    });
}

export const limitParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(200)
  .default(50)
  .openapi({ description: 'Items per page, 1–200.', example: 50 });

export const cursorParam = z
  .string()
  .max(4096)
  .optional()
  .openapi({ description: "The previous page's `nextCursor`, unchanged; omit it for the first page." });

export const integrationIdParam = z
  .string()
  .uuid()
  .optional()
  .openapi({ description: 'Only this integration.' });

export const isoParam = z.iso.datetime({ offset: true });

export function encodeCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** The cursor's payload, or a 400 naming `cursor`: a client can only hand back what we gave it. */
export function decodeCursor<T>(raw: string, schema: z.ZodType<T>): T {
  const invalid = () =>
    new ApiError('validation_failed', 'cursor: not a cursor this list issued; start again without it.', {
      field: 'cursor',
    });
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  // Every string of it goes into a query: text PostgreSQL cannot store (NUL, a lone surrogate) would fail there.
  if (!storableText(json)) throw invalid();
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalid();
  return parsed.data;
}

function storableText(v: unknown): boolean {
  if (typeof v === 'string') return !v.includes('\u0000') && v.isWellFormed();
  if (Array.isArray(v)) return v.every(storableText);
  if (v !== null && typeof v === 'object') return Object.values(v).every(storableText);
  return true;
}

/** A bigint id as our queries print it. */
export const idString = z.string().regex(/^\d{1,18}$/);
