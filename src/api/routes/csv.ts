// CSV for spreadsheets (RFC 4180: CRLF lines, quotes doubled) that cannot be turned against the reader: a cell a
// spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection"), and streamed bodies.

// App names, publishers and descriptions come from the SaaS, where anyone who can create an OAuth client or a
// webhook chooses them: `=HYPERLINK(...)` in a name must stay text when an admin opens the export.
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/**
 * A byte stream pulled from `chunks` as the client reads: nothing is produced ahead of the consumer, so memory
 * stays at one database batch. Small chunks are gathered up to ~64 KiB per read.
 */
export function pullStream(
  chunks: AsyncIterable<string>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let out = '';
        while (out.length < 65_536) {
          const next = await it.next();
          if (next.done) {
            if (out) controller.enqueue(encoder.encode(out));
            controller.close();
            return;
          }
          out += next.value;
        }
        controller.enqueue(encoder.encode(out));
      } catch (error) {
        // The status line is already sent: failing the stream makes the download visibly incomplete.
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/** A JSON array written element by element: `[`, items separated by commas, `]`. */
export async function* jsonArray<T>(items: AsyncIterable<T>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const item of items) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(item)}`;
    first = false;
  }
  yield '\n]\n';
}

export async function* csvLines<T>(
  header: readonly string[],
  items: AsyncIterable<T>,
  row: (item: T) => readonly CsvValue[],
): AsyncGenerator<string> {
  yield csvRow(header);
  for await (const item of items) yield csvRow(row(item));
}
