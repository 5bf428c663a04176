import type { TextEncoding } from '@shared/codecs/encodings';
import { MAX_ROW_BYTES } from '../format-row';
import { isFrameKind, type LogStore, type PayloadRef } from '../log-store';
import { endOfBlock } from './arena-blocks';
import type { LogSearch } from './log-search';

/**
 * Tests a regular expression against each frame's stored bytes decoded in the receive encoding (control bytes as
 * themselves, so /\r\n$/ works; bytes that do not decode as U+FFFD, and the rest still matches). Every frame
 * becomes a string and meets the regex engine. A block of plain ASCII rows is decoded in one call and cut into rows
 * (one byte is one character there): a million short ASCII rows take about 0.1 s in the page, like a byte search.
 * A block with any other row is decoded row by row, which is the slow case: 1–2 s per million rows.
 */
export class RegexSearch implements LogSearch {
  private readonly pattern: RegExp;
  private readonly decoder: TextDecoder;

  constructor(pattern: RegExp, encoding: TextEncoding = 'utf-8') {
    this.decoder = new TextDecoder(encoding, { fatal: false });
    // A global or sticky regex would carry lastIndex from row to row.
    this.pattern = pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
  }

  scan(log: LogStore, from: number, to: number, hit: (index: number) => void): void {
    const ref: PayloadRef = { block: new Uint8Array(0), start: 0, end: 0 };
    for (let i = from; i < to; ) {
      if (!log.payloadAt(i, ref)) {
        i++;
        continue;
      }
      const end = endOfBlock(log, i, to);
      this.scanBlock(log, ref.block, i, end, hit);
      i = end;
    }
  }

  private scanBlock(log: LogStore, block: Uint8Array, first: number, end: number, hit: (index: number) => void): void {
    const { kinds, starts, lengths } = log.rowColumns(first, end);
    const endOf = (r: number): number => starts[r]! + Math.min(lengths[r]!, MAX_ROW_BYTES);
    const spanStart = starts[0]!;
    const spanEnd = endOf(kinds.length - 1);
    const text = this.decoder.decode(block.subarray(spanStart, spanEnd));
    // As many characters as bytes and no U+FFFD: one byte per character (ASCII in every encoding offered but
    // UTF-16), so byte offsets are character offsets.
    const isAscii = text.length === spanEnd - spanStart && !text.includes('\uFFFD');
    for (let r = 0; r < kinds.length; r++) {
      if (!isFrameKind(kinds[r]!)) continue;
      const row = isAscii ? text.slice(starts[r]! - spanStart, endOf(r) - spanStart) : this.decoder.decode(block.subarray(starts[r]!, endOf(r)));
      if (this.pattern.test(row)) hit(first + r);
    }
  }
}
