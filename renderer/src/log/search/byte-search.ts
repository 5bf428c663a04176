import { MAX_ROW_BYTES } from '../format-row';
import { isFrameKind, type LogStore, type PayloadRef } from '../log-store';
import { endOfBlock } from './arena-blocks';
import type { LogSearch } from './log-search';

/** Bytes of a block looked at to guess which needle byte is rarest there. */
const SAMPLE_BYTES = 16 * 1024;

/** A–Z → a–z, every other byte as it is: case folding for ASCII letters only (UTF-8 multi-byte letters are not folded). */
const FOLD = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b));

const NONE = Number.POSITIVE_INFINITY;

/**
 * Finds frames whose stored bytes contain `needle`, straight in the log's byte arena: no entry objects, no
 * decoding, no copies. Rows of one arena block are consecutive in it, so `Uint8Array.prototype.indexOf` over the
 * block (native, fast) finds the candidates of many rows at once and rows without one are never visited; each
 * candidate is checked in full and only within its own row (a match never spans two frames). The byte searched
 * for is the needle's rarest in a sample of the block, so a needle that starts with a common byte (a space, "0")
 * does not stop at every row.
 * With `foldCase`, ASCII letters match either case (the candidates are both spellings of that byte).
 */
export class ByteSearch implements LogSearch {
  private readonly needle: Uint8Array;

  constructor(
    needle: Uint8Array,
    private readonly foldCase: boolean,
  ) {
    this.needle = foldCase ? needle.map((b) => FOLD[b]!) : needle.slice();
  }

  scan(log: LogStore, from: number, to: number, hit: (index: number) => void): void {
    if (this.needle.length === 0) return;
    const ref: PayloadRef = { block: new Uint8Array(0), start: 0, end: 0 };
    for (let i = from; i < to; ) {
      if (!log.payloadAt(i, ref)) {
        i++;
        continue;
      }
      const blockEnd = endOfBlock(log, i, to);
      this.scanBlock(log, ref.block, ref.start, i, blockEnd, hit);
      i = blockEnd;
    }
  }

  /**
   * Rows [first, end) share `block`; their bytes start at `start`. Candidates come from indexOf over the block;
   * each one is placed in its row by walking the rows' offsets (galloping when it is far ahead), checked within that
   * row, and after a hit the search goes on from the next row. The row columns are read as arrays: with a candidate
   * in every row (a needle whose every byte is common), this loop is the cost of the search.
   */
  private scanBlock(log: LogStore, block: Uint8Array, start: number, first: number, end: number, hit: (index: number) => void): void {
    const needle = this.needle;
    const n = needle.length;
    const { kinds, starts, lengths } = log.rowColumns(first, end);
    const rows = kinds.length;
    const endOf = (r: number): number => starts[r]! + Math.min(lengths[r]!, MAX_ROW_BYTES);
    // The anchor: which needle byte is looked for (offset k in the needle), in one or two spellings.
    const k = this.rarestOffset(block, start);
    const a = needle[k]!;
    const b = this.foldCase && a >= 0x61 && a <= 0x7a ? a - 0x20 : a;
    const limit = endOf(rows - 1);
    // Next occurrence of a / b at or after the last position asked: valid while positions asked only grow.
    let nextA = -1;
    let nextB = -1;
    let r = 0;
    for (let q = start + k; ; ) {
      if (nextA < q) nextA = indexOrNone(block, a, q);
      if (b !== a && nextB < q) nextB = indexOrNone(block, b, q);
      const p = b !== a && nextB < nextA ? nextB : nextA;
      const at = p - k;
      if (at + n > limit) return;
      // The row holding `at`: the last one starting at or before it. Next row first; gallop when it is far.
      if (r + 1 < rows && starts[r + 1]! <= at) {
        let step = 1;
        while (r + step * 2 < rows && starts[r + step * 2]! <= at) step *= 2;
        let lo = r + step;
        let hi = Math.min(r + step * 2, rows);
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (starts[mid]! <= at) lo = mid;
          else hi = mid;
        }
        r = lo;
      }
      if (isFrameKind(kinds[r]!) && at + n <= endOf(r) && this.matchesAt(block, at)) {
        hit(first + r);
        if (++r >= rows) return;
        q = Math.max(p + 1, starts[r]! + k);
      } else q = p + 1;
    }
  }

  private matchesAt(block: Uint8Array, at: number): boolean {
    const needle = this.needle;
    if (this.foldCase) {
      for (let j = 0; j < needle.length; j++) if (FOLD[block[at + j]!] !== needle[j]) return false;
    } else {
      for (let j = 0; j < needle.length; j++) if (block[at + j] !== needle[j]) return false;
    }
    return true;
  }

  /** Offset in the needle of the byte seen least in a sample of `block` from `start` (both spellings counted). */
  private rarestOffset(block: Uint8Array, start: number): number {
    const counts = new Uint32Array(256);
    const end = Math.min(block.length, start + SAMPLE_BYTES);
    for (let i = start; i < end; i++) counts[this.foldCase ? FOLD[block[i]!]! : block[i]!]!++;
    let best = 0;
    for (let j = 1; j < this.needle.length; j++) if (counts[this.needle[j]!]! < counts[this.needle[best]!]!) best = j;
    return best;
  }
}

function indexOrNone(block: Uint8Array, value: number, from: number): number {
  const at = block.indexOf(value, from);
  return at < 0 ? NONE : at;
}
