import { performance } from 'node:perf_hooks';
import { fail, framingSpecFromConfig, NO_FRAMING, StreamFramer, type FramedMessage, type FramingSpec, type Result } from '@shared';

/** Where one stream's messages go: the session records each (and the marker row a cut one needs). */
export type MessageSink = (message: FramedMessage) => void;

/**
 * The framer of one TCP stream (a TCP client's connection, or one client of a TCP server) with the idle timer that
 * the idle kind needs: StreamFramer is pure and has no clock, so the session owns the timer here. Bytes go in as
 * the socket hands them over; messages come out to `sink` in stream order.
 *
 * The timer is armed lazily: at most one is pending, armed for `nextDeadline()` when none is, and a timer that
 * fires before the (since moved) deadline re-arms for the rest. A stream that keeps sending therefore costs one
 * timer per gap, not a clearTimeout/setTimeout pair per chunk.
 *
 * A stream whose socket is paused (the capture file is behind) gets no bytes, so the idle kind may end a message
 * there that the peer did not pause in: the gap is measured at this end, which is all the framer can see.
 */
export class StreamRxFraming {
  /** Undefined only if the checked spec was refused after all (it cannot be): the stream is then shown as received. */
  private framer: StreamFramer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private isClosed = false;

  constructor(
    spec: FramingSpec,
    private readonly sink: MessageSink,
  ) {
    this.framer = framerFor(spec);
  }

  push(chunk: Uint8Array): void {
    if (this.isClosed) return;
    this.deliver(this.framer ? this.framer.push(chunk, performance.now()) : [{ bytes: chunk }]);
    this.armIdle();
  }

  /**
   * The framing changed: the old framer's buffered bytes come out (one message marked 'flush'), and the next byte
   * is cut by `spec`. Nothing buffered is re-cut under the new rule (StreamFramer's class comment says why).
   */
  replace(spec: FramingSpec): void {
    if (this.isClosed) return;
    this.clearIdle();
    this.deliver(this.framer?.flush() ?? []);
    this.framer = framerFor(spec);
  }

  /** The stream ended: what is buffered comes out marked 'flush', and the timer stops. Idempotent. */
  close(): void {
    if (this.isClosed) return;
    this.clearIdle();
    this.deliver(this.framer?.flush() ?? []);
    this.isClosed = true;
  }

  private deliver(messages: readonly FramedMessage[]): void {
    for (const message of messages) this.sink(message);
  }

  private armIdle(): void {
    if (this.timer !== undefined) return;
    const deadline = this.framer?.nextDeadline();
    if (deadline === undefined) return;
    // Whole ms, rounded up, at least 1: a timer that fires a little early only re-arms for what is left.
    const delay = Math.max(1, Math.ceil(deadline - performance.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.isClosed) return;
      this.deliver(this.framer?.tick(performance.now()) ?? []);
      this.armIdle();
    }, delay);
  }

  private clearIdle(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** The spec was checked when the session got it (framingSpecFromConfig), so create() does not fail. */
function framerFor(spec: FramingSpec): StreamFramer | undefined {
  const made = StreamFramer.create(spec);
  return made.ok ? made.value : undefined;
}

/**
 * A TCP session's framing as a command gave it (session.open's config.framing, session.framing.set): checked here
 * too, since the engine does not rely on a host having checked. Absent = as received. Errors name the field under
 * `framing.` ('framing.delimiter'), as a host's schema check does.
 */
export function checkSessionFraming(framing: unknown): Result<FramingSpec> {
  const checked = framingSpecFromConfig(framing ?? NO_FRAMING);
  if (checked.ok) return checked;
  const { code, message, params, detail } = checked.error;
  const field = params?.field;
  const path = field === undefined || field === 'spec' ? 'framing' : `framing.${String(field)}`;
  return fail(code, message, { ...params, field: path }, detail);
}
