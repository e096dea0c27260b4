// Transport-level faults: a dropped connection, and bodies that break mid-way or are not JSON at all.

/** Tells the transport to drop the connection instead of answering. */
export const RESET: unique symbol = Symbol('connection reset');
export type Outcome = Response | typeof RESET;

export async function mangle(res: Response, kind: 'truncate' | 'invalid-json'): Promise<Response> {
  const text = await res.text();
  const headers = new Headers(res.headers);
  const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  if (kind === 'invalid-json') {
    // A complete response that claims to be JSON but is not (e.g. a proxy's error page spliced in).
    const body = `${cut}<!-- upstream cache error -->`;
    headers.delete('content-length');
    return new Response(body, { status: res.status, headers });
  }
  // The promised length is never delivered: the stream breaks after half of it.
  const bytes = new TextEncoder().encode(cut);
  headers.set('content-length', String(new TextEncoder().encode(text).byteLength));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.error(new TypeError('terminated'));
    },
  });
  return new Response(body, { status: res.status, headers });
}
