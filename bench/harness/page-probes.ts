import type { Page } from '@playwright/test';
import { pollUntil } from './wait';

/**
 * In-page measurement for the UI cases (B5, B6). The probes run inside the page, in the page's clock
 * (performance.now(), ms), so no round trip to the bench process is inside any measured interval. They are
 * plain script text because the Node-side tsconfig has no DOM types.
 */

export interface FrameProbeData {
  /** rAF timestamps, ms (page clock). Consecutive differences are frame times. */
  readonly frames: number[];
  /** Long tasks (> 50 ms of main-thread work), from PerformanceObserver 'longtask' with buffered entries. */
  readonly longTasks: { start: number; duration: number }[];
  /** performance.now() when read. */
  readonly now: number;
}

/**
 * Starts (or restarts) the long-task observer and, unless `recordFrames` is false, the rAF loop; returns the page
 * clock at the start, ms. A case that measures the page's heap over minutes and reads no frame times (B10) passes
 * false: the loop keeps every frame's time stamp in a page array, 60 a second, and over a 10-minute soak those
 * 36 000 doubles (≈ 0.3–0.4 MB with the array's spare capacity) were most of the heap "growth" B10 measured.
 */
export async function startFrameProbe(page: Page, { recordFrames = true }: { recordFrames?: boolean } = {}): Promise<number> {
  return page.evaluate<number>(`(() => {
    const old = window.__benchFrames;
    if (old) { old.running = false; old.observer.disconnect(); }
    const probe = { running: true, frames: [], longTasks: [], observer: null };
    probe.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
    });
    probe.observer.observe({ type: 'longtask', buffered: true });
    if (${JSON.stringify(recordFrames)}) {
      const loop = (t) => { if (!probe.running) return; probe.frames.push(t); requestAnimationFrame(loop); };
      requestAnimationFrame(loop);
    }
    window.__benchFrames = probe;
    return performance.now();
  })()`);
}

/** Stops the loop and returns what it collected. */
export async function stopFrameProbe(page: Page): Promise<FrameProbeData> {
  return page.evaluate<FrameProbeData>(`(() => {
    const p = window.__benchFrames;
    p.running = false;
    for (const e of p.observer.takeRecords()) p.longTasks.push({ start: e.startTime, duration: e.duration });
    p.observer.disconnect();
    return { frames: p.frames, longTasks: p.longTasks, now: performance.now() };
  })()`);
}

/** Frame times (ms) between consecutive rAF callbacks whose later timestamp is ≥ `from` (page clock). */
export function frameTimes(data: FrameProbeData, from = -Infinity, to = Infinity): number[] {
  const out: number[] = [];
  for (let i = 1; i < data.frames.length; i++) {
    const t = data.frames[i]!;
    if (t >= from && t <= to) out.push(t - data.frames[i - 1]!);
  }
  return out;
}

/** Timings of one user action: input dispatched → the DOM shows the result → the next frame (painted). */
export interface ActionTiming {
  /**
   * Page clock of the first watched input event, ms: its `timeStamp` (when the browser received the input), so
   * time the event waited behind a busy main thread counts too.
   */
  readonly inputAt: number;
  /** ms the event waited before it was dispatched to the page (dispatch − timeStamp). */
  readonly queuedMs: number;
  /** ms from input to the DOM showing the result (seen by a MutationObserver or a per-frame check). */
  readonly domMs: number;
  /** ms from input to the rAF after that (the frame showing it has been produced). */
  readonly paintedMs: number;
  readonly detail?: string;
}

/**
 * Arms a probe for the next input event (`events`, capture phase on window) after which `done` (a JS function
 * expression `() => string | false`, evaluated in the page) turns truthy. `done` is checked on every mutation
 * of the document (MutationObserver, subtree + attributes) and on every animation frame; the first truthy
 * value is the result's `detail`. Await `resultOf(page)` after performing the action.
 */
export async function armAction(page: Page, events: readonly string[], done: string): Promise<void> {
  await page.evaluate(`(() => {
    const done = (${done});
    const r = { inputAt: -1, dispatchAt: -1, domAt: -1, paintedAt: -1, detail: undefined };
    window.__benchAction = r;
    const check = () => {
      if (r.inputAt < 0 || r.domAt >= 0) return;
      const d = done();
      if (d) {
        r.domAt = performance.now();
        r.detail = String(d);
        mo.disconnect();
        requestAnimationFrame(() => { r.paintedAt = performance.now(); });
      }
    };
    const mo = new MutationObserver(check);
    const onInput = (e) => {
      if (r.inputAt >= 0) return;
      r.dispatchAt = performance.now();
      r.inputAt = Math.min(e.timeStamp, r.dispatchAt);
      for (const e of ${JSON.stringify(events)}) window.removeEventListener(e, onInput, true);
      mo.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
      const frame = () => { check(); if (r.domAt < 0) requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    };
    for (const e of ${JSON.stringify(events)}) window.addEventListener(e, onInput, true);
  })()`);
}

/**
 * Waits (bounded) for the armed action's result. Polls with page.evaluate (CDP Runtime.evaluate), not
 * waitForFunction: the app's CSP has no 'unsafe-eval', which waitForFunction's string predicates need.
 */
export async function actionResult(page: Page, timeoutMs = 10_000): Promise<ActionTiming> {
  type Raw = { inputAt: number; dispatchAt: number; domAt: number; paintedAt: number; detail?: string };
  const r = await pollUntil(
    'the page to show the result of the action',
    () => page.evaluate<Raw | undefined>(`(() => { const r = window.__benchAction; return r && r.paintedAt >= 0 ? r : undefined; })()`),
    timeoutMs,
    50,
  );
  return { inputAt: r.inputAt, queuedMs: r.dispatchAt - r.inputAt, domMs: r.domAt - r.inputAt, paintedMs: r.paintedAt - r.inputAt, ...(r.detail ? { detail: r.detail } : {}) };
}

/**
 * Times a programmatic action (`script`, JS run in the page) like a user's: the probe is armed on a synthetic
 * event dispatched just before the script, so `inputAt` is when the script starts.
 */
export async function timedScript(page: Page, script: string, done: string): Promise<ActionTiming> {
  await armAction(page, ['bench-trigger'], done);
  await page.evaluate(`(() => { window.dispatchEvent(new Event('bench-trigger')); ${script}; })()`);
  return actionResult(page);
}

/** A plain page with nothing but the frame probe: the idle frame time of this Chromium on this machine. */
export async function idleFrameBaseline(page: Page, ms: number): Promise<FrameProbeData> {
  await page.setContent('<!doctype html><title>rAF baseline</title><p>baseline</p>');
  await startFrameProbe(page);
  await page.waitForTimeout(ms);
  return stopFrameProbe(page);
}
