// Reads a response body as a stream with a byte cap, so a huge or endless body cannot exhaust memory.

/** Stops at maxBytes and reports `overflow` with the text read so far (useful for error excerpts). */
export type BodyRead = { text: string; bytes: number; overflow: boolean };

export async function readBodyCapped(response: Response, maxBytes: number): Promise<BodyRead> {
  if (!response.body) return { text: '', bytes: 0, overflow: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.byteLength > maxBytes) {
      const head = decoder.decode(value.subarray(0, maxBytes - bytes));
      await reader.cancel().catch(() => {});
      return { text: text + head, bytes: bytes + value.byteLength, overflow: true };
    }
    bytes += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), bytes, overflow: false };
}

/** Refuses a body whose declared length is already past the cap, without reading a byte of it. */
export async function rejectDeclaredOverflow(response: Response, maxBytes: number): Promise<boolean> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!(declared > maxBytes)) return false;
  await response.body?.cancel().catch(() => {});
  return true;
}
