/**
 * CPU profile of the page (Chromium, CDP Profiler) over B11's cold load of the 8-tab workspace, from before the
 * navigation to the restored UI being interactive:
 *   npx electron-vite build && npx tsx bench/tools/profile-startup.ts [out=bench/profiles/b11-startup.cpuprofile] [root]
 * `root`: a directory whose out/ holds the build to load (default this repository), e.g. an unminified build for
 * readable function names: `npx electron-vite build -c <config with renderer.build.minify false> --outDir DIR/out`
 * with DIR/node_modules linked to this one's. Prints the probe's times; summarize with bench/tools/top-self.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startBrowserHost, VIEWPORT } from '../harness/browser-session';
import { installStartupProbe, readStartup, whenInteractive } from '../harness/startup-probe';
import { STARTUP_EXPECTATION, startupWorkspace } from '../harness/startup-workspace';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(repo, 'bench', 'profiles', 'b11-startup.cpuprofile'));
const root = path.resolve(process.argv[3] ?? repo);
/** The timeline (tasks, script, style, layout, paint) and V8's compile and GC events. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'loading'];
const browser = await launchChromium();
const host = await startBrowserHost(root, { workspace: startupWorkspace() });
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: VIEWPORT });
  await installStartupProbe(context, STARTUP_EXPECTATION);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await browser.startTracing(page, { path: out.replace(/\.cpuprofile$/, '') + '.trace.json', categories: TRACE_CATEGORIES });
  const interactive = whenInteractive(page);
  await page.goto(host.url, { waitUntil: 'commit' });
  await interactive;
  const times = await readStartup(page);
  await browser.stopTracing();
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(profile));
  console.log(JSON.stringify({ ...times, longTasks: times.longTasks.map((t) => `${t.start.toFixed(0)}+${t.duration.toFixed(0)}`) }));
  console.log(`wrote ${out} and its .trace.json`);
  await context.close();
} finally {
  await host.stop();
  await browser.close();
}
