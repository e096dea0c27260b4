// A full garbage collection on request. A scan's read-back loops make short-lived objects faster than V8 chooses
// to collect them, so its heap grew with tenant size (367 MB at 100k tokens, measured by bench/scan.ts) although
// nothing is kept; collecting every few thousand records keeps it flat. A no-op where the hook is unavailable.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function reclaim(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/** Calls `reclaim` once per `every` units of work. */
export function reclaimEvery(every: number): (units: number) => void {
  let since = 0;
  return (units) => {
    since += units;
    if (since >= every) {
      since = 0;
      reclaim();
    }
  };
}
