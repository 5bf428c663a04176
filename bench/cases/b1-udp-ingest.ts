import { type BenchCase, type CaseContext, type Row, interleave, judge } from '../harness/case';
import { udpSnmp } from '../harness/proc-net';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { median } from '../harness/stats';
import { bareNodeReceiver, drained, socatReceiver, type UdpReceiver } from '../harness/udp-receivers';
import { pollUntil, settled } from '../harness/wait';

const SIZES = [64, 512, 1472] as const;

interface IngestRun {
  sent: number;
  elapsedMs: number;
  /** Datagrams the kernel handed to the socket: sent − the socket's drops. */
  kernelDelivered: number;
  /** What the receiver counted (engine counters / bare loop); equals kernelDelivered when nothing is lost inside. */
  counted: number;
  offeredPerSec: number;
  deliveredPerSec: number;
  /** Engine only: frames decoded into the ring + frames in gap markers − counted (0 = all accounted). */
  unaccounted?: number;
  snmpDrops: number;
}

async function flood(ctx: CaseContext, port: number, size: number): Promise<{ sent: number; elapsedMs: number }> {
  const durationMs = ctx.smoke ? 200 : 1_500;
  return ctx.load.request({ kind: 'udp-flood', host: '127.0.0.1', port, size, count: 5_000_000, durationMs });
}

async function measure(ctx: CaseContext, receiver: UdpReceiver, size: number): Promise<IngestRun> {
  const snmpBefore = await udpSnmp();
  const { sent, elapsedMs } = await flood(ctx, receiver.port, size);
  const { drops } = await drained(receiver.port, receiver.counted);
  const snmpDrops = (await udpSnmp()).rcvbufErrors - snmpBefore.rcvbufErrors;
  const kernelDelivered = sent - drops;
  const counted = receiver.counted() ?? kernelDelivered;
  await receiver.close();
  const seconds = elapsedMs / 1000;
  return { sent, elapsedMs, kernelDelivered, counted, offeredPerSec: sent / seconds, deliveredPerSec: counted / seconds, snmpDrops };
}

async function engineRun(ctx: CaseContext, size: number): Promise<IngestRun> {
  const host = new RendererLikeEngine();
  const opened = (await host.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } })) as {
    sessionId: string;
    local: { port: number };
  };
  const tally = host.tally(opened.sessionId);
  const receiver: UdpReceiver = {
    port: opened.local.port,
    counted: () => tally.counters.rxFrames,
    close: async () => {
      await host.must('session.close', { sessionId: opened.sessionId });
      await host.dispose();
    },
  };
  const run = await measure(ctx, receiver, size);
  // Every counted frame is either in the ring or inside a gap marker (flush of the last batch included).
  await pollUntil('the last batch', () => (tally.displayedFrames + tally.gapFrames >= tally.counters.rxFrames ? true : undefined), 2_000).catch(() => undefined);
  await settled(() => tally.displayedFrames + tally.gapFrames, 50, 2_000);
  return { ...run, unaccounted: tally.counters.rxFrames - (tally.displayedFrames + tally.gapFrames) };
}

function fmtRate(x: number): string {
  return `${Math.round(x / 1000)}k/s`;
}

export const b1UdpIngest: BenchCase = {
  id: 'B1',
  title: 'UDP ingest through the engine vs bare Node dgram and socat',
  async run(ctx) {
    const rows: Row[] = [];
    for (const size of SIZES) {
      ctx.log(`B1 ${size} B`);
      const runs = await interleave(
        ctx.reps,
        {
          engine: () => engineRun(ctx, size),
          bare: async () => measure(ctx, await bareNodeReceiver(), size),
          socat: async () => measure(ctx, await socatReceiver(), size),
        },
        ctx.log,
      );
      const eng = runs.engine!;
      const engineRate = median(eng.map((r) => r.deliveredPerSec));
      const offered = median(eng.map((r) => r.offeredPerSec));
      const loss = median(eng.map((r) => 1 - r.counted / r.sent));
      const lostInside = eng.reduce((sum, r) => sum + (r.kernelDelivered - r.counted) + Math.abs(r.unaccounted ?? 0), 0);
      const insideNote = lostInside === 0 ? 'inside engine: 0 lost (counted = sent − socket drops; ring + gaps = counted)' : `INSIDE ENGINE LOST ${lostInside}`;
      for (const [name, label, threshold] of [
        ['bare', 'bare Node dgram loop', size === 64 ? 0.8 : undefined],
        ['socat', 'socat UDP-RECV → /dev/null', 1.0],
      ] as const) {
        const base = median(runs[name]!.map((r) => r.deliveredPerSec));
        const ratio = engineRate / base;
        const met = (threshold === undefined || ratio >= threshold) && lostInside === 0;
        rows.push({
          id: 'B1',
          what: `UDP ${size} B vs ${label}`,
          unit: 'dgram/s',
          offered,
          delivered: engineRate,
          loss,
          baselineName: label,
          baseline: base,
          ratio,
          target: threshold === undefined ? 'info; 0 lost inside' : `≥ ${threshold}×; 0 lost inside`,
          status: threshold === undefined ? (lostInside === 0 || ctx.smoke ? 'info' : 'short') : judge(ctx, met),
          note: `${insideNote}; sender offered ${fmtRate(offered)}; baseline loss ${(median(runs[name]!.map((r) => 1 - r.counted / r.sent)) * 100).toFixed(0)}%; median of ${ctx.reps}`,
          runs: { engine: eng, [name]: runs[name] },
        });
      }
    }
    return rows;
  },
};

