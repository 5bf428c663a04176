import { framingSpecFromConfig, readTrafficBatch, type Endpoint, type FramingConfig } from '@shared';
import { frameBytes } from '../../electron/engine/frame-bytes';
import { StreamRxFraming } from '../../electron/engine/rx-framing';
import { TrafficBatcher } from '../../electron/engine/traffic-batcher';

/**
 * The engine's receive path of one TCP stream from the socket's 'data' event to the page, without the socket:
 * counters, the stream's framer (StreamRxFraming), the batcher with its display budget and credit, the packed
 * batch, and a display that visits every frame the way the renderer's columnar log does and acks on a microtask.
 * What SessionBase.recordRx / recordRxMessage do per chunk and per message is repeated here in two lines.
 *
 * Why without a socket: a loopback TCP receiver sees whatever one read hands over (≈ 64 KiB), so over a real
 * socket "no framing" can only show chunks, never the same 64 B messages. Here both variants display the same
 * N messages: "framed" gets the stream in 64 KiB chunks and cuts it at '\n'; "unframed" gets each message as its
 * own chunk (a fresh Buffer per chunk, as a socket read allocates one) and shows it as received. Their difference
 * is what framing adds to the display of the same messages.
 */

const PEER: Endpoint = { address: '127.0.0.1', port: 40_000, family: 'IPv4' };
/** Bytes fed between yields to the event loop: about what a few socket reads hand over per tick. */
const BURST_BYTES = 256 * 1024;

export interface PipelineRun {
  readonly ms: number;
  readonly messagesPerSec: number;
  readonly displayedFrames: number;
  readonly gapFrames: number;
  readonly batches: number;
}

/** `lines` lines of `lineBytes` (the last byte '\n'), as one buffer. */
export function lineStream(lines: number, lineBytes: number): Buffer {
  const stream = Buffer.alloc(lines * lineBytes, 0x41);
  for (let i = 1; i <= lines; i++) stream[i * lineBytes - 1] = 0x0a;
  return stream;
}

/**
 * Feeds `stream` in chunks of `chunkBytes` through the receive path with `framing`, and resolves once the display
 * has `expectedMessages` (displayed or counted into a gap) and the counters have every byte.
 */
export async function runPipeline(stream: Buffer, chunkBytes: number, framing: FramingConfig, expectedMessages: number, timeoutMs: number): Promise<PipelineRun> {
  const spec = framingSpecFromConfig(framing);
  if (!spec.ok) throw new Error(`pipeline framing refused: ${spec.error.message}`);
  let displayedFrames = 0;
  let gapFrames = 0;
  let batches = 0;
  let batcher: TrafficBatcher | undefined;
  let finished: () => void = () => undefined;
  const allShown = new Promise<void>((resolve) => (finished = resolve));
  batcher = new TrafficBatcher((batchSeq, packed) => {
    const read = readTrafficBatch(packed);
    if (!read.ok) throw new Error(`bad batch: ${read.error.message}`);
    batches++;
    read.value.forEachFrame(() => {
      displayedFrames++;
    });
    gapFrames += read.value.gap?.frames ?? 0;
    queueMicrotask(() => batcher?.ack(batchSeq));
    const { rxBytes, rxFrames } = read.value.counters;
    if (rxBytes >= stream.length && rxFrames >= expectedMessages && displayedFrames + gapFrames >= expectedMessages) finished();
  });
  const rx = new StreamRxFraming(spec.value, (message) => batcher?.recordMessage('rx', PEER, frameBytes(message.bytes)));
  const isPerMessage = chunkBytes < 1024;
  const started = performance.now();
  const deadline = setTimeout(() => finished(), timeoutMs);
  for (let offset = 0; offset < stream.length; ) {
    const burstEnd = Math.min(stream.length, offset + BURST_BYTES);
    for (; offset < burstEnd; offset += chunkBytes) {
      const view = stream.subarray(offset, Math.min(offset + chunkBytes, stream.length));
      // A socket read of a few bytes allocates its own small Buffer; a 64 KiB read is one buffer the framer cuts.
      const chunk = isPerMessage ? Buffer.from(view) : view;
      batcher.countRxBytes(chunk.length);
      rx.push(chunk);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await allShown;
  clearTimeout(deadline);
  const ms = performance.now() - started;
  batcher.dispose();
  batcher = undefined;
  if (displayedFrames + gapFrames < expectedMessages) throw new Error(`pipeline: ${displayedFrames + gapFrames} of ${expectedMessages} messages within ${timeoutMs} ms`);
  return { ms, messagesPerSec: (expectedMessages / ms) * 1000, displayedFrames, gapFrames, batches };
}
