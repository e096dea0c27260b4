// GET /api/v1/exports/{apps,grants}.{csv,json}: the inventory as a download, streamed from keyset batches so an
// export of any size holds one batch in memory; the same filters as GET /apps.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppRow } from '../../store/queries/apps.ts';
import { exportApps, exportGrants, type GrantLine } from '../../store/queries/exports.ts';
import type { App } from '../context.ts';
import { errorResponses } from '../errors.ts';
import { AppFilterQuery, appFilter } from './app-query.ts';
import { type CsvValue, csvLines, jsonArray, pullStream } from './csv.ts';
import { viewer } from './viewer.ts';

const APP_COLUMNS: [string, (a: AppRow) => CsvValue][] = [
  ['id', (a) => a.id],
  ['integration_id', (a) => a.integrationId],
  ['key', (a) => a.key],
  ['kind', (a) => a.kind],
  ['name', (a) => a.name],
  ['publisher', (a) => a.publisher],
  ['risk_level', (a) => a.riskLevel],
  ['risk_score', (a) => a.riskScore],
  ['risk_reasons', (a) => a.riskReasons.map((r) => `${r.message} (+${r.points})`).join('; ')],
  ['scopes', (a) => a.scopes.join(' ')],
  ['categories', (a) => a.categories.join('; ')],
  ['user_count', (a) => a.userCount],
  ['grant_count', (a) => a.grantCount],
  ['last_used_at', (a) => a.lastUsedAt],
  ['first_seen_at', (a) => a.firstSeenAt],
  ['destination_host', (a) => a.destinationHost],
  ['enabled', (a) => a.enabled],
];

const GRANT_COLUMNS: [string, (g: GrantLine) => CsvValue][] = [
  ['app_id', (g) => g.appId],
  ['integration_id', (g) => g.integrationId],
  ['app_key', (g) => g.appKey],
  ['app_name', (g) => g.appName],
  ['app_kind', (g) => g.appKind],
  ['risk_level', (g) => g.risk.level],
  ['risk_score', (g) => g.risk.score],
  ['user_id', (g) => g.userSaasId],
  ['user_name', (g) => g.userName],
  ['user_email', (g) => g.userEmail],
  ['user_role', (g) => g.userRole],
  ['scopes', (g) => g.scopes.join(' ')],
  ['granted_at', (g) => g.grantedAt],
  ['last_used_at', (g) => g.lastUsedAt],
  ['expires_at', (g) => g.expiresAt],
  ['stale', (g) => g.stale],
  ['grant_ids', (g) => g.grantIds.join(' ')],
];

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8; header=present', schema: z.string() },
  json: { type: 'application/json; charset=utf-8', schema: z.array(z.record(z.string(), z.unknown())) },
} as const;

function exportRoute(entity: 'apps' | 'grants', format: keyof typeof FORMATS) {
  return createRoute({
    method: 'get',
    path: `/api/v1/exports/${entity}.${format}`,
    middleware: [viewer],
    tags: ['Exports'],
    summary:
      entity === 'apps'
        ? `All matching apps as ${format.toUpperCase()}`
        : `One ${format.toUpperCase()} row per app and user (a user's grants of an app merged)`,
    request: { query: AppFilterQuery },
    responses: {
      200: {
        description: 'A download (Content-Disposition: attachment), streamed',
        content: { [FORMATS[format].type.split(';')[0] as string]: { schema: FORMATS[format].schema } },
      },
      ...errorResponses,
    },
  });
}

export function registerExports(app: App): void {
  for (const entity of ['apps', 'grants'] as const) {
    for (const format of ['csv', 'json'] as const) {
      app.openapi(exportRoute(entity, format), async (c) => {
        const deps = c.get('deps');
        const filter = appFilter(c.req.valid('query'), deps);
        const rows =
          entity === 'apps'
            ? exportApps(deps.store, { filter })
            : exportGrants(deps.store, {
                filter,
                clock: { now: deps.platform.now(), staleDays: deps.config.staleDays },
              });
        const columns = (entity === 'apps' ? APP_COLUMNS : GRANT_COLUMNS) as [
          string,
          (x: unknown) => CsvValue,
        ][];
        const body =
          format === 'csv'
            ? csvLines(
                columns.map(([name]) => name),
                rows as AsyncIterable<unknown>,
                (x) => columns.map(([, get]) => get(x)),
              )
            : jsonArray(rows as AsyncIterable<unknown>);
        const requestId = c.get('requestId');
        const stream = pullStream(body, (error) =>
          deps.log.error(
            { requestId, err: { message: (error as Error).message } },
            'export failed mid-stream',
          ),
        );
        const date = new Date(deps.platform.now()).toISOString().slice(0, 10);
        return c.body(stream, 200, {
          'Content-Type': FORMATS[format].type,
          'Content-Disposition': `attachment; filename="grantscope-${entity}-${date}.${format}"`,
        });
      });
    }
  }
}
