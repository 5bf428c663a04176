/**
 * B11's cold load for two builds, interleaved (A, B, A, B, …) so a machine shared with other work weighs on both
 * alike: `npx tsx bench/tools/compare-startup.ts <rootA> <rootB> [loads=9]`. A root is a directory whose out/ holds a
 * build (`npx electron-vite build --outDir DIR/out`, DIR/node_modules linked to this repository's). Prints each load
 * and the medians: interactive, main-thread CPU, script, style, layout.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { launchChromium } from '../harness/browser-session';
import { coldLoad, type ColdLoad } from '../harness/cold-load';
import { median } from '../harness/stats';

const [a, b] = [process.argv[2], process.argv[3]].map((r) => path.resolve(r ?? ''));
const loads = Number(process.argv[4] ?? 9);
if (!process.argv[3]) throw new Error('give two roots');
const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const runs: Record<string, ColdLoad[]> = { [a!]: [], [b!]: [] };
console.log(`load average ${loadavg()}`);
const browser = await launchChromium();
try {
  for (let i = 0; i < loads; i++) {
    for (const root of [a!, b!]) {
      const r = await coldLoad(browser, root);
      runs[root]!.push(r);
      console.log(`${path.basename(root).padEnd(12)} interactive ${r.interactiveAt.toFixed(0).padStart(5)} ms, main CPU ${r.main.cpu.toFixed(0).padStart(4)}, script ${r.main.script.toFixed(0).padStart(4)}, style ${r.main.style.toFixed(0).padStart(3)}, layout ${r.main.layout.toFixed(0).padStart(3)}; load ${loadavg()}`);
    }
  }
} finally {
  await browser.close();
}
for (const root of [a!, b!]) {
  const r = runs[root]!;
  const m = (pick: (x: ColdLoad) => number): string => median(r.map(pick)).toFixed(0);
  console.log(`${root}: median of ${r.length}: interactive ${m((x) => x.interactiveAt)} ms, main-thread CPU ${m((x) => x.main.cpu)}, script ${m((x) => x.main.script)}, style ${m((x) => x.main.style)}, layout ${m((x) => x.main.layout)}, workspace loaded ${m((x) => x.marks['socketdesk:workspace-loaded'] ?? Number.NaN)}`);
}
