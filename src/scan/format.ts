// Writes a scan's reports as JSON (one document), CSV (one row per app) or a table for people, streaming with
// backpressure: each app's users come from the spill one line at a time, so output size never sits in memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ReportApp } from './report.ts';
import type { Spill } from './spill.ts';

export type Format = 'table' | 'json' | 'csv';

export interface ScanSummary {
  tenantUrl: string;
  scannedAt: string;
  warnings: { code: string; message: string }[];
  stats: { apiCalls: number; retries: number; rateLimitWaits: number; durationMs: number };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function writeJson(out: Writable, summary: ScanSummary, spill: Spill): Promise<void> {
  await write(
    out,
    `{"tenantUrl":${JSON.stringify(summary.tenantUrl)},"scannedAt":${JSON.stringify(summary.scannedAt)},"apps":[`,
  );
  let first = true;
  for (const { key, report } of spill.reports()) {
    // The stored report is a JSON object without users: open it, stream the users array, close it.
    await write(out, `${first ? '' : ','}${report.slice(0, -1)},"users":[`);
    let firstUser = true;
    for (const user of spill.users(key)) {
      await write(out, `${firstUser ? '' : ','}${JSON.stringify(user)}`);
      firstUser = false;
    }
    await write(out, ']}');
    first = false;
  }
  await write(
    out,
    `],"warnings":${JSON.stringify(summary.warnings)},"stats":${JSON.stringify(summary.stats)}}\n`,
  );
}

/** Spreadsheet apps run cells that start with these as formulas; a leading quote keeps them text. */
function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_HEADER = [
  'key',
  'kind',
  'name',
  'publisher',
  'risk_level',
  'risk_score',
  'users',
  'scopes',
  'categories',
  'destination_host',
  'reasons',
];

function userCount(spill: Spill, key: string): number {
  let n = 0;
  for (const _ of spill.users(key)) n++;
  return n;
}

export async function writeCsv(out: Writable, spill: Spill): Promise<void> {
  await write(out, `${CSV_HEADER.join(',')}\n`);
  for (const { key, report } of spill.reports()) {
    const r = JSON.parse(report) as ReportApp;
    const row = [
      r.key,
      r.kind,
      r.name,
      r.publisher,
      r.risk.level,
      r.risk.score,
      userCount(spill, key),
      r.scopes.map((s) => s.scope).join(' '),
      [...new Set(r.scopes.map((s) => s.category))].join('; '),
      r.destinationHost ?? null,
      r.risk.reasons.map((x) => x.code).join(' '),
    ];
    await write(out, `${row.map(csvCell).join(',')}\n`);
  }
}

const KIND_LABEL: Record<ReportApp['kind'], string> = {
  custom_oauth_app: 'Custom',
  marketplace_oauth_app: 'Marketplace',
  installed_app: 'Installed',
  api_token: 'API token',
  webhook: 'Webhook',
};

function cell(s: string, width: number): string {
  const chars = [...s];
  return chars.length > width
    ? `${chars.slice(0, width - 1).join('')}…`
    : s + ' '.repeat(width - chars.length);
}

export async function writeTable(out: Writable, summary: ScanSummary, spill: Spill): Promise<void> {
  const line = (cols: string[]) =>
    `${cell(cols[0] ?? '', 9)} ${cell(cols[1] ?? '', 5)} ${cell(cols[2] ?? '', 11)} ${cell(cols[3] ?? '', 6)} ${cell(cols[4] ?? '', 36)} ${cols[5] ?? ''}`.trimEnd();
  await write(out, `${line(['RISK', 'SCORE', 'KIND', 'USERS', 'APP', 'WHY'])}\n`);
  let count = 0;
  for (const { key, report } of spill.reports()) {
    const r = JSON.parse(report) as ReportApp;
    const why = r.risk.reasons.filter((x) => x.code !== 'base_risk').map((x) => x.message)[0] ?? '';
    const name = r.publisher ? `${r.name} (${r.publisher})` : r.name;
    await write(
      out,
      `${line([r.risk.level, String(r.risk.score), KIND_LABEL[r.kind], String(userCount(spill, key)), name, why])}\n`,
    );
    count++;
  }
  await write(out, `\n${count} apps with access to ${summary.tenantUrl}, scanned ${summary.scannedAt}.\n`);
  for (const w of summary.warnings) await write(out, `Note: ${w.message}\n`);
}
