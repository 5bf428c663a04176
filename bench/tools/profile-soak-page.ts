/**
 * CPU profile of the page (Chromium, CDP Profiler) during B10's soak load, for finding what its long tasks are:
 *   npx electron-vite build && npx tsx bench/tools/profile-soak-page.ts [seconds=20] [out=bench/profiles/b10-page.cpuprofile]
 * Same seeded workspace and load as B10 (4 tabs × 20 000 msg/s). Prints the long tasks seen and the top self-time
 * functions (bench/tools/top-self.ts reads the file again).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { soakFlood, withSoakPage } from '../harness/soak-page';
import { startFrameProbe, stopFrameProbe } from '../harness/page-probes';

const seconds = Number(process.argv[2] ?? 20);
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = path.resolve(process.argv[3] ?? path.join(root, 'bench', 'profiles', 'b10-page.cpuprofile'));
await withSoakPage(root, async ({ app, tabs, load }) => {
  const flood = soakFlood(load, tabs, (seconds + 5) * 1000, (seconds + 60) * 1000);
  await new Promise((r) => setTimeout(r, 3_000));
  const cdp = app.bench.cdp;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const t0 = await startFrameProbe(app.page, { recordFrames: false });
  await cdp.send('Profiler.start');
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const { profile } = await cdp.send('Profiler.stop');
  const probe = await stopFrameProbe(app.page);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(profile));
  console.log(`wrote ${out}; long tasks: ${probe.longTasks.map((t) => `${((t.start - t0) / 1000).toFixed(1)} s/${t.duration.toFixed(0)} ms`).join(', ') || 'none'}`);
  await flood;
});
