import { familyOf, type Endpoint } from '../contract/endpoint';
import { fail, ok, type Result } from '../contract/errors';
import type { TrafficCounters } from '../contract/session';
import { decodeUtf8, encodeUtf8 } from '../codecs/text';
import { wireLengthOf, type FrameDirection, type TrafficFrame, type TrafficGap } from './frame';
import { isFrameMark, type FrameMark } from './frame-mark';

/**
 * One traffic batch = one binary buffer, so a flush of thousands of frames is one IPC / WebSocket message.
 *
 *   u32 magic "SDB1" | u32 headerLength | header JSON (UTF-8) | u32 frameCount | frames…
 *   frame: f64 seq | f64 ts | u8 dir (0 rx, 1 tx, 2 event) | u8 mark | u16 peerIndex | u32 length | u32 wireLength | bytes
 *
 * Little-endian. Peers are listed once per batch in the header and referenced by index, so a flood from one
 * peer does not repeat its address string per frame. Marks (an auto-reply rule's name, a relay leg) likewise:
 * `mark` 0 = none, n = the header's `marks[n - 1]`; a batch names at most MAX_MARKS_PER_BATCH of them. `gap` says how many frames (and bytes) were counted but
 * not sent for display right AFTER the last frame of this batch: the log draws its marker there.
 */
const MAGIC = 0x31424453; // "SDB1" read little-endian
/** Bytes of a frame's record before its own bytes: seq, ts, dir, mark, peerIndex, length, wireLength. */
export const FRAME_RECORD_HEADER_BYTES = 8 + 8 + 1 + 1 + 2 + 4 + 4;
/** The dir byte of a frame, indexed by its code. */
const DIRECTIONS: readonly FrameDirection[] = ['rx', 'tx', 'event'];
/** The dir byte of each direction. */
export const FRAME_DIRECTION_CODES: Readonly<Record<FrameDirection, number>> = { rx: 0, tx: 1, event: 2 };

/** Distinct marks one batch can name (the mark byte); a session has far fewer (SESSION_MARK_LIMIT). */
export const MAX_MARKS_PER_BATCH = 255;

interface BatchHeader {
  readonly counters: TrafficCounters;
  readonly gap?: TrafficGap;
  readonly peers: ReadonlyArray<readonly [string, number]>;
  /** Absent when no frame of the batch is marked. */
  readonly marks?: readonly string[];
}

export interface DecodedBatch {
  readonly counters: TrafficCounters;
  readonly gap?: TrafficGap;
  /** Frame bytes are views into the batch buffer: no copy. */
  readonly frames: readonly TrafficFrame[];
}

/** Memory for a whole batch; every byte of it is written before the batch leaves. */
export type BatchAllocator = (size: number) => Uint8Array;

const zeroed: BatchAllocator = (size) => new Uint8Array(size);

/**
 * The peers and marks one batch names, numbered in the order its frames first use them: a frame's record carries
 * the numbers, the header the names.
 */
export class BatchNames {
  readonly peers: Array<readonly [string, number]> = [];
  readonly marks: string[] = [];
  /** The Endpoint each peer number was first given as. */
  private readonly endpoints: Endpoint[] = [];
  private readonly peerIndex = new Map<string, number>();
  private readonly markIndex = new Map<string, number>();
  private lastPeer: Endpoint | undefined;
  private lastPeerIndex = 0;

  /** The peer number of `peer`, added when new. */
  peerOf(peer: Endpoint): number {
    // Floods come from one peer at a time: the same Endpoint object as the frame before needs no key and no lookup.
    if (peer === this.lastPeer) return this.lastPeerIndex;
    const key = `${peer.address}|${peer.port}`;
    let index = this.peerIndex.get(key);
    if (index === undefined) {
      index = this.peers.length;
      this.peerIndex.set(key, index);
      this.peers.push([peer.address, peer.port]);
      this.endpoints.push(peer);
    }
    this.lastPeer = peer;
    this.lastPeerIndex = index;
    return index;
  }

  /** The Endpoint of peer number `index`. */
  endpointAt(index: number): Endpoint {
    return this.endpoints[index]!;
  }

  /**
   * The mark byte of `mark` (1-based; 0 = unmarked), adding it when new. Past MAX_MARKS_PER_BATCH the frame goes
   * unmarked: it is still shown and counted. A session's marks are bounded far below that (its rules' names and a
   * relay's two legs), so this is a guard, not a path taken.
   */
  markOf(mark: string | undefined): number {
    if (mark === undefined) return 0;
    const known = this.markIndex.get(mark);
    if (known !== undefined) return known;
    if (this.marks.length >= MAX_MARKS_PER_BATCH) return 0;
    this.marks.push(mark);
    this.markIndex.set(mark, this.marks.length);
    return this.marks.length;
  }

  /** The mark named by mark byte `number` (0 = none). */
  markAt(number: number): string | undefined {
    return number === 0 ? undefined : this.marks[number - 1];
  }
}

/** Writes the record header of one frame at `offset`; its `length` bytes follow at offset + FRAME_RECORD_HEADER_BYTES. */
export function writeFrameRecordHeader(
  view: DataView,
  offset: number,
  seq: number,
  ts: number,
  dirCode: number,
  mark: number,
  peerIndex: number,
  length: number,
  wireLength: number,
): void {
  view.setFloat64(offset, seq, true);
  view.setFloat64(offset + 8, ts, true);
  view.setUint8(offset + 16, dirCode);
  view.setUint8(offset + 17, mark);
  view.setUint16(offset + 18, peerIndex, true);
  view.setUint32(offset + 20, length, true);
  view.setUint32(offset + 24, wireLength, true);
}

/**
 * A batch's buffer (from `allocate`, which may return uninitialized memory) with everything before the frame records
 * written: magic, header, frame count. The caller writes `frameCount` records (writeFrameRecordHeader, then each
 * frame's bytes) from `offset`, `recordBytes` in all, numbered by `names`.
 */
export function beginTrafficBatch(
  names: BatchNames,
  counters: TrafficCounters,
  gap: TrafficGap | undefined,
  frameCount: number,
  recordBytes: number,
  allocate: BatchAllocator = zeroed,
): { readonly out: Uint8Array; readonly view: DataView; readonly offset: number } {
  const { peers, marks } = names;
  const base: BatchHeader = marks.length > 0 ? { counters, peers, marks } : { counters, peers };
  const header: BatchHeader = gap && gap.frames > 0 ? { ...base, gap } : base;
  const headerBytes = encodeUtf8(JSON.stringify(header));
  const out = allocate(4 + 4 + headerBytes.length + 4 + recordBytes);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  const offset = 8 + headerBytes.length;
  view.setUint32(offset, frameCount, true);
  return { out, view, offset: offset + 4 };
}

export function encodeTrafficBatch(frames: readonly TrafficFrame[], counters: TrafficCounters, gap?: TrafficGap): Uint8Array {
  const names = new BatchNames();
  const framePeer = new Uint16Array(frames.length);
  const frameMark = new Uint8Array(frames.length);
  let recordBytes = 0;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    framePeer[i] = names.peerOf(frame.peer);
    frameMark[i] = names.markOf(frame.mark);
    recordBytes += FRAME_RECORD_HEADER_BYTES + frame.bytes.length;
  }
  const { out, view, offset: first } = beginTrafficBatch(names, counters, gap, frames.length, recordBytes);
  let offset = first;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    writeFrameRecordHeader(view, offset, frame.seq, frame.ts, FRAME_DIRECTION_CODES[frame.dir], frameMark[i]!, framePeer[i]!, frame.bytes.length, wireLengthOf(frame));
    out.set(frame.bytes, offset + FRAME_RECORD_HEADER_BYTES);
    offset += FRAME_RECORD_HEADER_BYTES + frame.bytes.length;
  }
  return out;
}

/** A peer as the header lists it: [address, port]. */
function isPeerEntry(value: unknown): value is readonly [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}

function isGap(value: unknown): value is TrafficGap {
  if (typeof value !== 'object' || value === null) return false;
  const gap = value as Record<string, unknown>;
  return typeof gap.frames === 'number' && typeof gap.bytes === 'number';
}

function isCounters(value: unknown): value is TrafficCounters {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return ['rxBytes', 'rxFrames', 'txBytes', 'txFrames'].every((k) => typeof c[k] === 'number') && (c.rxDropped === undefined || typeof c.rxDropped === 'number');
}

/**
 * Receives the frames of a batch one at a time, as plain numbers: `start`/`length` locate the bytes in the
 * packed buffer; `wireLength` is what the frame had on the wire (more than `length` when only its start travelled);
 * `markIndex` is -1 for an unmarked frame, else an index into the reader's `marks`. Lets a consumer (the renderer's log) store frames columnar without one object per frame.
 */
export type BatchFrameVisitor = (
  seq: number,
  ts: number,
  dir: FrameDirection,
  peerIndex: number,
  start: number,
  length: number,
  wireLength: number,
  markIndex: number,
) => void;

/** A batch that passed every check; its frames are read on demand. */
export interface TrafficBatchReader {
  readonly counters: TrafficCounters;
  readonly gap?: TrafficGap;
  /** The batch's peers; a frame's `peerIndex` points in here. */
  readonly peers: readonly Endpoint[];
  /** The batch's marks; a frame's `markIndex` points in here. */
  readonly marks: readonly FrameMark[];
  readonly frameCount: number;
  /** Calls `visit` once per frame, in order. No allocation per frame. */
  forEachFrame(visit: BatchFrameVisitor): void;
}

/** Checks the whole batch (a corrupt one is rejected before any frame is visited) and returns a reader over it. */
export function readTrafficBatch(packed: Uint8Array): Result<TrafficBatchReader> {
  const corrupt = (why: string): Result<TrafficBatchReader> => fail('INTERNAL', `Corrupt traffic batch: ${why}`);
  if (packed.length < 12) return corrupt('too short');
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return corrupt('bad magic');
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength + 4 > packed.length) return corrupt('header overruns buffer');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(packed.subarray(8, 8 + headerLength)));
  } catch {
    return corrupt('header is not JSON');
  }
  // Every field is checked before it is used: a corrupt header is a corrupt batch, not a TypeError.
  if (typeof parsed !== 'object' || parsed === null) return corrupt('header is not an object');
  const header = parsed as Partial<Record<keyof BatchHeader, unknown>>;
  const peerEntries = header.peers;
  if (!isCounters(header.counters) || !Array.isArray(peerEntries)) return corrupt('header fields missing');
  if (!peerEntries.every(isPeerEntry)) return corrupt('peers are not [address, port]');
  if (header.gap !== undefined && !isGap(header.gap)) return corrupt('gap is not frames and bytes');
  const marks = header.marks ?? [];
  if (!Array.isArray(marks) || !marks.every(isFrameMark)) return corrupt('marks are not frame marks');
  const peers: Endpoint[] = peerEntries.map(([address, port]) => ({ address, port, family: familyOf(address) }));
  const first = 8 + headerLength + 4;
  const count = view.getUint32(first - 4, true);
  let offset = first;
  for (let i = 0; i < count; i++) {
    if (offset + FRAME_RECORD_HEADER_BYTES > packed.length) return corrupt(`frame ${i} header overruns buffer`);
    const start = offset + FRAME_RECORD_HEADER_BYTES;
    const length = view.getUint32(offset + 20, true);
    if (start + length > packed.length) return corrupt(`frame ${i} bytes overrun buffer`);
    if (view.getUint8(offset + 16) >= DIRECTIONS.length) return corrupt(`frame ${i} has an unknown direction`);
    if (view.getUint16(offset + 18, true) >= peers.length) return corrupt(`frame ${i} names an unknown peer`);
    if (view.getUint8(offset + 17) > marks.length) return corrupt(`frame ${i} names an unknown mark`);
    if (view.getUint32(offset + 24, true) < length) return corrupt(`frame ${i} is shorter on the wire than in the batch`);
    offset = start + length;
  }
  const forEachFrame = (visit: BatchFrameVisitor): void => {
    let at = first;
    for (let i = 0; i < count; i++) {
      const length = view.getUint32(at + 20, true);
      const dir = DIRECTIONS[view.getUint8(at + 16)]!;
      const wireLength = view.getUint32(at + 24, true);
      const mark = view.getUint8(at + 17) - 1;
      visit(view.getFloat64(at, true), view.getFloat64(at + 8, true), dir, view.getUint16(at + 18, true), at + FRAME_RECORD_HEADER_BYTES, length, wireLength, mark);
      at += FRAME_RECORD_HEADER_BYTES + length;
    }
  };
  const reader = { counters: header.counters, peers, marks, frameCount: count, forEachFrame };
  return ok(header.gap !== undefined ? { ...reader, gap: header.gap } : reader);
}

export function decodeTrafficBatch(packed: Uint8Array): Result<DecodedBatch> {
  const read = readTrafficBatch(packed);
  if (!read.ok) return read;
  const { counters, gap, peers, marks } = read.value;
  const frames: TrafficFrame[] = [];
  read.value.forEachFrame((seq, ts, dir, peerIndex, start, length, wireLength, markIndex) => {
    const base = { seq, ts, dir, peer: peers[peerIndex]!, bytes: packed.subarray(start, start + length) };
    const frame: TrafficFrame = markIndex >= 0 ? { ...base, mark: marks[markIndex]! } : base;
    frames.push(wireLength > length ? { ...frame, length: wireLength } : frame);
  });
  return ok(gap ? { counters, gap, frames } : { counters, frames });
}
