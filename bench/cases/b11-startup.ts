import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type BenchCase, type CaseContext, type Row, judge } from '../harness/case';
import { launchChromium } from '../harness/browser-session';
import { measureBundle, type BundleBaseline, type BundleSize, type Size } from '../harness/bundle-size';
import { coldLoad, type ColdLoad } from '../harness/cold-load';
import { median } from '../harness/stats';

/**
 * B11 (issue 12): startup. A browser host starts with a workspace file of 8 tabs of every kind in its data directory
 * (harness/startup-workspace.ts; three tabs open their socket at start); a fresh browser context (empty cache, as a
 * first visit) loads the page. Measured in the page's clock from navigation start to `interactiveAt` as
 * harness/startup-probe.ts defines it: all 8 tabs in the bar, the 8th (active) tab's panel showing its saved remote
 * port, its send box enabled, that frame produced and the main thread back at its event loop. Then a real key press
 * into the send box proves it takes input (the time from the key to the character shown is reported).
 * The median over several cold loads (a new host and a new context each), target ≤ 500 ms.
 *
 * Also the renderer bundle (out/renderer/assets), raw and gzip, against bench/bundle-baseline.json: the initial load
 * (what index.html names) and every asset; a growth beyond 10 % is flagged (record a new baseline with its reason:
 * `npx tsx bench/tools/record-bundle-baseline.ts "why"`).
 */

const TARGET_MS = 500;
const BASELINE_FILE = path.join('bench', 'bundle-baseline.json');

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

function bundleRow(ctx: CaseContext, which: 'initial' | 'total', now: Size, base: BundleBaseline | undefined, size: BundleSize): Row {
  const ratio = base ? now.gzip / base[which].gzip : Number.NaN;
  const rawRatio = base ? now.raw / base[which].raw : Number.NaN;
  const files = Object.entries(size.byFile)
    .filter(([, f]) => which === 'total' || f.initial)
    .map(([name, f]) => `${name} ${kb(f.raw)}/${kb(f.gzip)}`)
    .join(', ');
  return {
    id: 'B11',
    what: `renderer bundle, ${which === 'initial' ? 'initial load (what index.html names)' : 'every asset'}, gzip`,
    unit: 'KiB',
    delivered: now.gzip / 1024,
    ...(base ? { baselineName: `bundle-baseline.json (${base.commit})`, baseline: base[which].gzip / 1024, ratio } : {}),
    target: '≤ 1.10× baseline, raw and gzip',
    status: base ? judge(ctx, ratio <= 1.1 && rawRatio <= 1.1) : 'error',
    note: base
      ? `raw ${kb(now.raw)} (${rawRatio.toFixed(2)}× the baseline's ${kb(base[which].raw)}), gzip ${kb(now.gzip)}, ${now.files} files: ${files}; baseline recorded ${base.recorded}: ${base.why}`
      : `no ${BASELINE_FILE}: record one with bench/tools/record-bundle-baseline.ts`,
  };
}

export const b11Startup: BenchCase = {
  id: 'B11',
  title: 'startup: page load → restored workspace of 8 tabs interactive (Chromium), renderer bundle size',
  async run(ctx) {
    const loads = ctx.smoke ? 1 : Math.max(7, ctx.reps);
    const before = loadavg();
    const browser = await launchChromium();
    const runs: ColdLoad[] = [];
    try {
      for (let i = 0; i < loads; i++) {
        const run = await coldLoad(browser, ctx.root);
        runs.push(run);
        ctx.log(
          `  load ${i + 1}/${loads}: interactive ${run.interactiveAt.toFixed(0)} ms (DOM ${run.domAt.toFixed(0)}, FCP ${run.firstContentfulPaint.toFixed(0)}, ` +
            `script ${run.scriptRequest.toFixed(0)}→${run.scriptEnd.toFixed(0)}, main thread CPU ${run.main.cpu.toFixed(0)} (tasks ${run.main.tasks.toFixed(0)}: script ${run.main.script.toFixed(0)}, ` +
            `style ${run.main.style.toFixed(0)}, layout ${run.main.layout.toFixed(0)}, compile ${run.main.compile.toFixed(0)}), DCL ${run.domContentLoaded.toFixed(0)}, sessions ${run.sessionsAt.toFixed(0)}; marks ${JSON.stringify(run.marks)}); ` +
            `key → shown ${run.key.paintedMs.toFixed(1)} ms; load ${loadavg()}`,
        );
      }
    } finally {
      await browser.close();
    }
    const after = loadavg();
    const med = (pick: (r: ColdLoad) => number): string => median(runs.map(pick)).toFixed(0);
    const interactive = median(runs.map((r) => r.interactiveAt));
    const longest = Math.max(0, ...runs.flatMap((r) => r.longTasks.map((t) => t.duration)));
    const markNames = [...new Set(runs.flatMap((r) => Object.keys(r.marks)))];
    const size = await measureBundle(ctx.root);
    const base = await readFile(path.join(ctx.root, BASELINE_FILE), 'utf8').then(
      (text) => JSON.parse(text) as BundleBaseline,
      () => undefined,
    );
    return [
      {
        id: 'B11',
        what: `navigation start → restored workspace of 8 tabs interactive, median of ${loads} cold loads`,
        unit: 'ms',
        delivered: interactive,
        target: `≤ ${TARGET_MS} ms`,
        status: judge(ctx, interactive <= TARGET_MS),
        note:
          `load average ${before} before, ${after} after; each ${runs.map((r) => r.interactiveAt.toFixed(0)).join('/')} ms; medians: response ${med((r) => r.responseEnd)}, ` +
          `script requested ${med((r) => r.scriptRequest)}, received ${med((r) => r.scriptEnd)}, DOMContentLoaded ${med((r) => r.domContentLoaded)}, first contentful paint ${med((r) => r.firstContentfulPaint)}` +
          `${markNames.map((name) => `, ${name} ${med((r) => r.marks[name] ?? Number.NaN)}`).join('')}, ` +
          `workspace in the DOM ${med((r) => r.domAt)}, interactive ${med((r) => r.interactiveAt)}, open-at-start sockets open ${med((r) => r.sessionsAt)} ms; ` +
          `main thread to interactive (CDP Performance.getMetrics): CPU ${med((r) => r.main.cpu)} ms, tasks ${med((r) => r.main.tasks)} ms of wall time ` +
          `(script ${med((r) => r.main.script)}, style ${med((r) => r.main.style)}, layout ${med((r) => r.main.layout)}, compile ${med((r) => r.main.compile)}); ` +
          `long tasks before interactive: ${runs.map((r) => r.longTasks.length).join('/')} (longest ${longest.toFixed(0)} ms); interactive = 8 tabs in the bar, ` +
          `the active tab's panel with its saved remote port, its send box enabled, then the next frame and a task after it`,
        runs,
      },
      {
        id: 'B11',
        what: 'first key press into the restored send box → the character shown (painted)',
        unit: 'ms',
        delivered: median(runs.map((r) => r.key.paintedMs)),
        target: 'info: the send box takes input',
        status: 'info',
        note: `keydown's timestamp → the box's value ends with the key → the next frame; each ${runs.map((r) => r.key.paintedMs.toFixed(0)).join('/')} ms`,
      },
      bundleRow(ctx, 'initial', size.initial, base, size),
      bundleRow(ctx, 'total', size.total, base, size),
    ];
  },
};
