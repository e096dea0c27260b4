// V8 settings of the long-running commands, set at start (before the heap grows). Shared with the benchmarks, so
// they measure the processes production runs.
import { setFlagsFromString } from 'node:v8';

/** A small young generation: a worker's sync garbage otherwise inflates its memory (bench/sync.ts). */
export function tuneWorker(): void {
  setFlagsFromString('--max-semi-space-size=2');
}

/** A small young generation keeps a scan's memory flat as tenants grow (bench/scan.ts: 296 → 197 MB at 100k). */
export function tuneScan(): void {
  setFlagsFromString('--max-semi-space-size=1');
}
