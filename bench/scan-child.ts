// Bench-only: runs `grantscope scan` (runScan, the code behind `grantscope scan zendesk`) on a clock BENCH_SPEED
// times fast, through the HttpPlatform seam the CLI already has; ends with a "BENCH {json}" line on stderr.
import { setTimeout as delay } from 'node:timers/promises';
import { runScan } from '../src/cli/scan.ts';
import type { HttpPlatform } from '../src/connectors/http.ts';

const speed = Number(process.env.BENCH_SPEED ?? '1');
const d0 = Date.now();
const p0 = performance.now();
const now = () => d0 + (performance.now() - p0) * speed;

// Every wait the scan makes (pacing, Retry-After, backoff) is a `speed`-th as long in real time, as is the
// simulator's rate-limit window, so the scan sees Zendesk's real 700/min. Request timeouts stay real.
const platform: HttpPlatform = {
  fetch: (input, init) => globalThis.fetch(input, init),
  now,
  sleep: (ms, signal) => delay(ms / speed, undefined, signal ? { signal } : {}),
  random: () => Math.random(),
};

const started = now();
const code = await runScan(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  platform,
});
const wallMs = now() - started;
process.stderr.write(`BENCH ${JSON.stringify({ code, wallMs, maxRssKb: process.resourceUsage().maxRSS })}\n`);
process.exitCode = code;
