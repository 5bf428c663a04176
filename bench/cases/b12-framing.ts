import { Worker } from 'node:worker_threads';
import type { FramingConfig } from '@shared';
import { type BenchCase, type Row, interleave, judge } from '../harness/case';
import { ColumnarEngine } from '../harness/columnar-sink';
import { lineStream, runPipeline, type PipelineRun } from '../harness/framing-pipeline';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { median } from '../harness/stats';
import { pollUntil, sleep } from '../harness/wait';
import { nextWorkerMessage } from '../harness/worker-message';

/**
 * B12 (issue 9): what TCP framing plus the display of every message costs at 64 B.
 *
 * The target row compares the same N messages of 64 B displayed with and without framing, through the engine's
 * receive path without a socket (bench/harness/framing-pipeline.ts says why): framed = 64 KiB chunks cut at '\n',
 * unframed = each message its own chunk. Ratio = unframed time / framed time.
 *
 * The rows below it are end to end over real loopback TCP (information). A real Engine in this process
 * (its sink decodes every traffic batch into a ring and acks it, as the renderer does) opens a TCP client to a
 * loopback peer running in a worker thread (its own event loop, so the peer does not share the engine's). The peer
 * writes N lines of 64 B ("…\n") in 64 KiB writes. Variant "framed": framing `delimiter \n` (strip), so the engine
 * cuts, counts and displays N messages. Variant "unframed": framing `none`, same byte stream, so the engine shows
 * whatever each socket read hands over (≈ 64 KiB chunks).
 *
 * Frames cannot be equalised: the peer cannot make the receiver see each 64 B write as its own read at any rate
 * worth measuring (loopback TCP coalesces; NODELAY changes only the sending side). So the ratio compares bytes/s of
 * the same stream, start ("go" to the peer) → the batch whose counters reach N × 64 B.
 */

const LINE = 64;
const CHUNK_LINES = 1024; // 64 KiB per write

const PEER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const net = require('node:net');
let socket;
let server;
const line = Buffer.alloc(${LINE}, 0x41);
line[${LINE - 1}] = 10;
function chunkOf(lines) {
  const b = Buffer.allocUnsafe(lines * ${LINE});
  for (let i = 0; i < lines; i++) line.copy(b, i * ${LINE});
  return b;
}
parentPort.on('message', async (m) => {
  if (m.kind === 'listen') {
    server = net.createServer((s) => {
      socket = s;
      s.setNoDelay(true);
      s.on('error', () => undefined);
      parentPort.postMessage({ kind: 'connected' });
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage({ kind: 'port', port: server.address().port }));
  } else if (m.kind === 'go') {
    const full = chunkOf(${CHUNK_LINES});
    const t0 = performance.now();
    let left = m.lines;
    while (left > 0) {
      const n = Math.min(left, ${CHUNK_LINES});
      const ok = socket.write(n === ${CHUNK_LINES} ? full : chunkOf(n));
      left -= n;
      if (!ok) await new Promise((r) => socket.once('drain', r));
    }
    parentPort.postMessage({ kind: 'sent', lines: m.lines, elapsedMs: performance.now() - t0 });
  } else if (m.kind === 'stop') {
    socket?.destroy();
    server?.close(() => parentPort.postMessage({ kind: 'stopped' }));
  }
});
`;

/** The next message of `kind` from the worker (B12 peer). */
function nextMessage<T>(worker: Worker, kind: string, timeoutMs: number): Promise<T> {
  return nextWorkerMessage<T>(worker, kind, timeoutMs, 'B12 peer');
}

interface FramingRun {
  bytesPerSec: number;
  messagesPerSec: number;
  rxFrames: number;
  displayedFrames: number;
  gapFrames: number;
  batches: number;
  seconds: number;
  peerSendMs: number;
}

async function oneRun(lines: number, framing: FramingConfig, timeoutMs: number, light = false): Promise<FramingRun> {
  const worker = new Worker(PEER_SOURCE, { eval: true });
  worker.on('error', (error) => console.error(`B12 peer: ${error.message}`));
  const host = light ? new ColumnarEngine() : new RendererLikeEngine();
  try {
    const portP = nextMessage<{ port: number }>(worker, 'port', 5_000);
    worker.postMessage({ kind: 'listen' });
    const { port } = await portP;
    const connectedP = nextMessage(worker, 'connected', 5_000);
    const config = { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port, framing } as const;
    const opened = host instanceof ColumnarEngine ? await host.must('session.open', { config }) : ((await host.must('session.open', { config })) as { sessionId: string });
    await connectedP;
    await sleep(50);
    const total = lines * LINE;
    const t = host.tally(opened.sessionId);
    const sentP = nextMessage<{ elapsedMs: number }>(worker, 'sent', timeoutMs);
    const t0 = performance.now();
    worker.postMessage({ kind: 'go', lines });
    await pollUntil(`rx counters at ${total} B`, () => (t.counters.rxBytes >= total ? true : undefined), timeoutMs, 5);
    const seconds = (t.lastGrowthAt - t0) / 1000;
    const { elapsedMs } = await sentP;
    const stoppedP = nextMessage(worker, 'stopped', 5_000);
    worker.postMessage({ kind: 'stop' });
    await stoppedP;
    return {
      bytesPerSec: t.counters.rxBytes / seconds,
      messagesPerSec: t.counters.rxFrames / seconds,
      rxFrames: t.counters.rxFrames,
      // The columnar reader tells traffic rows from event rows (the connection's own rows are not messages).
      displayedFrames: 'trafficFrames' in t ? t.trafficFrames : t.displayedFrames,
      gapFrames: t.gapFrames,
      batches: t.batches,
      seconds,
      peerSendMs: elapsedMs,
    };
  } finally {
    await host.dispose();
    await worker.terminate();
  }
}

const FRAMED: FramingConfig = { kind: 'delimiter', delimiter: [10], keep: 'strip' };
const UNFRAMED: FramingConfig = { kind: 'none' };

export const b12Framing: BenchCase = {
  id: 'B12',
  title: 'TCP framing (delimiter \\n) + display at 64 B vs the same stream unframed (real Engine)',
  async run(ctx) {
    const lines = ctx.smoke ? 20_000 : 1_000_000;
    const timeoutMs = ctx.smoke ? 15_000 : 60_000;
    const stream = lineStream(lines, LINE);
    const pipeline = await interleave(
      ctx.reps,
      {
        framed: () => runPipeline(stream, CHUNK_LINES * LINE, FRAMED, lines, timeoutMs),
        unframed: () => runPipeline(stream, LINE, UNFRAMED, lines, timeoutMs),
      },
      ctx.log,
    );
    const runs = await interleave(
      ctx.reps,
      {
        framed: () => oneRun(lines, FRAMED, timeoutMs),
        unframed: () => oneRun(lines, UNFRAMED, timeoutMs),
        framedLight: () => oneRun(lines, FRAMED, timeoutMs, true),
        unframedLight: () => oneRun(lines, UNFRAMED, timeoutMs, true),
      },
      ctx.log,
    );
    const framed = runs.framed!;
    const unframed = runs.unframed!;
    const framedLight = runs.framedLight!;
    const unframedLight = runs.unframedLight!;
    for (const r of [...framed, ...framedLight]) if (r.rxFrames !== lines) throw new Error(`framed run counted ${r.rxFrames} messages, expected ${lines}`);
    const mb = (x: number): number => x / 1e6;
    const fBytes = median(framed.map((r) => r.bytesPerSec));
    const uBytes = median(unframed.map((r) => r.bytesPerSec));
    const ratio = fBytes / uBytes;
    const fMsgs = median(framed.map((r) => r.messagesPerSec));
    const uMsgs = median(unframed.map((r) => r.messagesPerSec));
    const pipeFramed = median(pipeline.framed!.map((r: PipelineRun) => r.messagesPerSec));
    const pipeUnframed = median(pipeline.unframed!.map((r: PipelineRun) => r.messagesPerSec));
    const pipeRatio = pipeFramed / pipeUnframed;
    const rows: Row[] = [
      {
        id: 'B12',
        what: `${lines.toLocaleString('en-US')} messages of 64 B displayed: framed (64 KiB chunks cut at \\n) vs unframed (each message its own chunk); engine receive path without a socket`,
        unit: 'msg/s',
        delivered: pipeFramed,
        baselineName: 'same messages, framing none',
        baseline: pipeUnframed,
        ratio: pipeRatio,
        target: '≥ 0.8× unframed',
        status: judge(ctx, pipeRatio >= 0.8),
        note:
          `framer + batcher + packed batch + columnar display with acks, per message; displayed/gap frames framed ` +
          `${pipeline.framed!.map((r) => `${r.displayedFrames}/${r.gapFrames}`).join(', ')}; median of ${ctx.reps}`,
        runs: pipeline,
      },
      {
        id: 'B12',
        what: `${lines.toLocaleString('en-US')} × 64 B lines over loopback TCP, framing delimiter \\n vs none (same stream, real Engine)`,
        unit: 'MB/s',
        delivered: mb(fBytes),
        baselineName: 'framing none',
        baseline: mb(uBytes),
        ratio,
        target: 'info: framed shows 1M rows, unframed ≈ 1 000 chunks',
        status: 'info',
        note:
          `bytes/s compared (frames cannot be equalised: the unframed run gets ≈ one frame per socket read, ` +
          `median ${Math.round(median(unframed.map((r) => r.rxFrames)))} frames); framed ${(fMsgs / 1e6).toFixed(2)}M msg/s, ` +
          `unframed ${Math.round(uMsgs)} frames/s; framed gaps (not displayed) ${framed.map((r) => r.gapFrames).join('/')}; median of ${ctx.reps}`,
        runs: { framed, unframed },
      },
      {
        id: 'B12',
        what: 'same, display = columnar reader (readTrafficBatch, no object per frame), delimiter \\n vs none',
        unit: 'MB/s',
        delivered: mb(median(framedLight.map((r) => r.bytesPerSec))),
        baselineName: 'framing none',
        baseline: mb(median(unframedLight.map((r) => r.bytesPerSec))),
        ratio: median(framedLight.map((r) => r.bytesPerSec)) / median(unframedLight.map((r) => r.bytesPerSec)),
        target: 'info (≥ 0.8×)',
        status: 'info',
        note: `framed ${(median(framedLight.map((r) => r.messagesPerSec)) / 1e6).toFixed(2)}M msg/s; the sink visits every frame like the renderer's log ring does; median of ${ctx.reps}`,
        runs: { framedLight, unframedLight },
      },
      {
        id: 'B12',
        what: '64 B messages/s cut by delimiter \\n and displayed (real Engine)',
        unit: 'msg/s',
        delivered: fMsgs,
        target: 'info',
        status: 'info',
        note: `rx counter = ${lines} messages in every run; display = renderer-like sink (decode into a ring, ack)`,
      },
    ];
    return rows;
  },
};
