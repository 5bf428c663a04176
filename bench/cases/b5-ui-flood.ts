import type { Page } from '@playwright/test';
import { type BenchCase, type CaseContext, type Row, judge } from '../harness/case';
import { sampleEvery, type AppSession } from '../harness/browser-session';
import { closeSession, freeUdpPort, openUdp, sessionState } from '../harness/desk-actions';
import { actionResult, armAction, startFrameProbe, stopFrameProbe } from '../harness/page-probes';
import { type FloodFrames, finalDrops, floodFrames, frameTimeRow, heapPeakRow, longTasksRow, settledRxFrames, withAppUnderFlood, withHeapInMB } from '../harness/ui-flood';
import { pollUntil, sleep } from '../harness/wait';

/**
 * B5: the browser host's UI in Chromium while one UDP session takes a steady flood.
 *
 * Phase 1 (the full flood): counters exact at the end (counter-rx frames = sent − the socket's kernel drops),
 * long tasks after the first second, rAF frame-time p95, JS heap peak (CDP, sampled every second).
 * Phase 2 (a second session and a shorter flood of the same rate): a click on 关闭 at 75 % of the flood, timed
 * in the page from the click's input timestamp to open-toggle's data-state change (and the frame after it).
 * Two phases because the click closes the session: phase 1 can then check the counters of a whole flood.
 * Baseline: a plain page with only the rAF loop, same browser, same run (the idle frame time of this machine).
 */

const SIZE = 64;

interface FloodPhase extends FloodFrames {
  sent: number;
  elapsedMs: number;
  drops: number;
  counted: number;
  heapSamples: number[];
}

async function floodPhase(ctx: CaseContext, app: AppSession, rate: number, seconds: number): Promise<FloodPhase> {
  const page = app.page;
  const port = await freeUdpPort();
  await openUdp(page, port);
  const heap = sampleEvery(1_000, () => app.bench.jsHeapUsed());
  const t0 = await startFrameProbe(page);
  const { sent, elapsedMs } = await ctx.load.request(
    { kind: 'udp-paced', host: '127.0.0.1', port, size: SIZE, count: rate * seconds, durationMs: seconds * 1000, ratePerSec: rate },
    seconds * 1000 + 15_000,
  );
  const probe = await stopFrameProbe(page);
  // The socket queue drains into the engine, the last batch reaches the page: then the drops are final.
  const drops = await finalDrops(port);
  const counted = await settledRxFrames(page, sent - drops);
  const heapSamples = await heap.stop();
  await closeSession(page);
  return { sent, elapsedMs, drops, counted, ...floodFrames(probe, t0, elapsedMs), heapSamples };
}

interface ClickPhase {
  sent: number;
  /** Input timestamp → data-state leaves "open", ms. */
  domMs: number;
  /** Input timestamp → the rAF after that, ms. */
  paintedMs: number;
  /** ms the click waited for the main thread before its handler ran. */
  queuedMs: number;
  newState: string;
}

async function clickPhase(ctx: CaseContext, page: Page, rate: number, seconds: number): Promise<ClickPhase> {
  const port = await freeUdpPort();
  await openUdp(page, port);
  const flood = ctx.load.request(
    { kind: 'udp-paced', host: '127.0.0.1', port, size: SIZE, count: rate * seconds, durationMs: seconds * 1000, ratePerSec: rate },
    seconds * 1000 + 15_000,
  );
  await sleep(seconds * 750);
  await armAction(page, ['click'], `() => { const s = document.querySelector('[data-testid="open-toggle"]')?.getAttribute('data-state'); return s !== 'open' && s; }`);
  await page.getByTestId('open-toggle').click({ timeout: 10_000 });
  const timing = await actionResult(page);
  const { sent } = await flood;
  await pollUntil('the session to close', async () => ((await sessionState(page)) === 'closed' ? true : undefined), 10_000);
  return { sent, domMs: timing.domMs, paintedMs: timing.paintedMs, queuedMs: timing.queuedMs, newState: timing.detail ?? '' };
}

export const b5UiFlood: BenchCase = {
  id: 'B5',
  title: 'UI under flood in Chromium (browser host)',
  async run(ctx) {
    const rate = ctx.smoke ? 5_000 : 50_000;
    const seconds = ctx.smoke ? 2 : 30;
    const clickSeconds = ctx.smoke ? 1 : 8;
    const {
      idleP95,
      measured: { flood, click },
    } = await withAppUnderFlood(ctx, async (app) => {
      const flood = await floodPhase(ctx, app, rate, seconds);
      ctx.log(`  flood: ${JSON.stringify(withHeapInMB(flood))}`);
      const click = await clickPhase(ctx, app.page, rate, clickSeconds);
      ctx.log(`  click: ${JSON.stringify(click)}`);
      return { flood, click };
    });

    const label = `${Math.round(rate / 1000)}k dgram/s × ${SIZE} B × ${seconds} s`;
    const achieved = flood.sent / (flood.elapsedMs / 1000);
    const expected = flood.sent - flood.drops;
    const exact = flood.counted === expected;
    const rows: Row[] = [
      {
        id: 'B5',
        what: `counter-rx exact after ${label}`,
        unit: 'dgram',
        offered: flood.sent,
        delivered: flood.counted,
        loss: flood.drops / flood.sent,
        target: 'counter = sent − socket drops',
        status: judge(ctx, exact),
        note: `${exact ? 'exact' : `OFF BY ${flood.counted - expected}`}: counter ${flood.counted}, sent ${flood.sent} at ${Math.round(achieved)} /s, kernel drops ${flood.drops} (/proc/net/udp); loss = kernel drops`,
      },
      longTasksRow(ctx, 'B5', label, flood.longTasks),
      frameTimeRow(ctx, 'B5', label, flood, idleP95),
      {
        id: 'B5',
        what: `click 关闭 → data-state changes, during a ${Math.round(rate / 1000)}k dgram/s flood`,
        unit: 'ms',
        delivered: click.domMs,
        target: '≤ 100 ms',
        status: judge(ctx, click.domMs <= 100 && click.newState === 'closed'),
        note: `at 75 % of a ${clickSeconds} s flood in a second session; from the click's input timestamp (it waited ${click.queuedMs.toFixed(1)} ms for the main thread) to data-state "${click.newState}"; next frame at ${click.paintedMs.toFixed(1)} ms`,
      },
      heapPeakRow(ctx, 'B5', label, flood.heapSamples),
    ];
    return rows.map((row, i) => (i === 0 ? { ...row, runs: { flood, click, idleP95 } } : row));
  },
};
