// Summarizes a V8 .cpuprofile (node --cpu-prof) as the top self-time functions. Run: node bench/cpu-top.ts FILE [N]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Self time by function (name + file:line), in ms and % of the profiled span, biggest first. */
export function topSelf(file: string, n = 10): { fn: string; ms: number; pct: number }[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${basename(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const span = (p.endTime - p.startTime) / 1000;
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, ms]) => ({ fn, ms, pct: (100 * ms) / span }));
}

if (import.meta.main) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node bench/cpu-top.ts FILE.cpuprofile [N]');
  for (const r of topSelf(file, Number(process.argv[3] ?? 15)))
    console.log(`${r.ms.toFixed(0).padStart(7)} ms ${r.pct.toFixed(1).padStart(5)} %  ${r.fn}`);
}
