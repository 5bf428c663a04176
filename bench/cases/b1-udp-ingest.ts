import { type BenchCase, type CaseContext, type Row, interleave, judge } from '../harness/case';
import { ColumnarEngine } from '../harness/columnar-sink';
import { median } from '../harness/stats';
import { bareNodeReceiver, drained, ownCpuMs, socatReceiver, type UdpReceiver } from '../harness/udp-receivers';

const SIZES = [64, 512, 1472] as const;

interface IngestRun {
  sent: number;
  elapsedMs: number;
  /** Datagrams the kernel dropped at the receiving socket (a full receive buffer): the engine's own rxDropped, else /proc. */
  drops: number;
  /** What the receiver counted (the engine's rxFrames, the bare loop's count); socat cannot count: sent − drops. */
  counted: number;
  offeredPerSec: number;
  deliveredPerSec: number;
  /** CPU the receiving process used from the first send until its queue drained, per datagram received, µs. */
  cpuUsPerDgram: number;
  /** Engine only: counted + drops − sent (0 = every datagram sent is a frame or a counted drop). */
  unexplained?: number;
  /** Engine only: rx frames counted − (rx frames the page read + frames in gap markers) (0 = all displayed or marked). */
  unaccounted?: number;
  /** Engine only: the socket's drops as /proc/net/udp says, beside the session's own counter. */
  procDrops?: number;
}

async function flood(ctx: CaseContext, port: number, size: number): Promise<{ sent: number; elapsedMs: number }> {
  const durationMs = ctx.smoke ? 200 : 1_500;
  return ctx.load.request({ kind: 'udp-flood', host: '127.0.0.1', port, size, count: 5_000_000, durationMs });
}

/** Floods `receiver` and closes it once its queue drained; `drops` and `counted` are read after the close. */
async function measure(
  ctx: CaseContext,
  receiver: UdpReceiver,
  size: number,
  afterClose: () => { drops?: number; counted?: number } = () => ({}),
): Promise<IngestRun & { procDrops: number }> {
  const cpuBefore = await receiver.cpuMs();
  const { sent, elapsedMs } = await flood(ctx, receiver.port, size);
  const { drops: procDrops } = await drained(receiver.port, receiver.counted);
  const cpuMs = (await receiver.cpuMs()) - cpuBefore;
  await receiver.close();
  const own = afterClose();
  const drops = own.drops ?? procDrops;
  const counted = own.counted ?? receiver.counted() ?? sent - drops;
  const seconds = elapsedMs / 1000;
  return {
    sent,
    elapsedMs,
    drops,
    counted,
    offeredPerSec: sent / seconds,
    deliveredPerSec: counted / seconds,
    cpuUsPerDgram: (cpuMs * 1000) / Math.max(1, counted),
    procDrops,
  };
}

async function baselineRun(ctx: CaseContext, receiver: UdpReceiver, size: number): Promise<IngestRun> {
  const { procDrops: _sameAsDrops, ...run } = await measure(ctx, receiver, size);
  return run;
}

/**
 * The engine as the page drives it: a UDP session, batches read by a columnar sink (harness/columnar-sink.ts). After
 * the close every count is final (the session reads the kernel's drops once more before its last batch), so the
 * engine's own figures must explain every datagram sent: rx frames + rxDropped = sent, and every rx frame was read
 * by the page or sits in a gap marker.
 */
async function engineRun(ctx: CaseContext, size: number): Promise<IngestRun> {
  const host = new ColumnarEngine();
  const opened = await host.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
  if (!opened.local) throw new Error('B1: the UDP session did not open');
  const tally = host.tally(opened.sessionId);
  const receiver: UdpReceiver = {
    port: opened.local.port,
    counted: () => tally.counters.rxFrames,
    cpuMs: ownCpuMs,
    close: async () => {
      await host.must('session.close', { sessionId: opened.sessionId });
      await host.dispose();
    },
  };
  // Where the OS does not tell the session its drops (rxDropped absent), measure falls back to /proc.
  const run = await measure(ctx, receiver, size, () => ({ drops: tally.counters.rxDropped, counted: tally.counters.rxFrames }));
  return { ...run, unexplained: run.counted + run.drops - run.sent, unaccounted: tally.counters.rxFrames - (tally.trafficFrames + tally.gapFrames) };
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
          bare: async () => baselineRun(ctx, await bareNodeReceiver(), size),
          socat: async () => baselineRun(ctx, await socatReceiver(), size),
        },
        ctx.log,
      );
      const eng = runs.engine!;
      const engineRate = median(eng.map((r) => r.deliveredPerSec));
      const offered = median(eng.map((r) => r.offeredPerSec));
      const loss = median(eng.map((r) => 1 - r.counted / r.sent));
      const lostInside = eng.reduce((sum, r) => sum + Math.abs(r.unexplained ?? 0) + Math.abs(r.unaccounted ?? 0), 0);
      const dropsAgree = eng.every((r) => r.drops === r.procDrops);
      const insideNote =
        lostInside === 0
          ? `inside engine: 0 lost (rx frames + the session's rxDropped = sent${dropsAgree ? ', rxDropped = /proc drops' : ''}; frames read + gaps = rx frames)`
          : `INSIDE ENGINE LOST ${lostInside}`;
      const engineCpu = median(eng.map((r) => r.cpuUsPerDgram));
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
          note: `${insideNote}; CPU per datagram ${engineCpu.toFixed(2)} µs vs ${median(runs[name]!.map((r) => r.cpuUsPerDgram)).toFixed(2)} µs; sender offered ${fmtRate(offered)}; baseline loss ${(median(runs[name]!.map((r) => 1 - r.counted / r.sent)) * 100).toFixed(0)}%; median of ${ctx.reps}`,
          runs: { engine: eng, [name]: runs[name] },
        });
      }
    }
    return rows;
  },
};

