// Test support of the OpenAPI fuzz suite: hostile values, and for one operation every request made by spoiling one
// input of a valid request — a path or query parameter, a body field (declared or found in the valid body), the whole
// body, its encoding or its content type. Deterministic: the few random values come from a seeded generator.
import { type OpenApiDocument, type Operation, pathParams, propertiesOf } from './openapi-operations.ts';

export interface Variant {
  label: string;
  path: string;
  /** The raw body; omitted: none. */
  body?: string;
  /** null: no Content-Type header at all. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** mulberry32: small, fast and good enough to pick test inputs reproducibly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODE_POINTS = [
  [0x20, 0x7e],
  [0x590, 0x6ff], // Hebrew, Arabic: right to left
  [0x300, 0x36f], // combining marks
  [0x4e00, 0x4fff],
  [0x1f300, 0x1f6ff], // emoji
  [0x200b, 0x202e], // zero-width and direction overrides
] as const;

function randomText(rng: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = CODE_POINTS[Math.floor(rng() * CODE_POINTS.length)] as readonly [number, number];
    s += String.fromCodePoint(lo + Math.floor(rng() * (hi - lo + 1)));
  }
  return s;
}

export function hostileStrings(rng: () => number): string[] {
  return [
    '',
    ' ',
    'x'.repeat(100_000),
    '\u202Egnp.exe\u202C',
    'مرحبا بالعالم',
    '👩‍👩‍👧‍👦🔥'.repeat(40),
    'e\u0301\u0301\u0301',
    '\u0000',
    'a\u0000b',
    '\ud800',
    "' OR 1=1 --",
    "'; DROP TABLE apps; --",
    '%_\\',
    '<script>alert(1)</script>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
    '${process.exit(1)}',
    '{{constructor.constructor("return process")()}}',
    '../../etc/passwd',
    '%00',
    'file:///etc/passwd',
    'http://169.254.169.254/latest/meta-data/',
    '__proto__',
    'constructor',
    'null',
    '-1',
    '0',
    '1e309',
    '99999999999999999999999999',
    '-9223372036854775809',
    '1.5',
    '00000000-0000-0000-0000-00000000000g',
    '00000000-0000-4000-8000-000000000000',
    'not-a-uuid',
    `${crypto.randomUUID()}:x`.replace(/[0-9a-f]/g, '0'),
    'eyJzIjoicmlzayJ9',
    randomText(rng, 12),
    randomText(rng, 300),
  ];
}

/** JSON text spliced in as is: numbers JSON.stringify cannot write. */
const RAW = ['1e400', '-1e400', '123456789012345678901234567890', '-0', '9007199254740993', '0.1e-400'];

function hostileValues(strings: string[]): unknown[] {
  return [
    ...strings,
    0,
    -1,
    -2147483649,
    2 ** 53 + 2,
    1.5,
    true,
    false,
    null,
    [],
    ['x'],
    [{}],
    {},
    { a: 1 },
    JSON.parse('{"__proto__":{"role":"admin","isAdmin":true}}'),
    ...RAW.map((_, i) => `@@raw${i}@@`),
  ];
}

function stringify(value: unknown): string {
  return JSON.stringify(value).replace(/"@@raw(\d+)@@"/g, (_, i: string) => RAW[Number(i)] as string);
}

/** Percent-encoding that also writes a lone surrogate, as the invalid UTF-8 a raw client could send. */
function encode(s: string): string {
  return s
    .split(/([\ud800-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted paths of a value's fields, nested objects included. */
function fieldPaths(value: unknown, prefix = ''): string[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...fieldPaths(v, `${prefix}${k}.`)]);
}

function withField(base: Json, path: string, value: unknown, remove = false): Json {
  const copy = structuredClone(base);
  const keys = path.split('.');
  let at: Json = copy;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(at[k])) at[k] = {};
    at = at[k] as Json;
  }
  const last = keys.at(-1) as string;
  if (remove) delete at[last];
  else at[last] = value;
  return copy;
}

const label = (v: unknown) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…(${s.length})` : s;
};

export function variantsOf(
  doc: OpenApiDocument,
  op: Operation,
  base: { path: string; json?: unknown },
  rng: () => number,
): Variant[] {
  const strings = hostileStrings(rng);
  const out: Variant[] = [];
  const json = (b: unknown) => ({ body: stringify(b), contentType: 'application/json' });
  const baseBody = base.json === undefined ? {} : json(base.json);
  // Path parameters: the template again, this parameter spoiled, the others as in the valid request.
  const segments = base.path.split('?')[0]?.split('/') ?? [];
  const template = op.path.split('/');
  for (const name of pathParams(op.path)) {
    const at = template.indexOf(`{${name}}`);
    const withSegment = (v: string) => segments.map((s, i) => (i === at ? v : s)).join('/');
    for (const s of strings)
      out.push({ label: `path ${name}=${label(s)}`, path: withSegment(encode(s)), ...baseBody });
    out.push({ label: `path ${name} raw traversal`, path: withSegment('../../../etc/passwd'), ...baseBody });
    out.push({ label: `path ${name} encoded slash`, path: withSegment('a%2Fb%2F..%2F..'), ...baseBody });
  }
  // Query parameters, declared or not, one at a time; then a repeated one and a few spoiled together.
  const query = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const withQuery = (q: string) => `${base.path}${base.path.includes('?') ? '&' : '?'}${q}`;
  // An undeclared parameter is ignored by every route: a few values show it, all of them would show nothing more.
  for (const s of [strings[2], '\u0000', "' OR 1=1 --", '../../etc/passwd', strings.at(-1)] as string[])
    out.push({
      label: `query unexpected=${label(s)}`,
      path: withQuery(`unexpected=${encode(s)}`),
      ...baseBody,
    });
  for (const name of query) {
    for (const s of strings)
      out.push({ label: `query ${name}=${label(s)}`, path: withQuery(`${name}=${encode(s)}`), ...baseBody });
    out.push({
      label: `query ${name} repeated`,
      path: withQuery(`${name}=a&${name}=b&${name}=`),
      ...baseBody,
    });
    out.push({ label: `query ${name}[] as array`, path: withQuery(`${name}[]=1&${name}[x]=2`), ...baseBody });
    out.push({
      label: `query ${name} bad percent-encoding`,
      path: withQuery(`${name}=%E0%A4%A&x=%`),
      ...baseBody,
    });
  }
  for (let i = 0; i < 3 && query.length > 1; i++) {
    const picked = query.filter(() => rng() < 0.5);
    const q = picked.map((n) => `${n}=${encode(strings[Math.floor(rng() * strings.length)] as string)}`);
    out.push({ label: `query ${picked.join('+')} together`, path: withQuery(q.join('&')), ...baseBody });
  }
  // Headers every route reads: a hostile request id, a bearer key that is no key, a session cookie that is none.
  for (const [name, value] of [
    ['x-request-id', "' OR 1=1 --"],
    ['x-request-id', 'x'.repeat(10_000)],
    ['authorization', `Bearer ${'x'.repeat(10_000)}`],
    ['authorization', 'Basic Zm9vOmJhcg=='],
    ['cookie', 'gs_session=%00; gs_session=../../etc/passwd'],
  ] as const)
    out.push({
      label: `header ${name}=${label(value)}`,
      path: base.path,
      ...baseBody,
      headers: { [name]: value },
    });
  if (op.method === 'GET') return out;
  // Body fields: every declared property and every field of the valid body, each spoiled or left out.
  const valid = isObject(base.json) ? base.json : {};
  const declared = op.body ? Object.keys(propertiesOf(doc, op.body)) : [];
  const fields = [...new Set([...declared, ...fieldPaths(valid)])];
  for (const field of fields) {
    for (const v of hostileValues(strings))
      out.push({ label: `body ${field}=${label(v)}`, path: base.path, ...json(withField(valid, field, v)) });
    out.push({
      label: `body ${field} missing`,
      path: base.path,
      ...json(withField(valid, field, null, true)),
    });
  }
  // The whole body: another JSON type, broken JSON, another encoding or content type, too large, too deep.
  const whole: [string, string, string | null][] = [
    ...[[], [valid], 'text', 42, null, true, {}].map((b): [string, string, string | null] => [
      `body ${label(b)}`,
      stringify(b),
      'application/json',
    ]),
    [
      'body {"__proto__":…}',
      `{"__proto__":{"role":"admin"},${stringify(valid).slice(1)}`,
      'application/json',
    ],
    ['body truncated', stringify(valid).slice(0, -1), 'application/json'],
    ['body trailing comma', `${stringify(valid).slice(0, -1)},}`, 'application/json'],
    ['body empty', '', 'application/json'],
    ['body NUL', '\u0000', 'application/json'],
    [
      'body random bytes',
      String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(rng() * 256))),
      'application/json',
    ],
    ['body nested 100k deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'application/json'],
    ['body 2 MiB', stringify({ ...valid, pad: 'x'.repeat(2 * 1024 * 1024) }), 'application/json'],
    ['body as text/plain', stringify(valid), 'text/plain'],
    ['body as a form', 'a=1&b=2', 'application/x-www-form-urlencoded'],
    [
      'body as multipart',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
      'multipart/form-data; boundary=x',
    ],
    ['body without content type', stringify(valid), null],
    ['body as utf-16 json', stringify(valid), 'application/json; charset=utf-16'],
    ['body as xml', '<?xml version="1.0"?><a/>', 'application/xml'],
  ];
  for (const [l, body, contentType] of whole) out.push({ label: l, path: base.path, body, contentType });
  return out;
}
