/**
 * What B10's long tasks are made of: a Chromium trace of the page during the soak load, and for every task on the
 * page's main thread longer than 50 ms of wall time, how much of it the thread actually ran (the trace's thread
 * time, `tdur`) and what ran inside it:
 *   npx electron-vite build && npx tsx bench/tools/trace-soak-tasks.ts [seconds=120] [switchEverySeconds=30]
 * Same seeded workspace and load as B10 (4 tabs × 20 000 msg/s), the next tab clicked every `switchEverySeconds`.
 * A task whose wall time is long but whose thread time is short waited for a CPU: the machine, not the page's work.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activateTab } from '../harness/desk-actions';
import { soakFlood, withSoakPage } from '../harness/soak-page';
import { sleep } from '../harness/wait';

const seconds = Number(process.argv[2] ?? 120);
const switchEvery = Number(process.argv[3] ?? 30);
const LONG_MS = 50;
const root = fileURLToPath(new URL('../..', import.meta.url));

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** The page's main thread: the CrRendererMain with the most complete events. */
function pageMainThread(events: readonly TraceEvent[]): { pid: number; tid: number } {
  const counts = new Map<string, number>();
  for (const e of events) if (e.ph === 'X') counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = mains.sort((a, b) => (counts.get(`${b.pid}:${b.tid}`) ?? 0) - (counts.get(`${a.pid}:${a.tid}`) ?? 0))[0];
  if (!main) throw new Error('no CrRendererMain thread in the trace');
  return { pid: main.pid, tid: main.tid };
}

/** Wall and thread time of each long top-level task, and its largest children by wall time. */
function longTasks(events: readonly TraceEvent[]): string[] {
  const main = pageMainThread(events);
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = own.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask');
  const t0 = own[0]?.ts ?? 0;
  const lines: string[] = [];
  let longCount = 0;
  let wallSum = 0;
  let threadSum = 0;
  for (const task of tasks) {
    if (task.dur! < LONG_MS * 1000) continue;
    longCount++;
    wallSum += task.dur!;
    threadSum += task.tdur ?? 0;
    const end = task.ts + task.dur!;
    const children = own
      .filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end && e.dur! >= 2_000)
      .sort((a, b) => b.dur! - a.dur!)
      .slice(0, 5)
      .map((e) => `${e.name} ${(e.dur! / 1000).toFixed(1)}/${((e.tdur ?? 0) / 1000).toFixed(1)}`);
    lines.push(
      `at ${((task.ts - t0) / 1e6).toFixed(1)} s: wall ${(task.dur! / 1000).toFixed(1)} ms, thread ${((task.tdur ?? 0) / 1000).toFixed(1)} ms; inside (wall/thread ms): ${children.join(', ') || '—'}`,
    );
  }
  const allThread = tasks.reduce((sum, t) => sum + (t.tdur ?? 0), 0);
  const maxThread = tasks.reduce((max, t) => Math.max(max, t.tdur ?? 0), 0);
  lines.push(
    `${longCount} tasks > ${LONG_MS} ms of wall time: wall ${(wallSum / 1000).toFixed(0)} ms, thread ${(threadSum / 1000).toFixed(0)} ms in all; ` +
      `${tasks.length} tasks, the longest thread time of any task ${(maxThread / 1000).toFixed(1)} ms, ${(allThread / 1e6).toFixed(1)} s of thread time in all`,
  );
  return lines;
}

await withSoakPage(root, async ({ browser, app, tabs, load }) => {
  const flood = soakFlood(load, tabs, seconds * 1000, (seconds + 60) * 1000);
  // No 'blink' category: it is most of the trace's size (123 MB for 25 s with it), and a trace past ~500 MB cannot be
  // read into one string. 'devtools.timeline' and 'v8' still name what ran inside each task.
  await browser.startTracing(app.page, { categories: ['toplevel', 'devtools.timeline', 'v8'] });
  const started = performance.now();
  let next = 0;
  while ((performance.now() - started) / 1000 + switchEvery < seconds) {
    await sleep(switchEvery * 1000);
    next = (next + 1) % tabs.length;
    await activateTab(app.page, tabs[next]!.id);
  }
  await flood;
  const trace = await browser.stopTracing();
  const file = path.join(os.tmpdir(), `socketdesk-soak-trace-${Date.now()}.json`);
  writeFileSync(file, trace);
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
  console.log(`trace: ${file} (${(trace.length / 1e6).toFixed(0)} MB)`);
  for (const line of longTasks(parsed.traceEvents)) console.log(line);
});
