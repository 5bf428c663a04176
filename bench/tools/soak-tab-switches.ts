/**
 * What a tab switch in B10's workspace costs the page by itself: the seeded soak tabs, their logs first filled by
 * 10 s of B10's load (200 000 messages sent to each tab; what the UDP tabs keep after the kernel's drops is
 * printed), then with the sockets idle the next
 * tab clicked every second, and every long task (> 50 ms) the page reports meanwhile:
 *   npx electron-vite build && npx tsx bench/tools/soak-tab-switches.ts [switches=24]
 * On an idle machine a task's wall time is its own work, so a switch that stays under 50 ms here and turns into a
 * long task under the soak's load did so waiting for a CPU (bench/tools/trace-soak-tasks.ts shows the same per task).
 */
import { fileURLToPath } from 'node:url';
import { activateTab, counterOf } from '../harness/desk-actions';
import { startFrameProbe, stopFrameProbe } from '../harness/page-probes';
import { soakFlood, withSoakPage } from '../harness/soak-page';
import { sleep } from '../harness/wait';

const switches = Number(process.argv[2] ?? 24);
if (!(Number.isInteger(switches) && switches > 0 && switches <= 1000)) throw new Error('usage: soak-tab-switches.ts [switches 1–1000]');
const root = fileURLToPath(new URL('../..', import.meta.url));

await withSoakPage(root, async ({ app, tabs, load }) => {
  const page = app.page;
  await soakFlood(load, tabs, 10_000, 60_000);
  await sleep(5_000); // the page and host catch up with the last batches
  const received = (await counterOf(page, 'rx')).frames;
  const t0 = await startFrameProbe(page, { recordFrames: false });
  const clickMs: number[] = [];
  for (let i = 1; i <= switches; i++) {
    const started = performance.now();
    await activateTab(page, tabs[i % tabs.length]!.id);
    clickMs.push(performance.now() - started);
    await sleep(1_000);
  }
  const probe = await stopFrameProbe(page);
  const sorted = [...clickMs].sort((a, b) => a - b);
  console.log(`${switches} switches over ${tabs.length} tabs with full logs (the shown tab received ${received}), sockets idle; click → tab shown (bench clock, includes the round trip): median ${sorted[sorted.length >> 1]!.toFixed(0)} ms, worst ${sorted[sorted.length - 1]!.toFixed(0)} ms`);
  const long = probe.longTasks.filter((t) => t.start >= t0);
  console.log(`long tasks > 50 ms: ${long.length}${long.length ? `: ${long.map((t) => `${((t.start - t0) / 1000).toFixed(1)} s/${t.duration.toFixed(0)} ms`).join(', ')}` : ''}`);
});
