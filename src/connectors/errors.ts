// Expected connector failures: a stable code, a sentence a person can act on, and the form field concerned.
import { HttpError } from './http.ts';
import type { Problem } from './types.ts';

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly code: string;
  readonly field: string | undefined;
  readonly retriable: boolean;

  constructor(problem: Problem & { retriable?: boolean }) {
    super(problem.message);
    this.code = problem.code;
    this.field = problem.field;
    this.retriable = problem.retriable ?? false;
  }

  toProblem(): Problem {
    return this.field
      ? { code: this.code, message: this.message, field: this.field }
      : { code: this.code, message: this.message };
  }
}

/** Any failure as a Problem; unknown errors keep their class name only, since their text may carry anything. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ConnectorError) return error.toProblem();
  if (error instanceof HttpError) return { code: error.code, message: error.message };
  return {
    code: 'internal_error',
    message: `Unexpected ${error instanceof Error ? error.name : 'error'}; see the server log.`,
  };
}
