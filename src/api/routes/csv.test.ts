// CSV cells quoted by RFC 4180 and defused against formula injection; streams that pull and fail visibly.
import { describe, expect, it } from 'vitest';
import { csvCell, csvLines, csvRow, jsonArray, pullStream } from './csv.ts';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('csv', () => {
  it('quotes cells holding a quote, comma or line break, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvRow(['x', null, 3, true, undefined])).toBe('x,,3,true,\r\n');
  });

  it('prefixes an apostrophe to text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}1`).replace(/^"/, '')[0]).toBe("'");
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes a header and one CRLF line per item', async () => {
    const out: string[] = [];
    for await (const line of csvLines(['a', 'b'], from([{ a: 1, b: 'x' }]), (r) => [r.a, r.b]))
      out.push(line);
    expect(out.join('')).toBe('a,b\r\n1,x\r\n');
  });

  it('streams a JSON array element by element that parses back, empty or not', async () => {
    expect(JSON.parse(await text(pullStream(jsonArray(from([])), () => {})))).toEqual([]);
    const items = Array.from({ length: 5000 }, (_, i) => ({ i, s: 'é'.repeat(20) }));
    expect(JSON.parse(await text(pullStream(jsonArray(from(items)), () => {})))).toEqual(items);
  });

  it('produces nothing ahead of the reader and fails the stream when the source fails', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield 'x'.repeat(1000);
      }
    }
    const reader = pullStream(source(), () => {}).getReader();
    await reader.read();
    expect(produced).toBeLessThan(200);
    await reader.cancel();
    const errors: unknown[] = [];
    async function* broken() {
      yield 'ok';
      throw new Error('database gone');
    }
    await expect(text(pullStream(broken(), (e) => errors.push(e)))).rejects.toThrow('database gone');
    expect(errors).toHaveLength(1);
  });
});
