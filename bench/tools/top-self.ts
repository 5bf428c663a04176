/**
 * Summarizes .cpuprofile files: top functions by self time, summed over every file given (several runs of the same
 * thing average out a machine shared with other work). `npx tsx bench/tools/top-self.ts a.cpuprofile [b.cpuprofile …] [n]`
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
const args = process.argv.slice(2);
const files = args.filter((a) => !/^\d+$/.test(a));
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 25);
const byKey = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
  total += profile.samples.length;
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(work\/main\/)?/, '')}:${f.lineNumber + 1}`;
    byKey.set(key, (byKey.get(key) ?? 0) + (hits.get(node.id) ?? 0));
  }
}
for (const [key, count] of [...byKey].sort((a, b) => b[1] - a[1]).slice(0, n)) {
  console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
