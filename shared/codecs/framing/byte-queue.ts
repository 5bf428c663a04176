/** A run of buffered bytes: buf[start, end). Only the segment at the head ever has start > 0. */
interface Segment {
  readonly buf: Uint8Array;
  start: number;
  end: number;
  /** A buffer of the queue's own that small chunks are copied into (its bytes past `end` are free space). */
  readonly owned: boolean;
}

/**
 * Chunks shorter than this that arrive while bytes are buffered are copied into an owned buffer instead of kept as
 * they are: a stream of 1-byte reads would otherwise cost a segment object per byte, many times the bytes it holds.
 */
const COALESCE_BELOW = 1024;
/**
 * The first owned buffer of a run of small chunks; each new one is twice the last, up to OWNED_MAX_CAPACITY. A
 * chunk below COALESCE_BELOW always fits in an empty one. Small at first because a server holds a queue per client:
 * thousands of clients that each left a few bytes of a message must not each hold 16 KiB (issue 12, B7).
 */
const OWNED_MIN_CAPACITY = COALESCE_BELOW;
const OWNED_MAX_CAPACITY = 16 * 1024;
/**
 * First owned buffers that emptied queues gave back, for the next queue that needs one: a stream whose messages
 * each span a few reads (a terminal sending a character per packet) empties its queue at every message, and
 * would otherwise make a buffer per message. Shared by every queue of the process (one thread), and small.
 */
const spareFirstBuffers: Uint8Array[] = [];
const MAX_SPARE_FIRST_BUFFERS = 16;
/** Ranges shorter than this are scanned by a loop: a native indexOf on a subarray costs an allocation first. */
const NATIVE_SCAN_FROM = 48;

function indexOfByte(buf: Uint8Array, byte: number, from: number, to: number): number {
  if (to === buf.length) return buf.indexOf(byte, from);
  if (to - from >= NATIVE_SCAN_FROM) {
    const at = buf.subarray(from, to).indexOf(byte);
    return at < 0 ? -1 : from + at;
  }
  for (let i = from; i < to; i++) if (buf[i] === byte) return i;
  return -1;
}

/**
 * The bytes of a stream not yet cut into messages: a list of chunks, never concatenated on push, so that taking
 * a message copies each byte once and a stream of many small reads stays linear. Chunks of at least COALESCE_BELOW
 * bytes, and any chunk pushed while the queue is empty, are kept by reference: the caller must not change a chunk
 * after pushing it.
 *
 * Memory: an empty queue holds no buffer. So a stream that gets a whole message per read (the usual request or
 * line per packet) has it cut out of the chunk itself, with no copy into a buffer of the queue's, and an idle
 * stream costs only the queue object. Owned buffers exist only while small chunks pile up behind buffered bytes.
 *
 * `indexOf` remembers where its last search stopped, so a delimiter search over a growing buffer looks at each byte
 * once however the bytes were chunked; the queue is meant for one pattern.
 */
export class ByteQueue {
  private segments: Segment[] = [];
  /** Index of the first live segment: consumed ones are dropped in batches, not shifted off one by one. */
  private head = 0;
  private total = 0;
  /** An emptied owned buffer, reused by the next small chunk instead of allocating another; let go once empty. */
  private spare: Uint8Array | undefined;
  /** Size of the next owned buffer made. */
  private ownedCapacity = OWNED_MIN_CAPACITY;
  /** Search state: no match starts before scanPos; scanPos lies at segments[scanSeg].buf[scanOff]. */
  private scanPos = 0;
  private scanSeg = 0;
  private scanOff = 0;

  get length(): number {
    return this.total;
  }

  /** Bytes of the buffers the queue made for itself (those holding bytes, and the spare): 0 when it is empty. */
  get ownedBytes(): number {
    let bytes = this.spare?.length ?? 0;
    for (let s = this.head; s < this.segments.length; s++) if (this.segments[s]!.owned) bytes += this.segments[s]!.buf.length;
    return bytes;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const wasEmpty = this.total === 0;
    this.total += chunk.length;
    if (chunk.length >= COALESCE_BELOW || wasEmpty) {
      this.segments.push({ buf: chunk, start: 0, end: chunk.length, owned: false });
      return;
    }
    const last = this.segments.length > this.head ? this.segments[this.segments.length - 1] : undefined;
    if (last?.owned && last.buf.length - last.end >= chunk.length) {
      last.buf.set(chunk, last.end);
      last.end += chunk.length;
      return;
    }
    const buf = this.spare ?? this.newOwnedBuffer();
    this.spare = undefined;
    buf.set(chunk);
    this.segments.push({ buf, start: 0, end: chunk.length, owned: true });
  }

  private newOwnedBuffer(): Uint8Array {
    const capacity = this.ownedCapacity;
    this.ownedCapacity = Math.min(OWNED_MAX_CAPACITY, capacity * 2);
    return (capacity === OWNED_MIN_CAPACITY ? spareFirstBuffers.pop() : undefined) ?? new Uint8Array(capacity);
  }

  /**
   * The first `n` bytes (0 ≤ n ≤ length), removed from the queue. A chunk taken whole is returned as it was pushed;
   * anything else is a copy, so a short message never keeps a large chunk alive.
   */
  take(n: number): Uint8Array {
    if (n <= 0) return new Uint8Array(0);
    const first = this.segments[this.head]!;
    let out: Uint8Array;
    if (!first.owned && first.start === 0 && n === first.buf.length) {
      out = first.buf;
    } else if (first.end - first.start >= n) {
      out = first.buf.slice(first.start, first.start + n);
    } else {
      out = new Uint8Array(n);
      this.copyFront(out);
    }
    this.drop(n);
    return out;
  }

  /** Removes the first `n` bytes (0 ≤ n ≤ length) without copying them. */
  skip(n: number): void {
    if (n > 0) this.drop(n);
  }

  /** Copies the `count` bytes at `offset` (offset + count ≤ length); for reading a short header. */
  peek(offset: number, count: number): Uint8Array {
    return this.peekInto(offset, new Uint8Array(count));
  }

  /** Fills `out` with the bytes at `offset` (offset + out.length ≤ length). Byte by byte: `out` is a few bytes. */
  peekInto(offset: number, out: Uint8Array): Uint8Array {
    let s = this.head;
    let seg = this.segments[s]!;
    let at = seg.start + offset;
    for (let filled = 0; filled < out.length; filled++, at++) {
      while (at >= seg.end) {
        at -= seg.end;
        seg = this.segments[++s]!;
        at += seg.start;
      }
      out[filled] = seg.buf[at]!;
    }
    return out;
  }

  /**
   * Where `pattern` (not empty) first occurs wholly inside the first `limit` bytes, or -1. Resumes where the last
   * call stopped: positions already ruled out are not looked at again (they were ruled out with all their bytes
   * present, so a larger limit later does not change them).
   */
  indexOf(pattern: Uint8Array, limit: number): number {
    const len = pattern.length;
    const end = Math.min(limit, this.total);
    const firstByte = pattern[0]!;
    let pos = this.scanPos;
    let si = this.scanSeg;
    let off = this.scanOff;
    let found = -1;
    while (pos + len <= end) {
      let seg = this.segments[si]!;
      if (off === seg.end) {
        // pos < total, so a next segment exists; a tail that grew in place was caught by the check above.
        seg = this.segments[++si]!;
        off = seg.start;
      }
      const stop = Math.min(seg.end, off + (end - len - pos) + 1);
      const at = indexOfByte(seg.buf, firstByte, off, stop);
      if (at < 0) {
        pos += stop - off;
        off = stop;
        continue;
      }
      pos += at - off;
      off = at;
      if (this.matchesAt(si, off, pattern)) {
        found = pos;
        break;
      }
      pos++;
      off++;
    }
    this.scanPos = pos;
    this.scanSeg = si;
    this.scanOff = off;
    return found;
  }

  private matchesAt(si: number, off: number, pattern: Uint8Array): boolean {
    let seg = this.segments[si]!;
    let o = off;
    for (let k = 0; k < pattern.length; k++) {
      if (o === seg.end) {
        seg = this.segments[++si]!;
        o = seg.start;
      }
      if (seg.buf[o] !== pattern[k]) return false;
      o++;
    }
    return true;
  }

  private copyFront(out: Uint8Array): void {
    let filled = 0;
    for (let s = this.head; filled < out.length; s++) {
      const seg = this.segments[s]!;
      const k = Math.min(out.length - filled, seg.end - seg.start);
      out.set(seg.buf.subarray(seg.start, seg.start + k), filled);
      filled += k;
    }
  }

  private drop(n: number): void {
    let left = n;
    while (left > 0) {
      const seg = this.segments[this.head]!;
      const k = Math.min(left, seg.end - seg.start);
      seg.start += k;
      left -= k;
      if (seg.start === seg.end) {
        if (seg.owned) this.spare = seg.buf;
        this.head++;
      }
    }
    this.total -= n;
    this.afterDrop(n);
  }

  private afterDrop(n: number): void {
    let shifted = 0;
    if (this.total === 0) {
      this.segments = [];
      this.head = 0;
      // Nothing buffered: hold nothing (a server keeps one queue per idle client), and start small again. Owned
      // buffers never leave the queue (take copies out of them), so a first-size one can serve another queue.
      if (this.spare?.length === OWNED_MIN_CAPACITY && spareFirstBuffers.length < MAX_SPARE_FIRST_BUFFERS) spareFirstBuffers.push(this.spare);
      this.spare = undefined;
      this.ownedCapacity = OWNED_MIN_CAPACITY;
    } else if (this.head >= 64 && this.head * 2 >= this.segments.length) {
      shifted = this.head;
      this.segments = this.segments.slice(this.head);
      this.head = 0;
    }
    if (this.scanPos > n) {
      // The search had gone past the dropped bytes: it keeps its place, renumbered.
      this.scanPos -= n;
      this.scanSeg -= shifted;
    } else {
      this.scanPos = 0;
      this.scanSeg = this.head;
      this.scanOff = this.segments[this.head]?.start ?? 0;
    }
  }
}
