import { ok, type Result } from '../../contract/errors';
import { ByteQueue } from './byte-queue';
import { checkFramingSpec } from './check-spec';
import { delimiterCutter, fixedCutter, lengthCutter, sizeLimitCutter, type Cutter } from './cutters';
import { framingMaxMessageBytes, type FramedMessage, type FramingSpec } from './spec';

/** 'none': the chunk is the message, in pieces of the limit if it is larger (views of the chunk, never copies). */
function cutAsReceived(chunk: Uint8Array, max: number): FramedMessage[] {
  if (chunk.length === 0) return [];
  if (chunk.length <= max) return [{ bytes: chunk }];
  const out: FramedMessage[] = [];
  for (let start = 0; start < chunk.length; start += max) {
    const end = Math.min(start + max, chunk.length);
    out.push(end < chunk.length ? { bytes: chunk.subarray(start, end), cut: 'max-size' } : { bytes: chunk.subarray(start, end) });
  }
  return out;
}

function cutterFor(spec: FramingSpec): Cutter | undefined {
  switch (spec.kind) {
    case 'none':
      return undefined;
    case 'delimiter':
      return delimiterCutter(spec);
    case 'fixed':
      return fixedCutter(spec);
    case 'length':
      return lengthCutter(spec);
    case 'idle':
      return sizeLimitCutter(framingMaxMessageBytes(spec));
  }
}

/**
 * Re-cuts one TCP byte stream into messages by a FramingSpec (粘包 / 拆包). One framer per stream: a TCP client
 * session has one, a TCP server one per client connection (each is its own stream); UDP datagrams are messages
 * already. In the engine it sits after the counters and the capture file, which see the raw chunks, and before the
 * rules and the batcher, which see messages.
 *
 * Pure: no timers, no clock. Time comes in as `now` (ms, the engine's clock); for the idle kind the engine owns a
 * timer, armed for `nextDeadline()`, that calls `tick(now)`. Whatever the chunking of the same bytes, the messages
 * are the same (for the idle kind, given the same arrival times).
 *
 * A framing change applies from the next byte: the engine does not re-cut what is buffered under the new rule, it
 * replaces the framer. It calls `flush()` on the old one (its buffer comes out as one message marked 'flush', in
 * order, before any byte of the new framer) and creates a new framer from the new spec; a framer's spec never
 * changes. When the session closes the engine calls `flush()` the same way.
 *
 * Message bytes may be a pushed chunk itself or a view of it (kind 'none', or a message that is exactly one chunk);
 * others are copies. The framer never writes to a chunk, and keeps chunks of 1 KiB and more, and a chunk that arrives
 * while nothing is buffered, by reference until they are cut, so the caller must not change them after pushing.
 * Memory held: `pendingBytes` (below maxMessageBytes), and nothing once they are cut (ByteQueue says why).
 */
export class StreamFramer {
  /** The checked spec (maxMessageBytes filled in). */
  readonly spec: FramingSpec;
  private readonly queue = new ByteQueue();
  private readonly cutter: Cutter | undefined;
  private readonly maxMessageBytes: number;
  private lastByteAt = 0;

  /** A framer for `spec`, or the INVALID_ARGUMENT of `checkFramingSpec`. */
  static create(spec: unknown): Result<StreamFramer> {
    const checked = checkFramingSpec(spec);
    return checked.ok ? ok(new StreamFramer(checked.value)) : checked;
  }

  private constructor(spec: FramingSpec) {
    this.spec = spec;
    this.cutter = cutterFor(spec);
    this.maxMessageBytes = framingMaxMessageBytes(spec);
  }

  /** Bytes received but not yet in a message (always fewer than maxMessageBytes); for memory accounting. */
  get pendingBytes(): number {
    return this.queue.length;
  }

  /** The messages that `chunk`, received at `now`, completes (for the idle kind, first the one a gap before it ended). */
  push(chunk: Uint8Array, now: number): FramedMessage[] {
    if (this.cutter === undefined) return cutAsReceived(chunk, this.maxMessageBytes);
    const out = this.tick(now);
    if (chunk.length === 0) return out;
    this.queue.push(chunk);
    this.lastByteAt = now;
    for (let message = this.cutter.next(this.queue); message !== undefined; message = this.cutter.next(this.queue)) {
      out.push(message);
    }
    return out;
  }

  /** Idle kind: the buffered bytes as one message marked 'idle' once `now` reaches `nextDeadline()`; else none. */
  tick(now: number): FramedMessage[] {
    const deadline = this.nextDeadline();
    if (deadline === undefined || !(now >= deadline)) return [];
    return [{ bytes: this.queue.take(this.queue.length), cut: 'idle' }];
  }

  /** When `tick` will have a message to give: idle kind with bytes buffered only. */
  nextDeadline(): number | undefined {
    if (this.spec.kind !== 'idle' || this.queue.length === 0) return undefined;
    return this.lastByteAt + this.spec.gapMs;
  }

  /** The session closes or the framing changes: what is buffered comes out as one message marked 'flush'. */
  flush(): FramedMessage[] {
    this.cutter?.reset();
    if (this.queue.length === 0) return [];
    return [{ bytes: this.queue.take(this.queue.length), cut: 'flush' }];
  }
}
