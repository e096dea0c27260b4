// Test support of the API-wide suites: the operations of the generated OpenAPI document (read at collection time, so
// a new route is covered without touching a test) and a valid example of any of its JSON schemas.
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { systemPlatform } from '../connectors/http.ts';
import type { Store } from '../store/db.ts';
import { createApp } from './app.ts';
import { createMetrics } from './metrics.ts';

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `GET /api/v1/apps/{id}`: the key the suites name and look operations up by. */
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
  /** `security: []` in the document: open to anonymous callers. */
  declaredPublic: boolean;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: unknown; security?: unknown[] }>
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** The document the app serves, from an app whose store is never reached (the route is public). */
export async function probeDocument(): Promise<OpenApiDocument> {
  const app = createApp({
    store: null as unknown as Store,
    queue: null,
    platform: systemPlatform(),
    config: loadConfig({}),
    log: pino({ level: 'silent' }),
    metrics: createMetrics(),
  });
  const res = await app.request('/api/openapi.json');
  if (res.status !== 200) throw new Error(`/api/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

export function listOperations(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)
        ?.content;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: content?.['application/json']?.schema ?? null,
        declaredPublic: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
}

export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const found = doc.components?.schemas?.[name];
  if (!found) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(doc, found);
}

/** The object schema's properties, `allOf` merged. */
export function propertiesOf(doc: OpenApiDocument, schema: JsonSchema): Record<string, JsonSchema> {
  const s = resolve(doc, schema);
  return Object.assign({}, ...(s.allOf ?? []).map((p) => propertiesOf(doc, p)), s.properties ?? {});
}

/** A value the schema accepts: required properties only, the smallest valid string and number. */
export function exampleOf(doc: OpenApiDocument, schema: JsonSchema): unknown {
  const s = resolve(doc, schema);
  if (s.default !== undefined) return s.default;
  if (s.enum) return s.enum[0];
  const alt = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (alt) return exampleOf(doc, alt);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (s.allOf || type === 'object' || s.properties) {
    const props = propertiesOf(doc, s);
    const required = new Set([
      ...(s.required ?? []),
      ...(s.allOf ?? []).flatMap((p) => resolve(doc, p).required ?? []),
    ]);
    return Object.fromEntries(
      Object.entries(props)
        .filter(([k]) => required.has(k))
        .map(([k, v]) => [k, exampleOf(doc, v)]),
    );
  }
  switch (type) {
    case 'string':
      if (s.format === 'email') return 'example@example.test';
      if (s.format === 'uuid') return crypto.randomUUID();
      if (s.format === 'date-time') return new Date(0).toISOString();
      if (s.pattern?.includes('\\d')) return '1';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => exampleOf(doc, s.items ?? {}));
    default:
      return 'x';
  }
}

/** The path with `{name}` replaced by the URL-encoded value of each parameter. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for {${name}} of ${path}`);
    return encodeURIComponent(v);
  });
}

/** Names of the path's `{parameters}`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
