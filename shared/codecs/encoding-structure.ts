import type { TextEncoding } from './encoding-list';

/**
 * Where characters start and end in a byte string, judged by byte ranges alone: the lead and trail ranges and
 * sequence lengths of the WHATWG Encoding Standard's decoders (https://encoding.spec.whatwg.org/). There is no
 * mapping here: whether a well-formed sequence is a character is for the platform's decoder to say. The structure
 * is what lets the log show a frame that does not decode as its good characters with escapes between them,
 * instead of giving up on the whole frame at the first bad byte.
 *
 * The ranges are the standard's even where a platform's decoder is looser (Node's ICU GBK decoder reads 0xFF as
 * a private-use character; Chromium's, like the standard, calls it an error): byte ranges decide what is a
 * character boundary, so a frame splits the same way in every runtime.
 */
export interface CharacterSpan {
  /**
   * Complete: the bytes the character takes. Not complete: how many bytes to show as escapes before reading on,
   * always the lead byte alone (or one UTF-16 code unit), as the standard's decoders do: a trail byte that broke
   * the sequence is read again, since it may start the next character.
   */
  readonly length: number;
  /** False for a byte that starts no character and for a sequence cut short (a byte out of range, or the end). */
  readonly complete: boolean;
}

// Preallocated: the display walks every byte of a frame that does not decode, without allocating per character.
const COMPLETE: readonly CharacterSpan[] = [0, 1, 2, 3, 4].map((length) => ({ length, complete: true }));
const ONE = COMPLETE[1]!;
const TWO = COMPLETE[2]!;
const BROKEN_BYTE: CharacterSpan = { length: 1, complete: false };
const BROKEN_UNIT: CharacterSpan = { length: 2, complete: false };

const inRange = (byte: number | undefined, low: number, high: number): boolean => byte !== undefined && byte >= low && byte <= high;

/** True when every byte below 0x80 is that ASCII character on its own and never part of a longer sequence. */
export function isAsciiCompatible(encoding: TextEncoding): boolean {
  return encoding !== 'utf-16le' && encoding !== 'utf-16be';
}

/** The span of the character that starts at `start` (< bytes.length) in `encoding`. */
export function characterSpan(bytes: Uint8Array, start: number, encoding: TextEncoding): CharacterSpan {
  switch (encoding) {
    case 'utf-8':
      return utf8Span(bytes, start);
    case 'gbk': // The standard decodes gbk with the gb18030 decoder: same structure, four-byte sequences included.
    case 'gb18030':
      return gb18030Span(bytes, start);
    case 'big5':
      return doubleByteSpan(bytes, start, 0x81, 0xfe, (trail) => inRange(trail, 0x40, 0x7e) || inRange(trail, 0xa1, 0xfe));
    case 'shift_jis':
      return shiftJisSpan(bytes, start);
    case 'euc-kr':
      return doubleByteSpan(bytes, start, 0x81, 0xfe, (trail) => inRange(trail, 0x41, 0xfe));
    case 'windows-1252':
      return ONE; // Single-byte: every byte is a character (the standard maps all 256).
    case 'utf-16le':
      return utf16Span(bytes, start, true);
    case 'utf-16be':
      return utf16Span(bytes, start, false);
  }
}

/** UTF-8: 1 to 4 bytes, with the narrowed second-byte ranges after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF). */
function utf8Span(bytes: Uint8Array, start: number): CharacterSpan {
  const lead = bytes[start]!;
  if (lead < 0x80) return ONE;
  let trails: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) trails = 1;
  else if (lead >= 0xe0 && lead <= 0xef) {
    trails = 2;
    if (lead === 0xe0) low = 0xa0;
    else if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    trails = 3;
    if (lead === 0xf0) low = 0x90;
    else if (lead === 0xf4) high = 0x8f;
  } else return BROKEN_BYTE; // 80–C1 (a continuation byte or an overlong lead), F5–FF.
  for (let k = 1; k <= trails; k++) {
    if (!inRange(bytes[start + k], low, high)) return BROKEN_BYTE;
    low = 0x80;
    high = 0xbf;
  }
  return COMPLETE[trails + 1]!;
}

/** GB18030 (and GBK): ASCII and 0x80 (€) alone; lead 81–FE with a trail 40–7E / 80–FE, or with 30–39, 81–FE, 30–39. */
function gb18030Span(bytes: Uint8Array, start: number): CharacterSpan {
  const lead = bytes[start]!;
  if (lead <= 0x80) return ONE;
  if (lead === 0xff) return BROKEN_BYTE;
  const second = bytes[start + 1];
  if (inRange(second, 0x30, 0x39)) {
    return inRange(bytes[start + 2], 0x81, 0xfe) && inRange(bytes[start + 3], 0x30, 0x39) ? COMPLETE[4]! : BROKEN_BYTE;
  }
  return inRange(second, 0x40, 0x7e) || inRange(second, 0x80, 0xfe) ? TWO : BROKEN_BYTE;
}

/** Big5 and EUC-KR: ASCII alone, a lead in [leadLow, leadHigh] with one trail; 0x80 and 0xFF start nothing. */
function doubleByteSpan(bytes: Uint8Array, start: number, leadLow: number, leadHigh: number, isTrail: (byte: number | undefined) => boolean): CharacterSpan {
  const lead = bytes[start]!;
  if (lead < 0x80) return ONE;
  if (lead < leadLow || lead > leadHigh) return BROKEN_BYTE;
  return isTrail(bytes[start + 1]) ? TWO : BROKEN_BYTE;
}

/** Shift_JIS: ASCII, 0x80 and half-width katakana A1–DF alone; lead 81–9F / E0–FC with a trail 40–7E / 80–FC. */
function shiftJisSpan(bytes: Uint8Array, start: number): CharacterSpan {
  const lead = bytes[start]!;
  if (lead <= 0x80 || (lead >= 0xa1 && lead <= 0xdf)) return ONE;
  if (!inRange(lead, 0x81, 0x9f) && !inRange(lead, 0xe0, 0xfc)) return BROKEN_BYTE; // A0, FD–FF.
  const trail = bytes[start + 1];
  return inRange(trail, 0x40, 0x7e) || inRange(trail, 0x80, 0xfc) ? TWO : BROKEN_BYTE;
}

/**
 * UTF-16: one code unit, or a high surrogate followed by a low one. A lone surrogate is one broken unit (the
 * standard consumes it); an odd last byte is one broken byte.
 */
function utf16Span(bytes: Uint8Array, start: number, littleEndian: boolean): CharacterSpan {
  if (start + 1 >= bytes.length) return BROKEN_BYTE;
  const unit = codeUnit(bytes, start, littleEndian);
  if (unit >= 0xdc00 && unit <= 0xdfff) return BROKEN_UNIT;
  if (unit < 0xd800 || unit > 0xdbff) return TWO;
  if (start + 3 >= bytes.length) return BROKEN_UNIT;
  const next = codeUnit(bytes, start + 2, littleEndian);
  return next >= 0xdc00 && next <= 0xdfff ? COMPLETE[4]! : BROKEN_UNIT;
}

function codeUnit(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian ? bytes[at]! | (bytes[at + 1]! << 8) : (bytes[at]! << 8) | bytes[at + 1]!;
}
