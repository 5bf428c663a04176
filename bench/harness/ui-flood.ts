import type { Page } from '@playwright/test';
import { launchChromium, newBenchPage, openApp, type AppSession } from './browser-session';
import { type CaseContext, type Row, judge } from './case';
import { rxCounter } from './desk-actions';
import { frameTimes, idleFrameBaseline, type FrameProbeData } from './page-probes';
import { udpQueueDrained, udpSocketStats } from './proc-net';
import { percentile } from './stats';
import { pollUntil, settled } from './wait';

/**
 * What the "UI under flood" cases (B5: one session, B9: eight tabs) measure alike: the idle frame time of a plain
 * page (the baseline), the app in that Chromium, the flood window's frame times and long tasks, a socket's final
 * kernel drops and counter-rx, and the rows for long tasks, rAF p95 and JS heap peak. What each case floods and
 * checks beyond that stays in the case.
 */

const MB = 1024 * 1024;
/** Long tasks in the first second after the flood starts are allowed (the issue's "after the first second"). */
const GRACE_MS = 1_000;

/**
 * Launches Chromium, measures a plain page's idle rAF p95 (logged), then opens the app from a fresh browser host and
 * runs `measure` on it. The app and the browser are closed afterwards, also when `measure` throws.
 */
export async function withAppUnderFlood<T>(ctx: CaseContext, measure: (app: AppSession) => Promise<T>): Promise<{ idleP95: number; measured: T }> {
  const browser = await launchChromium();
  try {
    const plain = await newBenchPage(browser);
    const idle = await idleFrameBaseline(plain.page, ctx.smoke ? 1_000 : 3_000);
    await plain.close();
    const idleP95 = percentile(frameTimes(idle), 95);
    ctx.log(`  idle page: rAF p95 ${idleP95.toFixed(2)} ms over ${idle.frames.length} frames`);

    const app = await openApp(browser, ctx.root);
    try {
      return { idleP95, measured: await measure(app) };
    } finally {
      await app.close();
    }
  } finally {
    await browser.close();
  }
}

/** The page during the flood, from the frame probe: from the first second after the start to the flood's end. */
export interface FloodFrames {
  /** Long tasks that started in that window; `start` is ms after the flood's start. */
  longTasks: { start: number; duration: number }[];
  frameP95: number;
  frameP50: number;
  frameMax: number;
  frames: number;
}

/** `t0`: page clock at the flood's start (startFrameProbe); `elapsedMs`: how long the load generator sent. */
export function floodFrames(probe: FrameProbeData, t0: number, elapsedMs: number): FloodFrames {
  const floodEnd = t0 + elapsedMs;
  const times = frameTimes(probe, t0 + GRACE_MS, floodEnd);
  return {
    longTasks: probe.longTasks.filter((t) => t.start >= t0 + GRACE_MS && t.start <= floodEnd).map((t) => ({ start: t.start - t0, duration: t.duration })),
    frameP95: percentile(times, 95),
    frameP50: percentile(times, 50),
    frameMax: Math.max(...times),
    frames: times.length,
  };
}

/** Once the socket's queue has drained into the engine its kernel drops are final: those (NaN if the socket is gone). */
export async function finalDrops(port: number): Promise<number> {
  await udpQueueDrained(port);
  return (await udpSocketStats(port))?.drops ?? Number.NaN;
}

/**
 * The shown session's counter-rx frames once they stop moving, after waiting (up to 5 s, not an error if they do
 * not) for them to reach `expected` (sent − kernel drops). `who` names the counter in the wait.
 */
export async function settledRxFrames(page: Page, expected: number, who = 'counter-rx'): Promise<number> {
  await pollUntil(`${who} to reach sent − drops`, async () => ((await rxCounter(page)).frames >= expected ? true : undefined), 5_000).catch(() => undefined);
  return settled(async () => (await rxCounter(page)).frames, 200, 3_000);
}

/** For the log: the measurement with its heap samples in whole MB. */
export function withHeapInMB<T extends { heapSamples: readonly number[] }>(m: T): T & { heapSamples: number[] } {
  return { ...m, heapSamples: m.heapSamples.map((b) => Math.round(b / MB)) };
}

/** Long tasks > 50 ms after the first second: target none. `context` goes before the list of tasks in the note. */
export function longTasksRow(ctx: CaseContext, id: string, label: string, longTasks: FloodFrames['longTasks'], context = ''): Row {
  const worstTask = Math.max(0, ...longTasks.map((t) => t.duration));
  return {
    id,
    what: `long tasks > 50 ms after the first second (${label})`,
    unit: 'tasks',
    delivered: longTasks.length,
    target: '0',
    status: judge(ctx, longTasks.length === 0),
    note: `longest ${worstTask.toFixed(0)} ms; PerformanceObserver longtask (buffered), ${context}${
      longTasks.length > 0 ? `at ${longTasks.slice(0, 8).map((t) => `${(t.start / 1000).toFixed(1)} s/${t.duration.toFixed(0)} ms`).join(', ')}` : 'none'
    }`,
  };
}

/** rAF frame time p95 against the idle plain page: target ≤ 20 ms. `framesNote` follows "N frames after the first second". */
export function frameTimeRow(ctx: CaseContext, id: string, label: string, f: FloodFrames, idleP95: number, framesNote = ''): Row {
  return {
    id,
    what: `rAF frame time p95 (${label})`,
    unit: 'ms',
    delivered: f.frameP95,
    baselineName: 'plain page, rAF loop only',
    baseline: idleP95,
    ratio: f.frameP95 / idleP95,
    target: '≤ 20 ms',
    status: judge(ctx, f.frameP95 <= 20),
    note: `${f.frames} frames after the first second${framesNote}; p50 ${f.frameP50.toFixed(1)} ms, max ${f.frameMax.toFixed(0)} ms; baseline = idle plain page in the same browser (p95 ${idleP95.toFixed(1)} ms)`,
  };
}

/** Renderer JS heap peak from samples in bytes (NaN samples ignored): target ≤ 300 MB. `span` says when they were taken. */
export function heapPeakRow(ctx: CaseContext, id: string, label: string, heapSamples: readonly number[], span = ''): Row {
  const heapPeak = Math.max(...heapSamples.filter((x) => !Number.isNaN(x))) / MB;
  return {
    id,
    what: `renderer JS heap peak (${label})`,
    unit: 'MB',
    delivered: heapPeak,
    target: '≤ 300 MB',
    status: judge(ctx, heapPeak <= 300),
    note: `CDP Performance.getMetrics JSHeapUsedSize every 1 s${span} (${heapSamples.length} samples, last ${(heapSamples.at(-1)! / MB).toFixed(0)} MB)`,
  };
}
