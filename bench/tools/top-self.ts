/** Summarizes a .cpuprofile: top functions by self time. `npx tsx bench/tools/top-self.ts file.cpuprofile [n]` */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const profile = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const n = Number(process.argv[3] ?? 25);
const byKey = new Map<string, number>();
const total = profile.samples.length;
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
for (const node of profile.nodes) {
  const f = node.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(work\/main\/)?/, '')}:${f.lineNumber + 1}`;
  byKey.set(key, (byKey.get(key) ?? 0) + (hits.get(node.id) ?? 0));
}
for (const [key, count] of [...byKey].sort((a, b) => b[1] - a[1]).slice(0, n)) {
  console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
