import { createSocket } from 'node:dgram';
import { type BenchCase, type CaseContext, type Row, hasCommand, judge } from '../harness/case';
import { driftCorrectedLoop } from '../harness/drift-corrected-loop';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { sleep } from '../harness/wait';
import { mean, median, percentile } from '../harness/stats';

export interface CyclicRun {
  sends: number;
  meanPeriodErrorPct: number;
  p99JitterMs: number;
  sendsPerSec: number;
}

/** The bare baseline (driftCorrectedLoop), one UDP datagram per tick to a loopback socket; send times taken at each tick. */
async function bareCyclicRun(periodMs: number, seconds: number): Promise<CyclicRun> {
  const receiver = createSocket('udp4');
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
  const sender = createSocket('udp4');
  const port = receiver.address().port;
  await new Promise<void>((resolve) => sender.connect(port, '127.0.0.1', resolve));
  const payload = Buffer.from('tick');
  const times: number[] = [];
  await driftCorrectedLoop(periodMs, seconds, (now) => {
    sender.send(payload);
    times.push(now);
  });
  sender.close();
  receiver.close();
  return summarize(times, periodMs, seconds);
}

/** The engine's cyclic send (session.repeat.start) on a UDP session; arrival times taken at a loopback receiver. */
async function engineCyclicRun(periodMs: number, seconds: number): Promise<CyclicRun> {
  const receiver = createSocket('udp4');
  const times: number[] = [];
  receiver.on('message', () => times.push(performance.now()));
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
  const host = new RendererLikeEngine();
  const opened = (await host.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } })) as { sessionId: string };
  const to = { host: '127.0.0.1', port: receiver.address().port };
  await host.must('session.repeat.start' as never, { sessionId: opened.sessionId, bytes: new TextEncoder().encode('tick'), periodMs, to } as never);
  await sleep(seconds * 1000);
  await host.must('session.repeat.stop' as never, { sessionId: opened.sessionId } as never);
  await host.dispose();
  receiver.close();
  return summarize(times, periodMs, seconds);
}

export function summarize(times: readonly number[], periodMs: number, seconds: number): CyclicRun {
  const periods = times.slice(1).map((t, i) => t - times[i]!);
  const meanPeriod = mean(periods);
  const jitter = periods.map((p) => Math.abs(p - periodMs));
  return {
    sends: times.length,
    meanPeriodErrorPct: (Math.abs(meanPeriod - periodMs) / periodMs) * 100,
    p99JitterMs: percentile(jitter, 99),
    sendsPerSec: times.length / seconds,
  };
}

async function runs(ctx: CaseContext, periodMs: number, seconds: number, withEngine: boolean): Promise<{ bare: CyclicRun[]; engine: CyclicRun[] }> {
  const bare: CyclicRun[] = [];
  const engine: CyclicRun[] = [];
  for (let i = 0; i < ctx.reps; i++) {
    if (withEngine) engine.push(await engineCyclicRun(periodMs, seconds));
    bare.push(await bareCyclicRun(periodMs, seconds));
    ctx.log(`  ${periodMs} ms run ${i + 1}/${ctx.reps}: engine ${JSON.stringify(engine.at(-1))} bare ${JSON.stringify(bare.at(-1))}`);
  }
  return { bare, engine };
}

export const b8Cyclic: BenchCase = {
  id: 'B8',
  title: 'Cyclic send accuracy',
  async run(ctx) {
    const ready = (await hasCommand('session.repeat.start')) && (await hasCommand('session.repeat.stop'));
    const why = 'not measurable yet: session.repeat.start not in the contract/engine';
    const ten = await runs(ctx, 10, ctx.smoke ? 0.5 : 10, ready);
    const one = await runs(ctx, 1, ctx.smoke ? 0.3 : 2, ready);
    const m = (list: CyclicRun[], key: keyof CyclicRun): number | undefined => (list.length ? median(list.map((r) => r[key])) : undefined);
    const row = (what: string, unit: string, key: keyof CyclicRun, list: { bare: CyclicRun[]; engine: CyclicRun[] }, target: string, isMet: (x: number) => boolean): Row => {
      const e = m(list.engine, key);
      const b = m(list.bare, key)!;
      return {
        id: 'B8',
        what,
        unit,
        ...(e !== undefined ? { delivered: e, ratio: e / b } : {}),
        baselineName: 'bare drift-corrected setTimeout',
        baseline: b,
        target,
        status: e === undefined ? 'not measurable yet' : judge(ctx, isMet(e)),
        note: e === undefined ? `${why}; baseline shown` : `engine vs bare setTimeout loop, median of ${ctx.reps}`,
        runs: list,
      };
    };
    return [
      row('10 ms period: mean period error', '%', 'meanPeriodErrorPct', ten, '≤ 1 %', (x) => x <= 1),
      row('10 ms period: p99 jitter', 'ms', 'p99JitterMs', ten, '≤ 5 ms', (x) => x <= 5),
      row('1 ms period: sends/s', 'send/s', 'sendsPerSec', one, '≥ 900/s', (x) => x >= 900),
    ];
  },
};
