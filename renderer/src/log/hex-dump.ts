/** Bytes per line of the hex dump. */
export const DUMP_BYTES_PER_LINE = 16;

/**
 * Lines a dump row shows at most in the measured list (logs up to WRAP_MAX_ENTRIES rows): 1 KiB of a frame.
 * Rows there are measured, so a short frame takes one line and a long one up to this.
 */
export const DUMP_MAX_LINES = 64;

/**
 * Lines every dump row has in the fixed-row list (larger logs), whatever its length: the list needs one row height
 * to keep a million rows reachable in O(1). A frame longer than this many lines says how many bytes it left out.
 */
export const DUMP_FIXED_LINES = 4;

export interface HexDump {
  /** "0010  48 65 6C 6C 6F 20 57 6F  72 6C 64 0D 0A 00 00 00  Hello World....." */
  readonly lines: readonly string[];
  /** Bytes of the frame (as received, `length`) that the lines do not show. */
  readonly omittedBytes: number;
}

const HEX = '0123456789ABCDEF';

/**
 * The classic dump of a frame: per 16 bytes, the offset (4 hex digits: a row keeps at most 64 KiB), the bytes as
 * HEX pairs in two groups of 8, and the same bytes as text (printable ASCII as is, everything else '.'). At most
 * `maxLines` lines; `length` is the frame's size as received when `bytes` holds only its start.
 */
export function formatDump(bytes: Uint8Array, maxLines: number, length: number = bytes.length): HexDump {
  const shown = Math.min(bytes.length, Math.max(1, maxLines) * DUMP_BYTES_PER_LINE);
  const lines: string[] = [];
  for (let offset = 0; offset < shown || (offset === 0 && shown === 0); offset += DUMP_BYTES_PER_LINE) {
    let hex = '';
    let text = '';
    for (let j = 0; j < DUMP_BYTES_PER_LINE; j++) {
      if (j === 8) hex += ' ';
      const at = offset + j;
      if (at < shown) {
        const b = bytes[at]!;
        hex += HEX[b >> 4]! + HEX[b & 15]! + ' ';
        text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else hex += '   ';
    }
    lines.push(`${offset.toString(16).toUpperCase().padStart(4, '0')}  ${hex} ${text}`);
    if (shown === 0) break;
  }
  return { lines, omittedBytes: Math.max(length, bytes.length) - shown };
}

/** Lines a frame of `storedBytes` takes in the measured list (at least one, at most DUMP_MAX_LINES). */
export function dumpLineCount(storedBytes: number, maxLines = DUMP_MAX_LINES): number {
  return Math.max(1, Math.min(maxLines, Math.ceil(storedBytes / DUMP_BYTES_PER_LINE)));
}
