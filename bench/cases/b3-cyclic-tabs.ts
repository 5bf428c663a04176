import { createSocket } from 'node:dgram';
import { type CaseContext, type Row, interleave, judge } from '../harness/case';
import { driftCorrectedLoop } from '../harness/drift-corrected-loop';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { median } from '../harness/stats';
import { UdpArrivalClock } from '../harness/udp-arrival-clock';
import { sleep } from '../harness/wait';
import { summarize, type CyclicRun } from './b8-cyclic';

/**
 * B3, high-rate sends a user drives: 循环发送 at 1 ms in 8 tabs at once. Each tab is a UDP session with its own
 * cyclic send (session.repeat.start, 1 ms) to its own loopback receiver; every receiver stamps arrivals on a worker
 * thread (udp-arrival-clock.ts), so the figures are what the peers see. Per tab: sends/s = datagrams that arrived /
 * the time its cyclic send ran; jitter = |gap between arrivals − 1 ms|, p99. The baseline is 8 bare drift-corrected
 * setTimeout loops (B8's) in one process, measured by the same receivers.
 */

const TABS = 8;
const PERIOD_MS = 1;
const PAYLOAD = new TextEncoder().encode('tick');

interface TabsRun {
  /** Per tab, in tab order. */
  readonly tabs: CyclicRun[];
  /** The slowest tab's sends/s and the worst tab's p99 jitter: the row's figures. */
  readonly minSendsPerSec: number;
  readonly maxP99JitterMs: number;
}

/** Per-tab figures from the arrivals and each tab's running time (main-thread clock; only durations are compared). */
function tabsRun(arrivals: readonly number[][], runningMs: readonly number[]): TabsRun {
  const tabs = arrivals.map((times, i) => ({ ...summarize(times, PERIOD_MS, runningMs[i]! / 1000) }));
  return {
    tabs,
    minSendsPerSec: Math.min(...tabs.map((tab) => tab.sendsPerSec)),
    maxP99JitterMs: Math.max(...tabs.map((tab) => tab.p99JitterMs)),
  };
}

async function engineTabsRun(clock: UdpArrivalClock, seconds: number): Promise<TabsRun> {
  const host = new RendererLikeEngine();
  try {
    const sessions: string[] = [];
    for (let i = 0; i < TABS; i++) {
      const opened = (await host.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } })) as { sessionId: string };
      sessions.push(opened.sessionId);
    }
    await clock.take();
    const startedAt: number[] = [];
    for (const [i, sessionId] of sessions.entries()) {
      startedAt.push(performance.now());
      await host.must('session.repeat.start', { sessionId, bytes: PAYLOAD, periodMs: PERIOD_MS, to: { host: '127.0.0.1', port: clock.ports[i]! } });
    }
    await sleep(seconds * 1000);
    const runningMs: number[] = [];
    for (const [i, sessionId] of sessions.entries()) {
      await host.must('session.repeat.stop', { sessionId });
      runningMs.push(performance.now() - startedAt[i]!);
    }
    await sleep(50);
    return tabsRun(await clock.take(), runningMs);
  } finally {
    await host.dispose();
  }
}

async function bareTabsRun(clock: UdpArrivalClock, seconds: number): Promise<TabsRun> {
  const senders = await Promise.all(
    clock.ports.map(async (port) => {
      const socket = createSocket('udp4');
      await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
      return socket;
    }),
  );
  await clock.take();
  const runningMs = await Promise.all(
    senders.map(async (socket) => {
      const start = performance.now();
      await driftCorrectedLoop(PERIOD_MS, seconds, () => socket.send(PAYLOAD));
      return performance.now() - start;
    }),
  );
  await sleep(50);
  const arrivals = await clock.take();
  await Promise.all(senders.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  return tabsRun(arrivals, runningMs);
}

export async function cyclicTabsRows(ctx: CaseContext): Promise<Row[]> {
  const seconds = ctx.smoke ? 0.3 : 5;
  const clock = await UdpArrivalClock.start(TABS);
  let measured: Record<string, TabsRun[]>;
  try {
    measured = await interleave<TabsRun>(ctx.reps, { engine: () => engineTabsRun(clock, seconds), bare: () => bareTabsRun(clock, seconds) });
  } finally {
    await clock.close();
  }
  const runs = { engine: measured.engine!, bare: measured.bare! };
  for (const [name, list] of Object.entries(runs)) {
    for (const [i, run] of list.entries()) {
      const perTab = run.tabs.map((tab) => `${tab.sendsPerSec.toFixed(0)}/s p99 ${tab.p99JitterMs.toFixed(2)} ms`).join(', ');
      ctx.log(`  8 tabs ${name} run ${i + 1}: ${perTab}`);
    }
  }
  const rate = median(runs.engine.map((run) => run.minSendsPerSec));
  const bareRate = median(runs.bare.map((run) => run.minSendsPerSec));
  const jitter = median(runs.engine.map((run) => run.maxP99JitterMs));
  const bareJitter = median(runs.bare.map((run) => run.maxP99JitterMs));
  const how = `8 UDP sessions, each session.repeat.start every 1 ms for ${seconds} s; measured at the receiving peers (a worker thread); median of ${ctx.reps}`;
  return [
    {
      id: 'B3',
      what: 'cyclic send at 1 ms in 8 tabs at once: sends/s of the slowest tab',
      unit: 'send/s',
      delivered: rate,
      baselineName: '8 bare drift-corrected setTimeout loops',
      baseline: bareRate,
      ratio: rate / bareRate,
      target: '≥ 900/s each',
      status: judge(ctx, rate >= 900),
      note: how,
      runs,
    },
    {
      id: 'B3',
      what: 'cyclic send at 1 ms in 8 tabs at once: p99 jitter of the worst tab',
      unit: 'ms',
      delivered: jitter,
      baselineName: '8 bare drift-corrected setTimeout loops',
      baseline: bareJitter,
      ratio: jitter / bareJitter,
      target: '≤ 5 ms each',
      status: judge(ctx, jitter <= 5),
      note: `jitter = |gap between arrivals − 1 ms|; ${how}`,
    },
  ];
}
