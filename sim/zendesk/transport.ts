// Transport-level faults: a dropped connection, and bodies that break mid-way or are not JSON at all.

/** Tells the transport to drop the connection instead of answering. */
export const RESET: unique symbol = Symbol('connection reset');

/** A response whose body stops after `partial` although its headers promised `fullLength` bytes. */
export interface Truncated {
  kind: 'truncated';
  status: number;
  headers: Headers;
  partial: Uint8Array;
  fullLength: number;
}

export type Outcome = Response | Truncated | typeof RESET;

export async function mangle(
  res: Response,
  kind: 'truncate' | 'invalid-json',
): Promise<Response | Truncated> {
  const text = await res.text();
  const headers = new Headers(res.headers);
  const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  headers.delete('content-length');
  if (kind === 'invalid-json') {
    // A complete response that claims to be JSON but is not (e.g. a proxy's error page spliced in).
    return new Response(`${cut}<!-- upstream cache error -->`, { status: res.status, headers });
  }
  const encoder = new TextEncoder();
  return {
    kind: 'truncated',
    status: res.status,
    headers,
    partial: encoder.encode(cut),
    fullLength: encoder.encode(text).byteLength,
  };
}

/** In-process, a truncated body is a stream that fails after the partial bytes, as fetch reports it. */
export function truncatedResponse(t: Truncated): Response {
  const headers = new Headers(t.headers);
  headers.set('content-length', String(t.fullLength));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(t.partial);
      controller.error(new TypeError('terminated'));
    },
  });
  return new Response(body, { status: t.status, headers });
}
