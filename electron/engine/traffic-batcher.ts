import {
  encodeLogEvent,
  encodeTrafficBatch,
  MAX_DISPLAY_BYTES_PER_FRAME,
  ZERO_COUNTERS,
  type Direction,
  type Endpoint,
  type FrameMark,
  type SessionLogEvent,
  type TrafficCounters,
} from '@shared';
import { DisplayBudget } from './display-budget';
import { nowMs } from './frame-bytes';
import { PendingFrames, uninitializedBatch, type BatchUnderConstruction } from './pending-frames';

export interface TrafficBatcherOptions {
  /** Flush pending frames this many ms after the first one arrived (DESIGN §3: ≤ 16 ms, about one display frame). */
  readonly batchIntervalMs: number;
  /** Flush at once when this many payload bytes are pending; also the size a flush cuts batches at. */
  readonly maxBatchBytes: number;
  /** Batches sent but not yet acknowledged by the renderer; at this many the batcher stops sending. */
  readonly maxUnackedBatches: number;
  /**
   * Frames kept for display while the renderer is behind; past this they are only counted (the gap). Used only
   * by a batcher given no shared DisplayBudget (the Engine gives one to all its sessions).
   */
  readonly maxPendingDisplayFrames: number;
  /** Bytes kept for display while the renderer is behind, the same way. */
  readonly maxPendingDisplayBytes: number;
}

export const DEFAULT_BATCHER_OPTIONS: TrafficBatcherOptions = {
  batchIntervalMs: 16,
  // Big enough that one batch per display frame carries > 1M records/s of 64 B (issue 3, B4).
  maxBatchBytes: 4 * 1024 * 1024,
  maxUnackedBatches: 4,
  maxPendingDisplayFrames: 50_000,
  maxPendingDisplayBytes: 16 * 1024 * 1024,
};

/**
 * At most one batch per display frame (60 Hz): a faster stream of IPC / WebSocket messages only costs the
 * renderer per-message overhead it cannot show. The first frame after a quiet spell still goes out after
 * batchIntervalMs; under a flood, flushes are spaced by this (ms).
 */
export const MIN_FLUSH_SPACING_MS = 1000 / 60;

/** Event rows (refused clients, connections, …) kept while no page shows the session. */
export const MAX_DETACHED_EVENT_ROWS = 1_000;
/**
 * Event rows kept for a page that shows the session but has stopped acking. A TCP server logs a row per client that
 * comes or goes, so a churning server beside a stalled page would otherwise hold rows without bound; a burst of
 * 5 000 clients (B7) fits ten times over.
 */
export const MAX_PENDING_EVENT_ROWS = 50_000;

/** Receives one packed batch (shared/traffic/batch-codec.ts) per flush. */
export type BatchEmitter = (batchSeq: number, packed: Uint8Array) => void;

interface MutableCounters {
  rxBytes: number;
  rxFrames: number;
  txBytes: number;
  txFrames: number;
  rxDropped?: number;
}

/**
 * One session's traffic on its way to the display: numbers the frames, keeps exact counters, packs frames into
 * batches on a short timer or a size limit, and applies credit flow control (the renderer acks batches). When
 * the renderer falls behind, frames that do not fit the display budget are not kept but counted into a gap that
 * the next batch reports, so the log can say "N frames not displayed". The same happens while no page shows the
 * session (detachDisplay): the page that attaches next gets one gap for all it missed. Counters never skip
 * anything.
 */
export class TrafficBatcher {
  private readonly options: TrafficBatcherOptions;
  private readonly budget: DisplayBudget;
  private readonly counters: MutableCounters = { ...ZERO_COUNTERS };
  /** Frames and event rows waiting for the display, already cut into the batches they will go in. */
  private readonly pending: PendingFrames;
  private gapFrames = 0;
  private gapBytes = 0;
  private nextSeq = 1;
  private nextBatchSeq = 0;
  /** Highest batchSeq the renderer acknowledged; -1 = none yet. */
  private ackedBatchSeq = -1;
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() of the last emitted batch. */
  private lastFlushAt = -Infinity;
  /** A flush was due but there was no credit: the next ack flushes at once. */
  private isFlushDeferred = false;
  /** No page shows this session: nothing is sent, every frame goes to the gap. */
  private isDetached = false;
  /** Counters changed (bytes counted without a frame) since the last batch: the next flush sends one anyway. */
  private hasUnsentCounts = false;
  private isDisposed = false;

  /** `budget`: shared with the other sessions of the engine; absent = one of its own, from the options. */
  constructor(
    private readonly emit: BatchEmitter,
    options: Partial<TrafficBatcherOptions> = {},
    budget?: DisplayBudget,
  ) {
    this.options = { ...DEFAULT_BATCHER_OPTIONS, ...options };
    this.budget = budget ?? new DisplayBudget(this.options.maxPendingDisplayFrames, this.options.maxPendingDisplayBytes);
    this.pending = new PendingFrames(this.options.maxBatchBytes);
  }

  /**
   * Count a frame (its bytes and itself) and queue it for display. `mark`: what produced it (an auto-reply rule, a
   * relay leg), shown on its row. Returns the frame's time stamp. `bytes` is held (not copied) until its batch is
   * packed: give a view that does not pin a larger buffer (frame-bytes.ts).
   */
  record(dir: Direction, peer: Endpoint, bytes: Uint8Array, mark?: FrameMark): number {
    if (dir === 'rx') this.counters.rxBytes += bytes.length;
    else this.counters.txBytes += bytes.length;
    return this.recordMessage(dir, peer, bytes, mark);
  }

  /**
   * Received bytes, counted as they arrive from the socket: a TCP session's framer may hold them for a while before
   * they end a message (recordMessage), and the byte counter must say what the peer sent, not what was cut yet. A
   * batch goes out within a display frame even when no message ends, so the counter moves while a long message
   * is still arriving.
   */
  countRxBytes(count: number): void {
    this.counters.rxBytes += count;
    this.hasUnsentCounts = true;
    if (!this.isDisposed) this.armTimer(this.options.batchIntervalMs);
  }

  /**
   * Datagrams the kernel dropped for the session's socket (issue 11, kernel-drops/): from the first call on, the
   * counters carry `rxDropped` (0 included), so the page shows the counter exactly where the OS tells it.
   */
  countRxDropped(count: number): void {
    this.counters.rxDropped = (this.counters.rxDropped ?? 0) + count;
    this.hasUnsentCounts = true;
    if (!this.isDisposed) this.armTimer(this.options.batchIntervalMs);
  }

  /**
   * A message whose bytes were counted already (countRxBytes): counted as one frame and queued for display. With
   * framing, rx frames count messages, not socket chunks. Returns the frame's time stamp. The bytes shown (all of
   * them, or the first MAX_DISPLAY_BYTES_PER_FRAME) are held until their batch is packed, and copied once, into it.
   */
  recordMessage(dir: Direction, peer: Endpoint, bytes: Uint8Array, mark?: FrameMark): number {
    const seq = this.nextSeq++;
    const ts = nowMs();
    if (dir === 'rx') this.counters.rxFrames += 1;
    else this.counters.txFrames += 1;
    if (this.isDisposed) return ts;
    // Only the start of a large frame travels to the display.
    const shownLength = bytes.length > MAX_DISPLAY_BYTES_PER_FRAME ? MAX_DISPLAY_BYTES_PER_FRAME : bytes.length;
    // Once a gap has begun, later frames join it until a flush reports it: the log must not show a frame
    // that arrived after frames it skipped without the marker between them. The budget is asked last, so a
    // frame headed for the gap never takes room.
    if (this.isDetached || this.gapFrames > 0 || !this.budget.tryTake(shownLength)) {
      this.gapFrames += 1;
      this.gapBytes += bytes.length;
      if (this.isDetached) return ts;
    } else {
      // The start of a large frame is copied, so the rest of the wire buffer is not pinned while it waits (and a
      // file send may reuse its read buffer). Not `bytes.slice`: on a Buffer that is a view, not a copy.
      const shown = shownLength === bytes.length ? bytes : new Uint8Array(bytes.subarray(0, shownLength));
      this.pending.append(dir, seq, ts, peer, shown, bytes.length, mark);
    }
    if (this.pending.bytes >= this.options.maxBatchBytes && this.spacingLeftMs() <= 0) this.flush();
    else this.armTimer(this.options.batchIntervalMs);
    return ts;
  }

  /**
   * Queue a session event for the log (a refused client, a client that came or went, …): numbered like a frame,
   * never counted as traffic, and kept even when the display is behind, since it cannot be recounted from the
   * counters — up to MAX_PENDING_EVENT_ROWS (MAX_DETACHED_EVENT_ROWS while no page shows the session). While a gap is
   * open the event row lands before the gap's marker, that is, up to one batch early relative to frames the display
   * skipped.
   */
  recordEvent(peer: Endpoint, event: SessionLogEvent): void {
    if (this.isDisposed) return;
    // Nobody acks while detached, which may last days, and a stalled page acks nothing either: past the cap the
    // oldest events are what the page sees, and later ones are dropped rather than held without bound.
    if (this.pending.eventRows >= (this.isDetached ? MAX_DETACHED_EVENT_ROWS : MAX_PENDING_EVENT_ROWS)) return;
    const bytes = encodeLogEvent(event);
    this.pending.append('event', this.nextSeq++, nowMs(), peer, bytes, bytes.length, undefined);
    this.armTimer(this.options.batchIntervalMs);
  }

  /** The renderer has batch `batchSeq` (and so every earlier one). */
  ack(batchSeq: number): void {
    const highestSent = this.nextBatchSeq - 1;
    this.ackedBatchSeq = Math.max(this.ackedBatchSeq, Math.min(batchSeq, highestSent));
    if (this.isFlushDeferred && this.credit() > 0) {
      this.isFlushDeferred = false;
      // What waited for credit goes out now, unless that would be a second batch within one display frame.
      if (this.spacingLeftMs() <= 0) this.flush();
      else this.armTimer(0);
    }
  }

  /**
   * Whether a page is taking in this session's batches: one is attached and has acknowledged enough of them that
   * another may go. Other state the page is sent whole and often (a server's client list) waits on it too.
   */
  hasCredit(): boolean {
    return !this.isDisposed && !this.isDetached && this.credit() > 0;
  }

  /**
   * No page shows this session any more (its page went away or is reloading). Frames waiting for the display,
   * and every frame from now on, become the gap that the next page is told about; event rows are kept (they
   * cannot be recounted). Nothing is sent until attachDisplay.
   */
  detachDisplay(): void {
    if (this.isDisposed) return;
    this.isDetached = true;
    this.clearTimer();
    this.isFlushDeferred = false;
    const dropped = this.pending.dropTraffic();
    this.gapFrames += dropped.frames;
    this.gapBytes += dropped.wireBytes;
    this.budget.release(dropped.frames, dropped.displayBytes);
  }

  /**
   * A page starts showing this session (workspace.attach). Its log starts empty: what it did not see, frames
   * still pending included, goes out as one gap in the next batch, about a display frame from now (after the
   * attach result, which carries the exact counters). Batches sent to an earlier page will never be acked, so
   * the credit starts full again.
   */
  attachDisplay(): void {
    if (this.isDisposed) return;
    this.detachDisplay();
    this.isDetached = false;
    this.ackedBatchSeq = this.nextBatchSeq - 1;
    if (this.pending.count > 0 || this.gapFrames > 0) this.armTimer(this.options.batchIntervalMs);
  }

  /** Zero the counters and tell the display at once, with a batch even when there is nothing else to send. */
  resetCounters(): void {
    Object.assign(this.counters, ZERO_COUNTERS);
    if (this.counters.rxDropped !== undefined) this.counters.rxDropped = 0;
    // Detached: the next page's attach carries the zeroed counters.
    if (this.isDisposed || this.isDetached) return;
    const emitted = this.flush();
    // A counter reset is a rare user action; it may overdraw the credit by one small batch.
    if (emitted === 0) this.emitBatch(undefined, false);
  }

  getCounters(): TrafficCounters {
    return { ...this.counters };
  }

  /**
   * Send one batch of ≤ maxBatchBytes if there is credit; what is left goes out one display frame later. With
   * `ignoreCredit` (used once on close, so the last frames before a FIN are not lost) everything goes out now.
   * Returns how many batches went out.
   */
  flush(ignoreCredit = false): number {
    this.clearTimer();
    if (this.isDisposed || this.isDetached) return 0;
    let emitted = 0;
    while (this.pending.count > 0 || this.gapFrames > 0 || this.hasUnsentCounts) {
      if (!ignoreCredit && this.credit() <= 0) {
        this.isFlushDeferred = true;
        return emitted;
      }
      if (!ignoreCredit && emitted > 0) {
        this.armTimer(0);
        return emitted;
      }
      // At most maxBatchBytes of frames: the pending frames were cut into batches of that size as they came.
      const batch = this.pending.take();
      // Its frames no longer wait: their room in the display budget is free again (event rows never took any).
      if (batch) this.budget.release(batch.trafficFrames, batch.trafficBytes);
      this.emitBatch(batch, this.pending.count === 0);
      emitted++;
    }
    this.isFlushDeferred = false;
    return emitted;
  }

  /** Flush what is left regardless of credit, then stop: later frames are still counted but never emitted. */
  dispose(): void {
    if (this.isDisposed) return;
    this.flush(true);
    this.isDisposed = true;
    this.clearTimer();
    // Only event rows can be left (kept while detached); they hold no room in the budget, but account for them
    // the one way all the same.
    const left = this.pending.clear();
    this.budget.release(left.frames, left.displayBytes);
  }

  private credit(): number {
    const outstanding = this.nextBatchSeq - 1 - this.ackedBatchSeq;
    return this.options.maxUnackedBatches - outstanding;
  }

  /** One batch: `batch`'s frames (none: counters only), and the gap after them when `withGap`. */
  private emitBatch(batch: BatchUnderConstruction | undefined, withGap: boolean): void {
    const gap = withGap && this.gapFrames > 0 ? { frames: this.gapFrames, bytes: this.gapBytes } : undefined;
    if (gap) {
      this.gapFrames = 0;
      this.gapBytes = 0;
    }
    this.lastFlushAt = performance.now();
    this.hasUnsentCounts = false;
    const counters = this.getCounters();
    let packed: Uint8Array;
    if (batch) {
      packed = batch.pack(counters, gap, uninitializedBatch);
      // Packing copied the frames out: the columns may take the next frames, even ones recorded during emit.
      this.pending.recycle(batch);
    } else {
      packed = encodeTrafficBatch([], counters, gap);
    }
    this.emit(this.nextBatchSeq++, packed);
  }

  private spacingLeftMs(): number {
    return this.lastFlushAt + MIN_FLUSH_SPACING_MS - performance.now();
  }

  /** Flush after `delayMs`, or later if the last batch went out less than MIN_FLUSH_SPACING_MS ago. */
  private armTimer(delayMs: number): void {
    if (this.timer !== undefined || this.isFlushDeferred || this.isDetached) return;
    // Node's timers count whole ms; round up so the spacing is never cut short.
    const delay = Math.ceil(Math.max(delayMs, this.spacingLeftMs(), 0));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
