/**
 * What grows in the browser host's memory during B10's soak, and where: RSS against V8's heap (used, committed),
 * external memory and ArrayBuffers, and native memory (RSS − V8's committed heap: malloc, libuv, code, stacks):
 *   npx electron-vite build && npx tsx bench/tools/profile-soak-host.ts [seconds=600] [switchEverySeconds=30]
 * Same seeded workspace and load as B10 (4 tabs × 20 000 msg/s), the next tab clicked every `switchEverySeconds`.
 * The host runs with `--inspect` so its process.memoryUsage() can be read every 2 s; no collection is forced (B10
 * does not force one in the host either). Each series is reduced to 10 s floors and fitted after the first minute
 * as B10 fits the RSS (harness/trend.ts). The inspector adds its own memory: use B10 for the absolute RSS.
 */
import { fileURLToPath } from 'node:url';
import { activateTab } from '../harness/desk-actions';
import { InspectorSession } from '../harness/inspector-session';
import { processMemory } from '../harness/proc-net';
import { soakFlood, withSoakPage } from '../harness/soak-page';
import { bucketFloors, fitTrend } from '../harness/trend';
import { sleep } from '../harness/wait';

const seconds = Number(process.argv[2] ?? 600);
const switchEvery = Number(process.argv[3] ?? 30);
const SAMPLE_MS = 2_000;
const BUCKET_S = 10;
const WARM_UP_S = 60;
if (!(seconds > WARM_UP_S && switchEvery > 0)) throw new Error('usage: profile-soak-host.ts [seconds > 60] [switchEverySeconds > 0]');
const root = fileURLToPath(new URL('../..', import.meta.url));

/** V8's committed heap, all spaces, from the diagnostic report (the inspector cannot import node:v8 into the host). */
const HEAP_COMMITTED = `(() => { const s = process.report.getReport().javascriptHeap.heapSpaces; let sum = 0; for (const k in s) sum += s[k].committedMemory; return sum; })()`;
const SERIES = ['rss', 'heapCommitted', 'heapUsed', 'external', 'arrayBuffers', 'native'] as const;
type Series = (typeof SERIES)[number];

await withSoakPage(
  root,
  async ({ app, tabs, load }) => {
    const inspector = await InspectorSession.fromOutput(app.host.output);
    try {
      const flood = soakFlood(load, tabs, seconds * 1000, (seconds + 60) * 1000);
      const samples = new Map<Series, [number, number][]>(SERIES.map((k) => [k, []]));
      const started = performance.now();
      const elapsedS = (): number => (performance.now() - started) / 1000;
      let nextSwitchS = switchEvery;
      let shown = 0;
      let count = 0;
      while (elapsedS() < seconds) {
        const at = elapsedS();
        const usage = await inspector.evaluate<{ heapUsed: number; external: number; arrayBuffers: number }>('process.memoryUsage()');
        const heapCommitted = await inspector.evaluate<number>(HEAP_COMMITTED);
        const rss = (await processMemory(app.host.pid)).rssBytes;
        const figures: Record<Series, number> = { rss, heapCommitted, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, native: rss - heapCommitted };
        for (const k of SERIES) samples.get(k)!.push([at, figures[k] / 1e6]);
        if (++count % 30 === 0) console.log(`${at.toFixed(0)} s: ${SERIES.map((k) => `${k} ${(figures[k] / 1e6).toFixed(1)}`).join(', ')} MB`);
        if (at >= nextSwitchS) {
          shown = (shown + 1) % tabs.length;
          await activateTab(app.page, tabs[shown]!.id);
          nextSwitchS += switchEvery;
        }
        await sleep(Math.max(0, SAMPLE_MS - (elapsedS() - at) * 1000));
      }
      await flood;
      console.log(`series after the first ${WARM_UP_S} s, floors of ${BUCKET_S} s (MB):`);
      for (const k of SERIES) {
        const t = fitTrend(bucketFloors(samples.get(k)!.filter(([s]) => s >= WARM_UP_S), BUCKET_S));
        const drift = t.slope * t.windowMin;
        console.log(`  ${k.padEnd(13)} mean ${t.mean.toFixed(1)}, slope ${t.slope.toFixed(3)} MB/min, 95 % CI [${t.ciLow.toFixed(3)}, ${t.ciHigh.toFixed(3)}], drift ${drift.toFixed(2)} MB over ${t.windowMin.toFixed(1)} min`);
      }
    } finally {
      inspector.close();
    }
  },
  ['--inspect=127.0.0.1:0'],
);
