import type { ByteQueue } from './byte-queue';
import { declaredMessageBytes, lengthHeaderBytes, readLengthField } from './length-field';
import { framingMaxMessageBytes, type DelimiterFramingSpec, type FixedFramingSpec, type FramedMessage, type LengthFramingSpec } from './spec';

/** One kind's rule for where a message ends. Decisions depend only on the bytes, never on how they were chunked. */
export interface Cutter {
  /** Removes and returns the message at the front of the queue, or undefined while its end has not arrived. */
  next(queue: ByteQueue): FramedMessage | undefined;
  /** Forgets a message in progress: the framer was flushed and the next byte starts a new one. */
  reset(): void;
}

/**
 * Only the size limit ends a message (the idle kind, whose other end is time). The limit counts the bytes the
 * message took from the stream.
 */
export function sizeLimitCutter(maxMessageBytes: number): Cutter {
  return {
    next: (queue) => (queue.length >= maxMessageBytes ? { bytes: queue.take(maxMessageBytes), cut: 'max-size' } : undefined),
    reset: () => {},
  };
}

/** The longest k < pattern.length such that the last k bytes of `tail` are the first k bytes of `pattern`. */
function pendingPrefixLength(tail: Uint8Array, pattern: Uint8Array): number {
  for (let k = Math.min(tail.length, pattern.length - 1); k > 0; k--) {
    let matches = true;
    for (let i = 0; i < k && matches; i++) matches = tail[tail.length - k + i] === pattern[i];
    if (matches) return k;
  }
  return 0;
}

/**
 * A message ends after the first delimiter. The size limit counts the delimiter too (the bytes the message takes
 * from the stream). A message whose delimiter does not end within the limit is cut at the limit, or just before it
 * when its last bytes could begin the delimiter: a line one byte too long then ends as the cut line and an empty
 * one, instead of leaving a lone "\n" to start the next line.
 */
export function delimiterCutter(spec: DelimiterFramingSpec): Cutter {
  const { delimiter, keep } = spec;
  const max = framingMaxMessageBytes(spec);
  return {
    next(queue) {
      const at = queue.indexOf(delimiter, max);
      if (at >= 0) {
        if (keep === 'keep') return { bytes: queue.take(at + delimiter.length) };
        const bytes = queue.take(at);
        queue.skip(delimiter.length);
        return { bytes };
      }
      if (queue.length < max) return undefined;
      // checkFramingSpec keeps the delimiter no longer than the limit, so the cut keeps at least one byte.
      const tail = Math.min(delimiter.length - 1, max - 1);
      const held = pendingPrefixLength(queue.peek(max - tail, tail), delimiter);
      return { bytes: queue.take(max - held), cut: 'max-size' };
    },
    reset: () => {},
  };
}

/** Every `size` bytes; checkFramingSpec keeps size within the limit, so no message is ever cut. */
export function fixedCutter(spec: FixedFramingSpec): Cutter {
  return {
    next: (queue) => (queue.length >= spec.size ? { bytes: queue.take(spec.size) } : undefined),
    reset: () => {},
  };
}

/**
 * The header says how long the message is. A message longer than the limit comes out in pieces of the limit, each
 * marked 'max-size', and a last unmarked piece: the framer stays in step with the stream (the bytes after a cut
 * are the rest of the message, not a new header), and holds no more than the limit.
 */
export function lengthCutter(spec: LengthFramingSpec): Cutter {
  const max = framingMaxMessageBytes(spec);
  const header = lengthHeaderBytes(spec);
  /** Bytes of the current message not yet returned; undefined until its header has arrived. */
  let remaining: number | undefined;
  const field = new Uint8Array(spec.width);
  return {
    next(queue) {
      if (remaining === undefined) {
        if (queue.length < header) return undefined;
        remaining = declaredMessageBytes(spec, readLengthField(queue.peekInto(spec.offset, field), spec.order));
      }
      const piece = Math.min(remaining, max);
      if (queue.length < piece) return undefined;
      const bytes = queue.take(piece);
      remaining -= piece;
      if (remaining > 0) return { bytes, cut: 'max-size' };
      remaining = undefined;
      return { bytes };
    },
    reset: () => {
      remaining = undefined;
    },
  };
}
