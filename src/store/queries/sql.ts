// Small helpers of the read queries: numbered parameters built alongside the SQL text, and timestamps as ISO.

/** Collects values and hands back their `$n` placeholders, so optional filters need no manual numbering. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A timestamp column (a Date from pg and PGlite) as an ISO string; null stays null. */
export function iso(v: unknown): string | null {
  return v === null || v === undefined ? null : new Date(v as string).toISOString();
}
