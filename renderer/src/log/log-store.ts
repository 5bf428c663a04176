import type { Endpoint } from '@shared/contract/endpoint';
import type { TrafficBatchReader } from '@shared/traffic/batch-codec';
import { wireLengthOf, type FrameDirection, type TrafficFrame, type TrafficGap } from '@shared/traffic/frame';
import type { FrameMark } from '@shared/traffic/frame-mark';
import { decodeLogEvent } from '@shared/traffic/log-event';
import { MAX_ROW_BYTES } from './format-row';
import type { GapEntry, LogEntry } from './log-entry';
import type { LogView } from './log-view';
import { RoundTripMeter } from './round-trip';

/** Frames kept for display (DESIGN §3). Older frames scroll out; counters and capture files stay exact. */
export const DEFAULT_LOG_CAPACITY = 100_000;
/** The capacities the UI offers (接收设置 → 日志容量). */
export const LOG_CAPACITIES = [10_000, 100_000, 1_000_000] as const;

/**
 * Payload bytes the logs of one page keep at most together, whatever their capacities: a million 64 KiB TCP reads,
 * or eight tabs of them, must not take the page down (DESIGN §4b: memory is bounded for the whole workspace).
 */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;

/**
 * The byte budget that several logs share (one per workspace). When the logs together hold more than `limitBytes`,
 * the log holding the most gives up its oldest block of entries: a busy tab thins itself before a quiet tab loses
 * history. Each log counts what it gave up for the budget, so its view can say so.
 */
export class LogBudget {
  private readonly logs = new Set<LogStore>();

  constructor(readonly limitBytes: number = MAX_LOG_BYTES) {}

  join(log: LogStore): void {
    this.logs.add(log);
  }

  leave(log: LogStore): void {
    this.logs.delete(log);
  }

  get usedBytes(): number {
    let total = 0;
    for (const log of this.logs) total += log.storedBytes;
    return total;
  }

  /** Called by a log after it grew: frees the oldest blocks of the largest logs until the total fits. */
  enforce(): void {
    for (let used = this.usedBytes; used > this.limitBytes; ) {
      let largest: LogStore | undefined;
      for (const log of this.logs) if (!largest || log.storedBytes > largest.storedBytes) largest = log;
      const freed = largest?.releaseOldestBlock() ?? 0;
      if (freed === 0) return; // every log is down to the block it is writing: nothing more to give
      used -= freed;
    }
  }
}
/** Size of one block of the byte arena; a frame larger than this (up to MAX_ROW_BYTES) gets a block of its own. */
const CHUNK_BYTES = 1024 * 1024;
/** First allocation of the columns; they double up to the capacity, so an empty 1M log costs little. */
const INITIAL_SLOTS = 1024;
/** Distinct marks one log can name (the mark column is 16-bit); rules' names and relay legs are far fewer. */
const MAX_LOG_MARKS = 65_535;

const KIND_RX = 0;
const KIND_TX = 1;
const KIND_GAP_ENGINE = 2;
const KIND_GAP_PAUSED = 3;
const KIND_GAP_EARLIER = 5;
const GAP_CAUSES: Readonly<Record<number, GapEntry['cause']>> = { [KIND_GAP_ENGINE]: 'engine', [KIND_GAP_PAUSED]: 'paused', [KIND_GAP_EARLIER]: 'earlier' };
const KIND_EVENT = 4;
const KIND_OF_DIRECTION: Readonly<Record<FrameDirection, number>> = { rx: KIND_RX, tx: KIND_TX, event: KIND_EVENT };

/** What a row is, as scans over many rows read it (a number, so a million reads build no strings). */
export const ROW_RX = 0;
export const ROW_TX = 1;
export const ROW_EVENT = 2;
export const ROW_GAP = 3;
export type RowClass = typeof ROW_RX | typeof ROW_TX | typeof ROW_EVENT | typeof ROW_GAP;
/** Stored kind → row class (the three gap causes are one class). */
const CLASS_OF_KIND: readonly RowClass[] = [ROW_RX, ROW_TX, ROW_GAP, ROW_GAP, ROW_EVENT, ROW_GAP];

/** Whether a stored kind (RowColumns.kinds) is a frame, rx or tx: the rows whose bytes a search looks at. */
export function isFrameKind(kind: number): boolean {
  return kind === KIND_RX || kind === KIND_TX;
}

/**
 * Rows [from, to) of the log column by column, entry i of each array being row from + i: views into the ring
 * when the rows are contiguous in it, copies when they wrap. For scans too hot for a method call per row.
 */
export interface RowColumns {
  /** Stored kinds (isFrameKind tells frames). */
  readonly kinds: Uint8Array;
  /** Offset of each row's bytes in its arena block. */
  readonly starts: Uint32Array;
  /** Length as received; the block holds min(length, MAX_ROW_BYTES) of it. */
  readonly lengths: Uint32Array;
}

/**
 * Where a frame's stored bytes are: `block[start, end)`. Filled in place by `LogStore.payloadAt`, so a search over
 * a million rows reuses one object. Rows of one arena block share the same `block`, with increasing offsets.
 */
export interface PayloadRef {
  block: Uint8Array;
  start: number;
  end: number;
}
const NO_BYTES = new Uint8Array(0);

export type Schedule = (callback: () => void) => void;

export interface LogFilter {
  /** 接收数据不显示: rx frames are counted by the engine but not kept here. */
  readonly hideRx: boolean;
  /** 暂停: no new traffic is kept; on resume one marker says how much was skipped. Event rows are still kept. */
  readonly paused: boolean;
}

const defaultSchedule: Schedule = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

interface Chunk {
  readonly bytes: Uint8Array;
  /** Serial of the last entry whose bytes are in this block; the block goes once that entry has gone. */
  lastSerial: number;
}

/**
 * The traffic log outside React (STYLE 5), stored column-wise so a million frames cost tens of MB, not a
 * million objects:
 * - one slot per entry in typed arrays (kind, seq, ts, peer, length, where the bytes are), used as a ring;
 * - payload bytes copied into an arena of 1 MiB blocks appended in arrival order, so the oldest block is freed
 *   when its last entry leaves the ring (and the batch buffers are not kept alive by the log);
 * - peers interned: the same address:port is one Endpoint object for the whole log.
 * Ingest is O(frames) with no per-frame object or string. `at(i)` builds an entry object on demand; the view
 * asks only for the rows on screen. The view subscribes to `version`, which moves at most once per animation
 * frame however many batches arrived in between.
 *
 * An entry's id (the list's row key) is its serial + 1: serials count every entry ever pushed, so ids keep
 * increasing while the ring wraps and across clears.
 */
export class LogStore implements LogView {
  private cap: number;
  private slots = 0;
  private head = 0;
  private count = 0;
  /** Serial of the oldest entry kept (the entry at index 0). */
  private firstSerial = 0;
  private kind = new Uint8Array(0);
  /** Frame: seq. Gap: frames not displayed. */
  private seqCol = new Float64Array(0);
  /** Frame: ts (ms since epoch). Gap: bytes not displayed. */
  private tsCol = new Float64Array(0);
  private peerCol = new Uint32Array(0);
  /** Frame: 0, or 1 + the index of its mark in `marks` (an auto-reply rule's name, a relay leg). */
  private markCol = new Uint16Array(0);
  /** Frame: byte length as received (the arena keeps at most MAX_ROW_BYTES of it). */
  private lenCol = new Uint32Array(0);
  /** Arena block number (absolute: chunkBase + index into `chunks`) and offset in it. */
  private chunkCol = new Uint32Array(0);
  private offCol = new Uint32Array(0);
  /**
   * While round-trip times are on (setRoundTrip): a received frame's RTT, ms (round-trip.ts); NaN for other rows.
   * null while off, so a tab that does not use it pays neither the memory nor the time.
   */
  private rttCol: Float32Array | null = null;
  /** Round-trip times of the rows that came in while on, whether kept or not (hideRx, pause): the tab's RTT figures. */
  readonly roundTrip = new RoundTripMeter();
  /** The round-trip time of the frame being pushed (set just before pushFrame while the column is on). */
  private frameRtt = Number.NaN;

  private chunks: Chunk[] = [];
  private chunkBase = 0;
  private chunkUsed = 0;
  private arenaBytes = 0;

  private readonly peers: Endpoint[] = [];
  private readonly peerIndex = new Map<string, number>();
  private readonly peerOfObject = new WeakMap<Endpoint, number>();
  /** Batch peer index → log peer index, reused per batch. */
  private batchPeers = new Uint32Array(16);
  /** Marks interned like peers: a rule's replies share one entry however many there are. */
  private readonly marks: FrameMark[] = [];
  private readonly markIndex = new Map<FrameMark, number>();

  private readonly listeners = new Set<() => void>();
  private version = 0;
  private scheduled = false;
  private filter: LogFilter = { hideRx: false, paused: false };
  private skipped = { frames: 0, bytes: 0 };
  private budgetDropped = 0;

  /** `budget`: shared with the other logs of the workspace; alone by default. */
  constructor(
    capacity: number = DEFAULT_LOG_CAPACITY,
    private readonly schedule: Schedule = defaultSchedule,
    private readonly budget: LogBudget = new LogBudget(),
  ) {
    this.cap = checkCapacity(capacity);
    budget.join(this);
  }

  /** Entries removed (oldest first) to keep the workspace within its byte budget, since the last clear. */
  get droppedForBudget(): number {
    return this.budgetDropped;
  }

  /** Leaves the shared budget (its tab closed); the store must not be used afterwards. */
  dispose(): void {
    this.budget.leave(this);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Id of the entry at index 0 (ids are consecutive by index); lets a view stay on its rows while old ones go. */
  get firstId(): number {
    return this.firstSerial + 1;
  }

  /** Bytes held by the payload arena (for tests and the bench). */
  get storedBytes(): number {
    return this.arenaBytes;
  }

  /**
   * The interned peer of the entry at `index` (a number shared by every entry of that address:port), for filters
   * that must scan many rows without building entries. -1 for gap markers and out of range.
   */
  peerIdAt(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return -1;
    const slot = this.slotOf(index);
    return GAP_CAUSES[this.kind[slot]!] ? -1 : this.peerCol[slot]!;
  }

  /** What the row at `index` is (ROW_RX, ROW_TX, ROW_EVENT, ROW_GAP); ROW_GAP out of range (nothing to match). */
  rowClassAt(index: number): RowClass {
    if (!(index >= 0 && index < this.count)) return ROW_GAP;
    return CLASS_OF_KIND[this.kind[this.slotOf(index)]!]!;
  }

  /** Time stamp of the row at `index` (ms since epoch); NaN for a gap marker or out of range. */
  tsAt(index: number): number {
    if (!(index >= 0 && index < this.count)) return Number.NaN;
    const slot = this.slotOf(index);
    return GAP_CAUSES[this.kind[slot]!] ? Number.NaN : this.tsCol[slot]!;
  }

  /**
   * Points `ref` at the stored bytes of the frame at `index` (rx or tx; at most MAX_ROW_BYTES of it) and returns
   * true; false (and an empty `ref`) for events, gap markers and out of range. For searches that must not build
   * entries or copy bytes.
   */
  payloadAt(index: number, ref: PayloadRef): boolean {
    const slot = index >= 0 && index < this.count ? this.slotOf(index) : -1;
    const kind = slot < 0 ? -1 : this.kind[slot]!;
    if (kind !== KIND_RX && kind !== KIND_TX) {
      ref.block = NO_BYTES;
      ref.start = ref.end = 0;
      return false;
    }
    ref.block = this.chunks[this.chunkCol[slot]! - this.chunkBase]!.bytes;
    ref.start = this.offCol[slot]!;
    ref.end = ref.start + Math.min(this.lenCol[slot]!, MAX_ROW_BYTES);
    return true;
  }

  /**
   * Arena block of the row at `index`: never decreases with the index, so the rows of one block are consecutive
   * (a search finds a block's rows by binary search instead of visiting each).
   */
  blockIdAt(index: number): number {
    return this.chunkCol[this.slotOf(index)]!;
  }

  /** Rows [from, to) (within 0 … size) as columns; see RowColumns. */
  rowColumns(from: number, to: number): RowColumns {
    const start = this.slotOf(from);
    const n = Math.max(0, to - from);
    if (start + n <= this.slots) {
      return { kinds: this.kind.subarray(start, start + n), starts: this.offCol.subarray(start, start + n), lengths: this.lenCol.subarray(start, start + n) };
    }
    const join = <T extends Uint8Array | Uint32Array>(column: T, out: T): T => {
      out.set(column.subarray(start, this.slots), 0);
      out.set(column.subarray(0, n - (this.slots - start)), this.slots - start);
      return out;
    };
    return { kinds: join(this.kind, new Uint8Array(n)), starts: join(this.offCol, new Uint32Array(n)), lengths: join(this.lenCol, new Uint32Array(n)) };
  }

  /** Every address:port the log has seen since it was made (a clear keeps them), in order of first appearance. */
  get peerList(): readonly Endpoint[] {
    return this.peers;
  }

  /** The interned number of address:port, or undefined when no entry of the log came from or went to it. */
  peerIdOf(address: string, port: number): number | undefined {
    return this.peerIndex.get(`${address}|${port}`);
  }

  /** The store is its own view: a row's log id is its id. */
  logIdAt(index: number): number {
    return Number.isInteger(index) && index >= 0 && index < this.count ? this.firstSerial + index + 1 : -1;
  }

  indexAtOrAfter(logId: number): number {
    return Math.min(this.count, Math.max(0, Math.ceil(logId) - this.firstSerial - 1));
  }

  /** Entry by age: 0 is the oldest kept, size − 1 the newest. A fresh object: call it for visible rows only. */
  at(index: number): LogEntry | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    const slot = this.slotOf(index);
    const id = this.firstSerial + index + 1;
    const kind = this.kind[slot]!;
    const cause = GAP_CAUSES[kind];
    if (cause) return { kind: 'gap', id, frames: this.seqCol[slot]!, bytes: this.tsCol[slot]!, cause };
    const length = this.lenCol[slot]!;
    const chunk = this.chunks[this.chunkCol[slot]! - this.chunkBase]!;
    const offset = this.offCol[slot]!;
    const peer = this.peers[this.peerCol[slot]!]!;
    const mark = this.markCol[slot]!;
    if (kind === KIND_EVENT) {
      const event = decodeLogEvent(chunk.bytes.subarray(offset, offset + length));
      return { kind: 'event', id, seq: this.seqCol[slot]!, ts: this.tsCol[slot]!, peer, event };
    }
    const rtt = this.rttCol ? this.rttCol[slot]! : Number.NaN;
    return {
      kind: 'frame',
      id,
      seq: this.seqCol[slot]!,
      ts: this.tsCol[slot]!,
      dir: kind === KIND_RX ? 'rx' : 'tx',
      peer,
      bytes: chunk.bytes.subarray(offset, offset + Math.min(length, MAX_ROW_BYTES)),
      length,
      ...(mark > 0 ? { mark: this.marks[mark - 1]! } : {}),
      ...(Number.isNaN(rtt) ? {} : { rttMs: rtt }),
    };
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getVersion = (): number => this.version;

  /** One checked batch straight from the wire: its frames in order, then its gap. The hot path. */
  ingestBatch(batch: TrafficBatchReader, packed: Uint8Array): void {
    const pushedBefore = this.pushed;
    if (batch.frameCount > 0) {
      if (this.batchPeers.length < batch.peers.length) this.batchPeers = new Uint32Array(batch.peers.length * 2);
      for (let i = 0; i < batch.peers.length; i++) this.batchPeers[i] = this.internPeer(batch.peers[i]!);
      const peers = this.batchPeers;
      const marks = batch.marks.map((mark) => this.internMark(mark));
      const isTimed = this.rttCol !== null;
      batch.forEachFrame((seq, ts, dir, peer, start, length, wireLength, mark) => {
        if (isTimed) this.frameRtt = this.roundTripOf(dir, peers[peer]!, ts);
        if (this.isKept(dir, wireLength)) this.pushFrame(seq, ts, dir, peers[peer]!, packed, start, length, wireLength, mark < 0 ? 0 : marks[mark]!);
      });
    }
    this.endBatch(batch.gap, pushedBefore);
  }

  /** Frames as objects (tests, synthetic sources): the same storage as `ingestBatch`. */
  ingest(frames: readonly TrafficFrame[], gap?: TrafficGap): void {
    const pushedBefore = this.pushed;
    for (const frame of frames) {
      if (this.rttCol !== null) this.frameRtt = this.roundTripOf(frame.dir, this.internPeer(frame.peer), frame.ts);
      if (!this.isKept(frame.dir, wireLengthOf(frame))) continue;
      const mark = frame.mark === undefined ? 0 : this.internMark(frame.mark);
      this.pushFrame(frame.seq, frame.ts, frame.dir, this.internPeer(frame.peer), frame.bytes, 0, frame.bytes.length, wireLengthOf(frame), mark);
    }
    this.endBatch(gap, pushedBefore);
  }

  /**
   * A page that attached to a session already running (after a reload) has none of its earlier rows: one marker
   * says how many frames went by before, so an empty log beside non-zero counters is not a mystery.
   */
  markEarlier(frames: number, bytes: number): void {
    if (frames <= 0) return;
    this.pushGap(KIND_GAP_EARLIER, frames, bytes);
    this.afterPush();
  }

  setFilter(filter: LogFilter): void {
    const resuming = this.filter.paused && !filter.paused;
    this.filter = filter;
    if (resuming && this.skipped.frames > 0) {
      this.pushGap(KIND_GAP_PAUSED, this.skipped.frames, this.skipped.bytes);
      this.afterPush();
    }
    if (resuming) this.skipped = { frames: 0, bytes: 0 };
  }

  clear(): void {
    this.firstSerial += this.count;
    this.head = 0;
    this.count = 0;
    this.slots = 0;
    this.allocate(0);
    this.chunks = [];
    this.chunkBase = 0;
    this.chunkUsed = 0;
    this.arenaBytes = 0;
    this.skipped = { frames: 0, bytes: 0 };
    this.budgetDropped = 0;
    this.roundTrip.reset();
    this.changed();
  }

  /** A new session: its round-trip figures start from nothing (the rows already shown keep their times). */
  resetRoundTrip(): void {
    this.roundTrip.reset();
    this.changed();
  }

  /**
   * 显示往返时间 on or off. On: rows that arrive from now on get their round-trip time and the figures start; off:
   * the column and the figures are dropped.
   */
  setRoundTrip(on: boolean): void {
    if (on === (this.rttCol !== null)) return;
    this.rttCol = on ? new Float32Array(this.slots).fill(Number.NaN) : null;
    this.roundTrip.reset();
    this.changed();
  }

  /**
   * For the budget: drops the entries of the oldest arena block (never the block being written) and frees it.
   * Returns the bytes freed; 0 when only the current block is left.
   */
  releaseOldestBlock(): number {
    if (this.chunks.length <= 1) return 0;
    const oldest = this.chunks[0]!;
    const drop = Math.min(this.count, oldest.lastSerial - this.firstSerial + 1);
    const before = this.arenaBytes;
    this.evict(drop);
    this.budgetDropped += drop;
    this.releaseChunks();
    this.changed();
    return before - this.arenaBytes;
  }

  /** Changes the capacity, keeping the newest entries that fit. O(kept). */
  setCapacity(capacity: number): void {
    const next = checkCapacity(capacity);
    if (next === this.cap) return;
    const drop = Math.max(0, this.count - next);
    this.evict(drop);
    // Re-lay the kept entries from slot 0 in columns sized for what is kept.
    const kept = this.count;
    const old = { kind: this.kind, seq: this.seqCol, ts: this.tsCol, peer: this.peerCol, mark: this.markCol, len: this.lenCol, chunk: this.chunkCol, off: this.offCol, rtt: this.rttCol };
    const oldHead = this.head;
    const oldSlots = this.slots;
    this.cap = next;
    this.allocate(Math.min(next, Math.max(INITIAL_SLOTS, kept)));
    for (let i = 0; i < kept; i++) {
      const from = (oldHead + i) % oldSlots;
      this.kind[i] = old.kind[from]!;
      this.seqCol[i] = old.seq[from]!;
      this.tsCol[i] = old.ts[from]!;
      this.peerCol[i] = old.peer[from]!;
      this.markCol[i] = old.mark[from]!;
      this.lenCol[i] = old.len[from]!;
      this.chunkCol[i] = old.chunk[from]!;
      this.offCol[i] = old.off[from]!;
      if (this.rttCol && old.rtt) this.rttCol[i] = old.rtt[from]!;
    }
    this.head = 0;
    this.releaseChunks();
    this.changed();
  }

  /**
   * Whether the filter keeps a frame; one that pause skips is added to the marker shown on resume. Events are
   * always kept: they are rare, and no counter could tell the user about them later.
   */
  private isKept(dir: FrameDirection, wireLength: number): boolean {
    if (dir === 'event') return true;
    if (this.filter.paused) {
      this.skipped.frames++;
      this.skipped.bytes += wireLength;
      return false;
    }
    return !(dir === 'rx' && this.filter.hideRx);
  }

  private slotOf(index: number): number {
    const slot = this.head + index;
    return slot >= this.slots ? slot - this.slots : slot;
  }

  /** 1 + the mark's index in `marks`; 0 (shown unmarked) past what the column can number. */
  private internMark(mark: FrameMark): number {
    const known = this.markIndex.get(mark);
    if (known !== undefined) return known;
    if (this.marks.length >= MAX_LOG_MARKS) return 0;
    this.marks.push(mark);
    this.markIndex.set(mark, this.marks.length);
    return this.marks.length;
  }

  private internPeer(peer: Endpoint): number {
    const known = this.peerOfObject.get(peer);
    if (known !== undefined) return known;
    const key = `${peer.address}|${peer.port}`;
    let index = this.peerIndex.get(key);
    if (index === undefined) {
      index = this.peers.length;
      this.peers.push({ address: peer.address, port: peer.port, family: peer.family });
      this.peerIndex.set(key, index);
    }
    this.peerOfObject.set(peer, index);
    return index;
  }

  /** A free slot at the tail: grows the columns while below capacity, else overwrites the oldest entry. */
  private claimSlot(): number {
    if (this.count === this.cap) this.evict(1);
    if (this.count === this.slots) this.grow();
    const slot = this.slotOf(this.count);
    this.count++;
    return slot;
  }

  /** A received frame's round-trip time (NaN for any other row); a sent one starts the clock for its peer. */
  private roundTripOf(dir: FrameDirection, peer: number, ts: number): number {
    if (dir === 'tx') this.roundTrip.sent(peer, ts);
    return dir === 'rx' ? this.roundTrip.received(peer, ts) : Number.NaN;
  }

  /**
   * `length` bytes of the frame are at `start` in `source`; it had `wireLength` on the wire (≥ length). `mark`: 0 or
   * 1 + an index into `marks`.
   */
  private pushFrame(seq: number, ts: number, dir: FrameDirection, peer: number, source: Uint8Array, start: number, length: number, wireLength: number, mark: number): void {
    const slot = this.claimSlot();
    const kept = Math.min(length, MAX_ROW_BYTES);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || this.chunkUsed + kept > chunk.bytes.length) {
      chunk = { bytes: new Uint8Array(Math.max(CHUNK_BYTES, kept)), lastSerial: 0 };
      this.chunks.push(chunk);
      this.chunkUsed = 0;
      this.arenaBytes += chunk.bytes.length;
    }
    const target = chunk.bytes;
    const at = this.chunkUsed;
    // Short payloads (the flood case) copy faster by hand than through a subarray view, and allocate nothing.
    if (kept <= 64) for (let i = 0; i < kept; i++) target[at + i] = source[start + i]!;
    else target.set(source.subarray(start, start + kept), at);
    this.chunkUsed += kept;
    chunk.lastSerial = this.firstSerial + this.count - 1;
    this.kind[slot] = KIND_OF_DIRECTION[dir];
    this.seqCol[slot] = seq;
    this.tsCol[slot] = ts;
    this.peerCol[slot] = peer;
    this.markCol[slot] = mark;
    this.lenCol[slot] = wireLength;
    this.chunkCol[slot] = this.chunkBase + this.chunks.length - 1;
    this.offCol[slot] = at;
    if (this.rttCol !== null) this.rttCol[slot] = this.frameRtt;
  }

  private pushGap(kind: number, frames: number, bytes: number): void {
    const slot = this.claimSlot();
    this.kind[slot] = kind;
    this.seqCol[slot] = frames;
    this.tsCol[slot] = bytes;
    this.peerCol[slot] = 0;
    this.markCol[slot] = 0;
    this.lenCol[slot] = 0;
    this.chunkCol[slot] = this.chunkBase + Math.max(0, this.chunks.length - 1);
    // Where the next frame's bytes will go: offsets stay in order along a block (searches rely on it).
    this.offCol[slot] = this.chunkUsed;
    if (this.rttCol) this.rttCol[slot] = Number.NaN;
  }

  /** Entries pushed since the store was made (the serial the next entry gets). */
  private get pushed(): number {
    return this.firstSerial + this.count;
  }

  private endBatch(gap: TrafficGap | undefined, pushedBefore: number): void {
    if (gap && gap.frames > 0) {
      if (this.filter.paused) {
        this.skipped.frames += gap.frames;
        this.skipped.bytes += gap.bytes;
      } else {
        this.pushGap(KIND_GAP_ENGINE, gap.frames, gap.bytes);
      }
    }
    if (this.pushed !== pushedBefore) this.afterPush();
  }

  private afterPush(): void {
    this.releaseChunks();
    // Over the workspace's byte budget: the largest log's oldest entries go, a whole arena block at a time.
    this.budget.enforce();
    this.changed();
  }

  private evict(n: number): void {
    if (n <= 0) return;
    this.head = n >= this.count ? 0 : this.slotOf(n);
    this.count -= Math.min(n, this.count);
    this.firstSerial += n;
  }

  /** Frees arena blocks whose entries have all left the ring (never the block being written). */
  private releaseChunks(): void {
    while (this.chunks.length > 1 && this.chunks[0]!.lastSerial < this.firstSerial) {
      this.arenaBytes -= this.chunks[0]!.bytes.length;
      this.chunks.shift();
      this.chunkBase++;
    }
    if (this.count === 0 && this.chunks.length === 1) {
      // Nothing refers to the last block either: start it over rather than keep a half-used one around.
      this.chunkUsed = 0;
    }
  }

  private grow(): void {
    const next = Math.min(this.cap, Math.max(INITIAL_SLOTS, this.slots * 2));
    const old = { kind: this.kind, seq: this.seqCol, ts: this.tsCol, peer: this.peerCol, mark: this.markCol, len: this.lenCol, chunk: this.chunkCol, off: this.offCol, rtt: this.rttCol };
    const oldSlots = this.slots;
    const head = this.head;
    this.allocate(next);
    // Copy in age order so the ring starts at slot 0 again.
    for (const [from, to] of [
      [old.kind, this.kind],
      [old.seq, this.seqCol],
      [old.ts, this.tsCol],
      [old.peer, this.peerCol],
      [old.mark, this.markCol],
      [old.len, this.lenCol],
      [old.chunk, this.chunkCol],
      [old.off, this.offCol],
    ] as const) {
      to.set(from.subarray(head, oldSlots), 0);
      to.set(from.subarray(0, head), oldSlots - head);
    }
    if (this.rttCol && old.rtt) {
      this.rttCol.set(old.rtt.subarray(head, oldSlots), 0);
      this.rttCol.set(old.rtt.subarray(0, head), oldSlots - head);
    }
    this.head = 0;
  }

  private allocate(slots: number): void {
    this.slots = slots;
    this.kind = new Uint8Array(slots);
    this.seqCol = new Float64Array(slots);
    this.tsCol = new Float64Array(slots);
    this.peerCol = new Uint32Array(slots);
    this.markCol = new Uint16Array(slots);
    this.lenCol = new Uint32Array(slots);
    this.chunkCol = new Uint32Array(slots);
    this.offCol = new Uint32Array(slots);
    if (this.rttCol) this.rttCol = new Float32Array(slots).fill(Number.NaN);
  }

  /** Coalesces notifications to one per scheduled tick. */
  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.version++;
      for (const listener of this.listeners) listener();
    });
  }
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Log capacity must be a positive integer, got ${capacity}`);
  return capacity;
}
