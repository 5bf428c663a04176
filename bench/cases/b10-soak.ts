import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { type BenchCase, type CaseContext, type Row, judge } from '../harness/case';
import { launchChromium, openApp, type AppSession } from '../harness/browser-session';
import { activateTab, counterOf, droppedCounter } from '../harness/desk-actions';
import { sampleMemory, type MemorySample } from '../harness/memory-sampler';
import { rendererPids, schedDelta, threadSchedStat, type SchedStat } from '../harness/sched-wait';
import { startFrameProbe, stopFrameProbe } from '../harness/page-probes';
import { cpuDelta, cpuSnapshot } from '../harness/proc-net';
import { bucketFloors, fitTrend, FLAT_DRIFT_FRACTION, type Trend } from '../harness/trend';
import { finalDrops, settledRxFrames } from '../harness/ui-flood';
import { pollUntil, sleep } from '../harness/wait';
import { SOAK_RATE, SOAK_SIZE, soakTabs, soakWorkspace, type SoakTab, type SoakTabKind } from '../harness/soak-workspace';
import type { SoakPacedReply } from '../load/protocol';

/**
 * B10 (issue 12): soak. Four tabs each receive 20 000 messages/s of 64 B for SOAK_MINUTES (default 10) in the real
 * UI (Chromium, browser host), and the bench watches what must not grow.
 *
 * The tabs come from a workspace file written into the host's data directory before it starts, all "open at start"
 * (harness/soak-workspace.ts): two plain UDP tabs, a UDP tab whose auto-reply rule answers every datagram to its
 * sender (the load generator, which discards replies: no loop), and a TCP server tab with framing "delimiter \n" (the
 * contract refuses framing on UDP, so the framed tab is TCP, fed 64 B lines at the same rate).
 * One pacing loop in the load generator (`soak-paced`, sending thread at nice −10 as in B9) drives all four. Every
 * 30 s the bench clicks the next tab, so each tab's panel is mounted and unmounted again and again, as a user
 * looking around would.
 *
 * Measured (harness/memory-sampler.ts): the renderer's live JS heap (after a forced full GC, once per 10 s) and the
 * host's RSS (/proc/PID/status, every second; its floor per 10 s); after the first minute (half the run if it is
 * shorter than 2 minutes) each series gets a least-squares slope with its 95 % interval, judged flat as
 * harness/trend.ts defines it (drift over the window < 5 % of the mean). Long tasks > 50 ms in the page
 * (PerformanceObserver) over the whole soak, beside how long the renderer's and host's main threads waited for a CPU
 * (schedstat: on a shared machine that, not the page's work, makes most long tasks). After the flood: every UDP tab's
 * counter-rx = sent − that socket's kernel drops (/proc/net/udp) and its 丢弃 counter (the engine's
 * counters.rxDropped) = those drops; the TCP tab's counter-rx = lines sent; the rules tab's counter-tx = its
 * counter-rx (every message answered).
 *
 * SOAK_MINUTES (default 10, at most 30): how long the full run soaks. --smoke: 4 s at 2 000 messages/s per tab.
 */

const SMOKE_RATE = 2_000;
const SENDER_NICE = -10;
/** Seconds between tab switches (smoke: one switch at 2 s). */
const SWITCH_EVERY_S = 30;
const SAMPLE_MS = 1_000;
/** The live heap and the RSS floor are read once per bucket of this many seconds at most (fewer in short runs). */
const BUCKET_MAX_S = 10;
const MB = 1024 * 1024;

interface TabCount {
  readonly id: string;
  readonly kind: SoakTabKind;
  readonly sent: number;
  /** The socket's kernel drops (/proc/net/udp); 0 for TCP. */
  readonly drops: number;
  readonly counted: number;
  /** 丢弃 as the tab shows it (NaN for TCP). */
  readonly shownDropped: number;
  /** counter-tx frames (the rules tab's replies). */
  readonly tx: number;
  readonly exact: boolean;
}

interface LongTask {
  /** Seconds into the soak. */
  readonly startS: number;
  readonly duration: number;
  readonly duringSwitch: boolean;
  /** It overlaps one of the bench's forced collections (the live-heap samples). */
  readonly duringGc: boolean;
}

interface Measured {
  readonly seconds: number;
  readonly rate: number;
  readonly tabs: readonly SoakTab[];
  readonly load: SoakPacedReply;
  readonly counts: readonly TabCount[];
  readonly memory: readonly MemorySample[];
  readonly longTasks: readonly LongTask[];
  /** Main threads' time on a CPU and waiting for one during the soak: the page's renderer, the browser host. */
  readonly sched: { renderer: SchedStat; host: SchedStat };
  readonly switches: number;
  readonly cpu: ReturnType<typeof cpuDelta>;
  readonly loadavgBefore: string;
  readonly loadavgAfter: string;
}

export function soakMinutes(): number {
  const minutes = Number(process.env.SOAK_MINUTES ?? 10);
  if (!(minutes > 0 && minutes <= 30)) throw new Error(`SOAK_MINUTES=${process.env.SOAK_MINUTES}: give minutes in (0, 30]`);
  return minutes;
}

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function waitAllOpen(page: Page, n: number): Promise<void> {
  await pollUntil(`${n} tabs open`, async () => ((await page.locator('[data-testid="tab"][data-state="open"]').count()) === n ? true : undefined), 15_000, 50);
}

async function countsAfter(page: Page, tabs: readonly SoakTab[], load: SoakPacedReply): Promise<TabCount[]> {
  const udpTabs = tabs.filter((t) => t.kind !== 'tcp-framed');
  const drops = new Map<string, number>();
  for (const tab of udpTabs) drops.set(tab.id, await finalDrops(tab.port));
  const out: TabCount[] = [];
  for (const tab of tabs) {
    await activateTab(page, tab.id);
    const isUdp = tab.kind !== 'tcp-framed';
    const sent = isUdp ? load.udpSent[udpTabs.indexOf(tab)]! : load.tcpLines;
    const d = drops.get(tab.id) ?? 0;
    const counted = await settledRxFrames(page, sent - d, `${tab.id} counter-rx`);
    // The engine reads the kernel's drops once a second: give its 丢弃 counter that long to catch up.
    const shownDropped = isUdp
      ? await pollUntil(`${tab.id} 丢弃 = ${d}`, async () => ((await droppedCounter(page)) === d ? d : undefined), 3_000, 100).catch(() => droppedCounter(page))
      : Number.NaN;
    const tx = (await counterOf(page, 'tx')).frames;
    const exact = counted === sent - d && (!isUdp || shownDropped === d) && (tab.kind !== 'udp-rules' || tx === counted);
    out.push({ id: tab.id, kind: tab.kind, sent, drops: d, counted, shownDropped, tx, exact });
  }
  return out;
}

async function soak(ctx: CaseContext, app: AppSession, tabs: readonly SoakTab[], rate: number, seconds: number): Promise<Measured> {
  const page = app.page;
  await waitAllOpen(page, tabs.length);
  ctx.log(`  ${tabs.length} tabs open: ${tabs.map((t) => `${t.id}→${t.port}`).join(', ')}`);
  const loadavgBefore = loadavg();
  const named = { host: app.host.pid, load: ctx.load.pid };
  const renderers = await rendererPids();
  if (renderers.length !== 1) ctx.log(`  ${renderers.length} renderer processes (${renderers.join(', ')}): their main threads' times are summed`);
  const sched = async (): Promise<{ renderer: SchedStat; host: SchedStat }> => {
    const all = await Promise.all(renderers.map((pid) => threadSchedStat(pid).catch(() => ({ runMs: Number.NaN, waitMs: Number.NaN }))));
    return { renderer: all.reduce((a, b) => ({ runMs: a.runMs + b.runMs, waitMs: a.waitMs + b.waitMs }), { runMs: 0, waitMs: 0 }), host: await threadSchedStat(app.host.pid) };
  };
  const sched0 = await sched();
  const cpu0 = await cpuSnapshot(named);
  const t0 = await startFrameProbe(page, { recordFrames: false }); // long tasks only: frame times would grow the heap measured
  const started = performance.now();
  const memory = sampleMemory(app.bench, app.host.pid, { intervalMs: SAMPLE_MS, gcEveryMs: bucketOf(seconds) * 1000, origin: started });
  const udpTabs = tabs.filter((t) => t.kind !== 'tcp-framed');
  const tcpTab = tabs.find((t) => t.kind === 'tcp-framed');
  const flood = ctx.load.request(
    {
      kind: 'soak-paced',
      host: '127.0.0.1',
      udpTargets: udpTabs.map((t) => ({ port: t.port, fill: t.fill })),
      ...(tcpTab ? { tcpTarget: { port: tcpTab.port, fill: tcpTab.fill } } : {}),
      size: SOAK_SIZE,
      ratePerTarget: rate,
      durationMs: seconds * 1000,
      nice: SENDER_NICE,
    },
    seconds * 1000 + 120_000,
  );
  let floodDone = false;
  void flood.then(
    () => (floodDone = true),
    () => (floodDone = true),
  );
  // Switches, as page-clock intervals (bench clock mapped onto the page's: both count ms from t0 / started).
  const switchSpans: [number, number][] = [];
  const schedule = ctx.smoke ? [2] : Array.from({ length: Math.floor((seconds - 1) / SWITCH_EVERY_S) }, (_, i) => (i + 1) * SWITCH_EVERY_S);
  let shown = 0;
  for (const at of schedule) {
    const wait = started + at * 1000 - performance.now();
    if (wait > 0) await sleep(wait);
    if (floodDone) break;
    shown = (shown + 1) % tabs.length;
    const from = t0 + (performance.now() - started);
    await activateTab(page, tabs[shown]!.id);
    switchSpans.push([from, t0 + (performance.now() - started)]);
    ctx.log(`  ${at} s: showing ${tabs[shown]!.id}; load ${loadavg()}`);
  }
  const load = await flood;
  const { samples, gcSpans } = await memory.stop();
  const cpu = cpuDelta(cpu0, await cpuSnapshot(named));
  const sched1 = await sched();
  const probe = await stopFrameProbe(page);
  const loadavgAfter = loadavg();
  ctx.log(`  load: ${JSON.stringify({ ...load, stalls: load.stalls.length })}`);
  ctx.log(`  CPU during the soak: ${JSON.stringify(cpu)}`);
  const end = t0 + load.elapsedMs;
  const overlaps = (t: { start: number; duration: number }, spans: readonly [number, number][]): boolean => spans.some(([a, b]) => t.start < b && t.start + t.duration > a);
  const gcPageSpans = gcSpans.map(([a, b]): [number, number] => [t0 + a * 1000, t0 + b * 1000]);
  const longTasks = probe.longTasks
    .filter((t) => t.start >= t0 && t.start <= end)
    .map((t) => ({ startS: (t.start - t0) / 1000, duration: t.duration, duringSwitch: overlaps(t, switchSpans), duringGc: overlaps(t, gcPageSpans) }));
  const counts = await countsAfter(page, tabs, load);
  const schedDuring = { renderer: schedDelta(sched0.renderer, sched1.renderer), host: schedDelta(sched0.host, sched1.host) };
  return { seconds, rate, tabs, load, counts, memory: samples, longTasks, sched: schedDuring, switches: switchSpans.length, cpu, loadavgBefore, loadavgAfter };
}

export const b10Soak: BenchCase = {
  id: 'B10',
  title: 'soak: 4 tabs × 20 000 msg/s (3 UDP, one with auto-reply; 1 TCP framed), heap and RSS flat (browser host)',
  async run(ctx) {
    const seconds = ctx.smoke ? 4 : Math.round(soakMinutes() * 60);
    const rate = ctx.smoke ? SMOKE_RATE : SOAK_RATE;
    const tabs = await soakTabs();
    const workspace = soakWorkspace(tabs);
    const browser = await launchChromium();
    let m: Measured;
    try {
      const app = await openApp(browser, ctx.root, '', { workspace });
      try {
        m = await soak(ctx, app, tabs, rate, seconds);
      } finally {
        await app.close();
      }
    } finally {
      await browser.close();
    }
    return rowsOf(ctx, m);
  },
};

/** Seconds left out at the start: the first minute, or half the run if it is shorter than 2 minutes. */
const warmupOf = (seconds: number): number => (seconds >= 120 ? 60 : seconds / 2);

/** Seconds per bucket: 30 buckets over the window after the warm-up, 1 to BUCKET_MAX_S s each. */
function bucketOf(seconds: number): number {
  return Math.min(BUCKET_MAX_S, Math.max(1, (seconds - warmupOf(seconds)) / 30));
}

/** The floor of each bucket after the warm-up (the live-heap series has one sample per bucket: that sample). */
function trendOf(memory: readonly MemorySample[], pick: (s: MemorySample) => number, seconds: number): { trend: Trend; bucketS: number; floors: number[] } {
  const warmup = warmupOf(seconds);
  const bucketS = bucketOf(seconds);
  const points = bucketFloors(
    memory.filter((s) => s.s >= warmup).map((s) => [s.s - warmup, pick(s) / MB] as const),
    bucketS,
  );
  return { trend: fitTrend(points), bucketS, floors: points.map((p) => p.v) };
}

/** `how` says what one point of the series is, e.g. "the minimum of each 10 s bucket of 1 s samples". */
function slopeRow(ctx: CaseContext, what: string, label: string, memory: readonly MemorySample[], pick: (s: MemorySample) => number, seconds: number, how: string, extra: string): Row {
  const { trend: t, bucketS, floors } = trendOf(memory, pick, seconds);
  const f = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
  return {
    id: 'B10',
    what: `${what} slope after ${warmupOf(seconds) >= 60 ? 'the first minute' : `the first ${warmupOf(seconds)} s`} (${label})`,
    unit: 'MB/min',
    delivered: t.slope,
    target: `flat: |slope| × window < ${FLAT_DRIFT_FRACTION * 100} % of mean`,
    status: t.n < 3 ? 'info' : judge(ctx, t.flat),
    note:
      `95 % CI [${f(t.ciLow)}, ${f(t.ciHigh)}] MB/min (${t.ciContainsZero === undefined ? 'no interval from < 3 floors' : t.ciContainsZero ? 'contains 0' : 'excludes 0'}); drift over the ${f(t.windowMin, 1)} min window ` +
      `${f(t.slope * t.windowMin, 2)} MB = ${f(t.driftFraction * 100, 2)} % of the mean ${f(t.mean, 1)} MB; least squares over ${t.n} points, ${how.replace('BUCKET', `${bucketS.toFixed(1)} s`)}; ` +
      `points first/min/max/last ${f(floors[0]!, 1)}/${f(Math.min(...floors), 1)}/${f(Math.max(...floors), 1)}/${f(floors.at(-1)!, 1)} MB${extra}`,
    runs: memory.filter((s) => !Number.isNaN(pick(s))).map((s) => [Math.round(s.s), Math.round((pick(s) / MB) * 100) / 100]),
  };
}

function rowsOf(ctx: CaseContext, m: Measured): Row[] {
  const minutes = m.seconds / 60;
  const label = `4 tabs × ${m.rate / 1000}k msg/s × ${SOAK_SIZE} B × ${minutes >= 1 ? `${+minutes.toFixed(2)} min` : `${m.seconds} s`}`;
  const asked = m.rate * m.tabs.length;
  const totalSent = m.counts.reduce((a, c) => a + c.sent, 0);
  const achieved = totalSent / (m.load.elapsedMs / 1000);
  const totalDrops = m.counts.reduce((a, c) => a + c.drops, 0);
  const exactTabs = m.counts.filter((c) => c.exact).length;
  const rules = m.counts.find((c) => c.kind === 'udp-rules');
  const rulesIndex = m.tabs.filter((t) => t.kind !== 'tcp-framed').findIndex((t) => t.kind === 'udp-rules');
  const afterWarmup = m.memory.filter((s) => s.s >= warmupOf(m.seconds));
  const firstLast = (pick: (s: MemorySample) => number): string => `${pick(afterWarmup[0]!)} → ${pick(afterWarmup.at(-1)!)}`;
  const judged = m.longTasks.filter((t) => !t.duringGc);
  const worstTask = Math.max(0, ...judged.map((t) => t.duration));
  const share = (ms: number): string => `${((ms / m.load.elapsedMs) * 100).toFixed(0)} %`;
  return [
    {
      id: 'B10',
      what: `load offered by the sender (${label}; 3 UDP, 1 TCP framed)`,
      unit: 'msg/s',
      offered: asked,
      delivered: achieved,
      loss: 1 - achieved / asked,
      target: `info (${asked.toLocaleString('en-US')}/s asked)`,
      status: 'info',
      note:
        `load average ${m.loadavgBefore} before, ${m.loadavgAfter} after; one pacing loop at nice ${m.load.nice}${m.load.niceError ? ` (${m.load.niceError})` : ''}: ` +
        `${totalSent} messages in ${(m.load.elapsedMs / 1000).toFixed(1)} s; worst 1 s window ${Math.round(m.load.worstWindowPerSec)}/s; longest tick gap ${m.load.maxTickGapMs.toFixed(0)} ms, ` +
        `${m.load.stallCount} gaps > 20 ms; TCP send queue peak ${Math.round(m.load.tcpMaxQueuedBytes / 1024)} KiB; sender CPU ${((m.load.cpuMs / m.load.elapsedMs) * 100).toFixed(0)} % of one core; ` +
        `CPU during the soak (% of one core): ${Object.entries(m.cpu.percentOfOneCore).map(([k, v]) => `${k} ${v}`).join(', ')}, machine ${m.cpu.machineBusyPercent} % busy`,
      runs: { load: m.load, cpu: m.cpu },
    },
    {
      id: 'B10',
      what: `counters exact in every tab (${label})`,
      unit: 'tabs',
      offered: m.tabs.length,
      delivered: exactTabs,
      loss: totalSent > 0 ? totalDrops / totalSent : undefined,
      target: `exact in all ${m.tabs.length}`,
      status: judge(ctx, exactTabs === m.tabs.length),
      note:
        `UDP: counter-rx = sent − the socket's kernel drops (/proc/net/udp) and 丢弃 (counters.rxDropped) = those drops; TCP framed: counter-rx = lines sent; ` +
        `rules tab: counter-tx = counter-rx. Per tab counted/sent/drops/丢弃: ` +
        m.counts.map((c) => `${c.id} ${c.counted}/${c.sent}/${c.drops}/${Number.isNaN(c.shownDropped) ? '–' : c.shownDropped}${c.exact ? '' : ' NOT EXACT'}`).join(', ') +
        (rules ? `; rules tab sent ${rules.tx} replies, the sender's socket got ${m.load.udpReplies[rulesIndex]}` : ''),
      runs: m.counts,
    },
    slopeRow(
      ctx,
      'renderer JS heap (live, after a forced full GC)',
      label,
      m.memory,
      (s) => s.liveHeap,
      m.seconds,
      'one per BUCKET: CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage',
      `; heap in use without forcing (JSHeapUsedSize, 1 s samples) peak ${(Math.max(...m.memory.map((s) => s.heapUsed).filter((x) => !Number.isNaN(x))) / MB).toFixed(1)} MB; ` +
        `DOM nodes ${firstLast((s) => s.nodes)}, JS listeners ${firstLast((s) => s.listeners)} (first → last sample after the warm-up; the panel shown changes with the ${m.switches} tab switches)`,
    ),
    slopeRow(ctx, 'browser host RSS', label, m.memory, (s) => s.hostRss, m.seconds, 'the floor (minimum) of each BUCKET of 1 s samples', '; /proc/PID/status VmRSS of `node out/main/serve.js`'),
    {
      id: 'B10',
      what: `long tasks > 50 ms during the soak (${label})`,
      unit: 'tasks',
      delivered: judged.length,
      target: '0',
      status: judge(ctx, judged.length === 0),
      note:
        `longest ${worstTask.toFixed(0)} ms; PerformanceObserver longtask over the whole flood, first second included, not counting ${m.longTasks.length - judged.length} that overlap the bench's own forced GCs; ` +
        `${m.switches} tab switches (${judged.filter((t) => t.duringSwitch).length} of the counted tasks overlap one); ` +
        `main threads during the soak: renderer ran ${share(m.sched.renderer.runMs)} and waited for a CPU ${share(m.sched.renderer.waitMs)} of the time, ` +
        `host ran ${share(m.sched.host.runMs)}, waited ${share(m.sched.host.waitMs)} (/proc/PID/task/TID/schedstat: a task that waits for a CPU is long in wall time whatever its work)` +
        (judged.length > 0 ? `; at ${judged.slice(0, 10).map((t) => `${t.startS.toFixed(1)} s/${t.duration.toFixed(0)} ms`).join(', ')}` : ''),
      runs: m.longTasks,
    },
  ];
}
