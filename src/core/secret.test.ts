// Secrets stay secret whichever way a value is printed.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.ts';

describe('Secret', () => {
  it('is redacted in JSON, strings, templates and inspection, and readable only through reveal()', () => {
    const s = new Secret('hunter2-super-secret');
    const holder = { token: s, nested: [s] };
    for (const out of [
      JSON.stringify(holder),
      String(s),
      `${s}`,
      inspect(holder, { depth: 5 }),
      inspect(s),
    ]) {
      expect(out).not.toContain('hunter2');
      expect(out).toContain('[redacted]');
    }
    expect(s.reveal()).toBe('hunter2-super-secret');
  });
});
