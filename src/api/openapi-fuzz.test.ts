// Every operation of the OpenAPI document, called by an admin (session and CSRF token) with each input spoiled in
// turn — wrong types, missing fields, 100k-character strings, RTL text and emoji, NUL bytes, injection strings, path
// traversal, huge and negative numbers, invalid UUIDs, arrays for objects, broken JSON, other content types: never a
// 5xx, and every 4xx in the one error shape. Seeded per operation, so a failure reproduces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplates, engines } from '../store/test-store.ts';
import { seeded, type Variant, variantsOf } from './fuzz-inputs.ts';
import { listOperations, probeDocument } from './openapi-operations.ts';
import { createWorld, type World } from './route-world.ts';
import type { TestSession } from './test-app.ts';

const doc = await probeDocument();
const OPERATIONS = listOperations(doc);
const CONCURRENCY = 4;

function seedOf(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ (ch.codePointAt(0) as number), 16777619);
  return h >>> 0;
}

/** Why the answer is wrong, or null when it is a success or a 4xx in the one error shape. */
function problem(status: number, contentType: string, text: string): string | null {
  if (status >= 500) return `a ${status}`;
  if (status < 400) return null;
  if (!contentType.includes('application/json')) return `a ${status} as ${contentType}`;
  try {
    const e = (JSON.parse(text) as { error?: Record<string, unknown> }).error;
    const shaped =
      e && typeof e.code === 'string' && typeof e.message === 'string' && typeof e.requestId === 'string';
    return shaped ? null : `a ${status} not in the error shape`;
  } catch {
    return `a ${status} that is not JSON`;
  }
}

afterAll(closeTemplates);

describe.each(engines())('the OpenAPI fuzz on %s', (engine) => {
  let w: World;
  let session: TestSession;
  let sent = 0;
  beforeAll(async () => {
    w = await createWorld(engine, doc);
    session = await w.f.signIn('admin');
  });
  afterAll(async () => {
    console.info(`${engine}: ${sent} fuzzed requests over ${OPERATIONS.length} operations`);
    await w?.dispose();
  });

  async function send(method: string, v: Variant, as: TestSession): Promise<string | null> {
    const headers: Record<string, string> = { cookie: as.cookie, 'x-csrf-token': as.csrf, ...v.headers };
    if (v.body !== undefined && v.contentType !== null)
      headers['content-type'] = v.contentType ?? 'application/json';
    const res = await w.f.app.request(v.path, {
      method,
      headers,
      ...(v.body !== undefined && { body: v.body }),
    });
    sent++;
    const text = await res.text();
    const why = problem(res.status, res.headers.get('content-type') ?? '', text);
    return why && `${v.label}: ${why}: ${text.slice(0, 300)}`;
  }

  it.each(OPERATIONS)(
    '$key: never a 5xx, and every 4xx in the one error shape',
    async (op) => {
      const base = await w.good(op);
      const variants = variantsOf(doc, op, base, seeded(seedOf(op.key)));
      expect(variants.length).toBeGreaterThanOrEqual(10);
      const failures: string[] = [];
      // A few at a time: password hashing (scrypt) runs on the thread pool, so sign-in routes go 4× faster.
      for (let i = 0; i < variants.length; i += CONCURRENCY) {
        const batch = variants.slice(i, i + CONCURRENCY).map(async (v) => {
          // Signing in or out replaces the caller's session: those get one of their own each time.
          const as = op.path.startsWith('/api/v1/auth/') ? await w.f.signIn('admin') : session;
          return send(op.method, v, as);
        });
        for (const failure of await Promise.all(batch)) if (failure) failures.push(failure);
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
