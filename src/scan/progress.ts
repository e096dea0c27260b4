// Scan progress on stderr: a live line on a terminal, a few plain lines otherwise (logs stay readable).

type Counts = { app: number; grant: number; user: number };
type Stream = { isTTY?: boolean; write(s: string): boolean };

const fmt = (n: number) => n.toLocaleString('en');

export function createProgress(err: Stream, now: () => number) {
  let last = 0;
  let live = false;
  const text = (c: Counts, calls: number) =>
    `${fmt(c.app)} apps, ${fmt(c.grant)} grants, ${fmt(c.user)} users · ${fmt(calls)} API calls`;
  return {
    start(tenantUrl: string) {
      err.write(`Scanning ${tenantUrl}…\n`);
    },
    update(c: Counts, calls: number) {
      const t = now();
      if (!err.isTTY || t - last < 100) return;
      last = t;
      live = true;
      const spin = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[Math.floor(t / 100) % 10];
      err.write(`\r\x1b[2K${spin} ${text(c, calls)}`);
    },
    done(
      c?: Counts,
      stats?: { apiCalls: number; retries: number; rateLimitWaits: number; durationMs: number },
    ) {
      if (live) err.write('\r\x1b[2K');
      live = false;
      if (c && stats) {
        err.write(
          `Done: ${text(c, stats.apiCalls)}, ${fmt(stats.retries)} retries, ${fmt(stats.rateLimitWaits)} rate-limit waits, ${(stats.durationMs / 1000).toFixed(1)} s.\n`,
        );
      }
    },
  };
}
