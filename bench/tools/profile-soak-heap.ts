/**
 * What grows in the page's heap during B10's soak: two heap snapshots of the page (CDP HeapProfiler), each after a
 * forced full collection and with the same tab shown, diffed per kind of object:
 *   npx electron-vite build && npx tsx bench/tools/profile-soak-heap.ts [seconds=240] [switchEverySeconds=30] [flood=1]
 * Same seeded workspace and load as B10 (4 tabs × 20 000 msg/s; flood=0 leaves the sockets idle, to tell what the
 * tab switches alone leave behind). The first snapshot is taken after 60 s, three more at equal steps up to the end;
 * the bench clicks the next tab every `switchEverySeconds`. Prints the live heap at each and the kinds that grew.
 */
import type { Page } from '@playwright/test';
import type { SoakTab } from '../harness/soak-workspace';
import { activateTab } from '../harness/desk-actions';
import { diffHeapSummaries, summarizeHeapSnapshot } from '../harness/heap-snapshot-summary';
import { soakFlood, withSoakPage } from '../harness/soak-page';
import { sleep } from '../harness/wait';
import type { CDPSession } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const seconds = Number(process.argv[2] ?? 240);
const switchEvery = Number(process.argv[3] ?? 30);
const flood = process.argv[4] !== '0';
const WARM_UP_S = 60;
const SNAPSHOT_STEPS = 3;
if (!(seconds > WARM_UP_S && switchEvery > 0)) throw new Error('usage: profile-soak-heap.ts [seconds > 60] [switchEverySeconds > 0] [flood=1|0]');
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A full collection, then a snapshot; returns the live heap and the snapshot summed per kind. */
async function snapshot(cdp: CDPSession): Promise<{ usedMb: number; v8Mb: number; summary: ReturnType<typeof summarizeHeapSnapshot> }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usedMb = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
  let text = '';
  const onChunk = (event: { chunk: string }): void => void (text += event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const summary = summarizeHeapSnapshot(text);
  // V8's own heap in the snapshot: everything but Blink's and the backing stores' native nodes.
  let v8Bytes = 0;
  for (const [key, entry] of summary) if (!key.startsWith('native ')) v8Bytes += entry.bytes;
  return { usedMb, v8Mb: v8Bytes / 1e6, summary };
}

async function showTab(page: Page, tab: SoakTab): Promise<void> {
  await activateTab(page, tab.id);
  await sleep(500);
}

await withSoakPage(root, async ({ app, tabs, load }) => {
  const floodDone = flood ? soakFlood(load, tabs, (seconds + 30) * 1000, (seconds + 90) * 1000) : Promise.resolve();
  const cdp = app.bench.cdp;
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  let switches = 0;
  let next = 0;
  const switchUntil = async (untilS: number): Promise<void> => {
    while (elapsed() < untilS) {
      await sleep(Math.min(switchEvery, untilS - elapsed()) * 1000);
      if (elapsed() >= untilS) break;
      next = (next + 1) % tabs.length;
      await showTab(app.page, tabs[next]!);
      switches++;
    }
  };
  await switchUntil(WARM_UP_S);
  await showTab(app.page, tabs[0]!);
  const first = await snapshot(cdp);
  const firstAt = elapsed();
  console.log(`snapshot at ${firstAt.toFixed(0)} s: live heap ${first.usedMb.toFixed(2)} MB, V8 nodes ${first.v8Mb.toFixed(2)} MB`);
  // Snapshots at equal steps after the first: growth that slows from one step to the next is a cache filling up.
  let previous = first;
  for (let step = 1; step <= SNAPSHOT_STEPS; step++) {
    await switchUntil(firstAt + ((seconds - firstAt) * step) / SNAPSHOT_STEPS);
    await showTab(app.page, tabs[0]!);
    const shot = await snapshot(cdp);
    console.log(`snapshot at ${elapsed().toFixed(0)} s: live heap ${shot.usedMb.toFixed(2)} MB, V8 nodes ${shot.v8Mb.toFixed(2)} MB (${switches} tab switches so far, flood ${flood ? 'on' : 'off'})`);
    console.log('  kind | count Δ | bytes Δ (against the previous snapshot)');
    for (const row of diffHeapSummaries(previous.summary, shot.summary).filter((r) => r.bytes !== 0 || r.count !== 0).slice(0, 12)) {
      console.log(`  ${row.key.slice(0, 120)} | ${row.count} | ${row.bytes}`);
    }
    previous = shot;
  }
  await floodDone;
});
