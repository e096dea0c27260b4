// Timestamps as Zendesk writes them: ISO 8601 in UTC without milliseconds.

export const DAY_MS = 86_400_000;

export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
