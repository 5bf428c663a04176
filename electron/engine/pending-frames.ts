import {
  BatchNames,
  beginTrafficBatch,
  FRAME_DIRECTION_CODES,
  FRAME_RECORD_HEADER_BYTES,
  writeFrameRecordHeader,
  type BatchAllocator,
  type Endpoint,
  type FrameDirection,
  type TrafficCounters,
  type TrafficGap,
} from '@shared';

const EVENT = FRAME_DIRECTION_CODES.event;
/** Put in place of a packed frame's bytes, so a recycled batch holds no socket buffer. */
const NO_BYTES = new Uint8Array(0);
/** A spare batch whose columns held more frames than this is let go once batches are quiet (see recycle). */
const ALWAYS_KEPT_FRAMES = 1024;
/** How long (ms) after the last packed batch a large spare is let go: the flood is over. */
const SPARE_IDLE_MS = 1_000;

/**
 * Memory for a batch that leaves the engine. Every byte of a batch is written before it is emitted, so zeroing it is
 * wasted work, and for a large batch (MBs at 1472 B datagrams) so is faulting in fresh zeroed pages: uninitialized
 * memory from the allocator, which reuses what earlier batches gave back. A plain Uint8Array over its own ArrayBuffer,
 * exactly the batch's size (a host's IPC copies the whole buffer of what it is given).
 */
export const uninitializedBatch: BatchAllocator = (size) => {
  const buffer = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
};

/** What a detach took out of the pending frames: traffic frames only (event rows stay). */
export interface DroppedTraffic {
  readonly frames: number;
  /** Their bytes on the wire (for the gap). */
  readonly wireBytes: number;
  /** Their display bytes (the room they held in the display budget). */
  readonly displayBytes: number;
}

/**
 * One batch being built, column by column: per frame its seq, time stamp, one small integer for direction, mark and
 * peer (numbered by the batch's BatchNames), its wire length, and a reference to its bytes. No object per frame; the
 * bytes are copied once, by `pack`, straight into the batch that leaves the engine. The columns are reused by later
 * batches (PendingFrames.recycle), so a steady flood allocates none.
 */
export class BatchUnderConstruction {
  private seqs: number[] = [];
  private stamps: number[] = [];
  /** dir code | mark byte << 2 | peer number << 10. */
  private codes: number[] = [];
  private wireLengths: number[] = [];
  private frames: Uint8Array[] = [];
  names = new BatchNames();
  frameCount = 0;
  /** Bytes the frames take in the batch: a record header and the display bytes each. */
  private recordBytes = 0;
  /** Display bytes of every frame, event rows included: what the batch's size limit counts. */
  displayBytes = 0;
  /** rx / tx frames and their display bytes: what they hold in the display budget. */
  trafficFrames = 0;
  trafficBytes = 0;
  eventRows = 0;

  append(dirCode: number, seq: number, ts: number, peer: Endpoint, bytes: Uint8Array, wireLength: number, mark: string | undefined): void {
    const i = this.frameCount;
    this.seqs[i] = seq;
    this.stamps[i] = ts;
    this.codes[i] = dirCode | (this.names.markOf(mark) << 2) | (this.names.peerOf(peer) << 10);
    this.wireLengths[i] = wireLength;
    this.frames[i] = bytes;
    this.frameCount = i + 1;
    this.recordBytes += FRAME_RECORD_HEADER_BYTES + bytes.length;
    this.displayBytes += bytes.length;
    if (dirCode === EVENT) {
      this.eventRows += 1;
    } else {
      this.trafficFrames += 1;
      this.trafficBytes += bytes.length;
    }
  }

  /** The batch as it leaves the engine, in memory from `allocate`; each frame's bytes are copied in and let go. */
  pack(counters: TrafficCounters, gap: TrafficGap | undefined, allocate: BatchAllocator): Uint8Array {
    const { out, view, offset } = beginTrafficBatch(this.names, counters, gap, this.frameCount, this.recordBytes, allocate);
    let at = offset;
    for (let i = 0; i < this.frameCount; i++) {
      const bytes = this.frames[i]!;
      this.frames[i] = NO_BYTES;
      const code = this.codes[i]!;
      writeFrameRecordHeader(view, at, this.seqs[i]!, this.stamps[i]!, code & 3, (code >>> 2) & 0xff, code >>> 10, bytes.length, this.wireLengths[i]!);
      out.set(bytes, at + FRAME_RECORD_HEADER_BYTES);
      at += FRAME_RECORD_HEADER_BYTES + bytes.length;
    }
    return out;
  }

  /** Calls `visit` for every frame, in order, and lets go of their bytes (a detach keeps only the event rows). */
  drain(visit: (dirCode: number, seq: number, ts: number, peer: Endpoint, bytes: Uint8Array, wireLength: number, mark: string | undefined) => void): void {
    for (let i = 0; i < this.frameCount; i++) {
      const bytes = this.frames[i]!;
      this.frames[i] = NO_BYTES;
      const code = this.codes[i]!;
      visit(code & 3, this.seqs[i]!, this.stamps[i]!, this.names.endpointAt(code >>> 10), bytes, this.wireLengths[i]!, this.names.markAt((code >>> 2) & 0xff));
    }
  }

  /** Empty again, for the next batch; the columns keep their room. */
  reset(): void {
    this.names = new BatchNames();
    this.frameCount = 0;
    this.recordBytes = 0;
    this.displayBytes = 0;
    this.trafficFrames = 0;
    this.trafficBytes = 0;
    this.eventRows = 0;
  }

  /** How many frames the columns have held at most. */
  get capacity(): number {
    return this.seqs.length;
  }
}

/**
 * The frames of one session waiting for the display, in order, cut into batches of at most `maxBatchBytes` display
 * bytes (at least one frame each) as they come, so a flush takes the next batch as it is.
 */
export class PendingFrames {
  /** Oldest first; only the last one still takes frames. */
  private batches: BatchUnderConstruction[] = [];
  /** A packed batch, emptied, for the next one. */
  private spare: BatchUnderConstruction | undefined;
  private spareTimer: NodeJS.Timeout | undefined;
  /** Display bytes of every pending frame, event rows included. */
  bytes = 0;
  count = 0;
  eventRows = 0;

  constructor(private readonly maxBatchBytes: number) {}

  append(dir: FrameDirection, seq: number, ts: number, peer: Endpoint, bytes: Uint8Array, wireLength: number, mark: string | undefined): void {
    this.appendCode(FRAME_DIRECTION_CODES[dir], seq, ts, peer, bytes, wireLength, mark);
  }

  /** The oldest batch, taken out of the pending frames (recycle it once packed); undefined when none is pending. */
  take(): BatchUnderConstruction | undefined {
    const batch = this.batches.shift();
    if (!batch) return undefined;
    this.bytes -= batch.displayBytes;
    this.count -= batch.frameCount;
    this.eventRows -= batch.eventRows;
    return batch;
  }

  /**
   * A packed batch's columns carry a later batch. A spare that held many frames is let go SPARE_IDLE_MS after the
   * last batch was packed, so a session that went quiet after a flood keeps small columns only.
   */
  recycle(batch: BatchUnderConstruction): void {
    batch.reset();
    this.spare = batch;
    if (batch.capacity <= ALWAYS_KEPT_FRAMES) return;
    if (this.spareTimer) {
      this.spareTimer.refresh();
      return;
    }
    this.spareTimer = setTimeout(() => {
      this.spareTimer = undefined;
      if (this.spare && this.spare.capacity > ALWAYS_KEPT_FRAMES) this.spare = undefined;
    }, SPARE_IDLE_MS);
    this.spareTimer.unref();
  }

  /** Takes every rx / tx frame out (a detach turns them into the gap); event rows stay, in order. */
  dropTraffic(): DroppedTraffic {
    const batches = this.batches;
    this.batches = [];
    this.bytes = 0;
    this.count = 0;
    this.eventRows = 0;
    let frames = 0;
    let wireBytes = 0;
    let displayBytes = 0;
    for (const batch of batches) {
      batch.drain((dirCode, seq, ts, peer, bytes, wireLength, mark) => {
        if (dirCode === EVENT) {
          this.appendCode(dirCode, seq, ts, peer, bytes, wireLength, mark);
          return;
        }
        frames += 1;
        wireBytes += wireLength;
        displayBytes += bytes.length;
      });
    }
    return { frames, wireBytes, displayBytes };
  }

  /** Forgets every pending frame (a disposed session); returns the rx / tx frames and display bytes they held. */
  clear(): { readonly frames: number; readonly displayBytes: number } {
    let frames = 0;
    let displayBytes = 0;
    for (const batch of this.batches) {
      frames += batch.trafficFrames;
      displayBytes += batch.trafficBytes;
    }
    this.batches = [];
    this.spare = undefined;
    clearTimeout(this.spareTimer);
    this.spareTimer = undefined;
    this.bytes = 0;
    this.count = 0;
    this.eventRows = 0;
    return { frames, displayBytes };
  }

  private appendCode(dirCode: number, seq: number, ts: number, peer: Endpoint, bytes: Uint8Array, wireLength: number, mark: string | undefined): void {
    let open = this.batches[this.batches.length - 1];
    // A batch is cut after the frame that brings it to maxBatchBytes: a frame larger than that travels alone.
    if (open === undefined || open.displayBytes >= this.maxBatchBytes) {
      open = this.spare ?? new BatchUnderConstruction();
      this.spare = undefined;
      this.batches.push(open);
    }
    open.append(dirCode, seq, ts, peer, bytes, wireLength, mark);
    this.bytes += bytes.length;
    this.count += 1;
    if (dirCode === EVENT) this.eventRows += 1;
  }
}
