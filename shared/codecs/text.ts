import { isEncoding, type TextEncoding } from './encoding-list';
import { characterSpan, isAsciiCompatible } from './encoding-structure';

const utf8Encoder = new TextEncoder();
/** Lenient on purpose: a log shows whatever arrived, with U+FFFD where the bytes are not UTF-8. */
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/**
 * A run of the ASCII view: ordinary text, or one byte written as an escape for dimmed display: a control
 * character's ("\x1B") or one that does not decode in the frame's encoding ("\xFF").
 */
export interface DisplaySegment {
  readonly text: string;
  readonly isEscape: boolean;
}

/**
 * Control characters the ASCII view writes as escapes: C0 other than \t \r \n (which keep their meaning), DEL,
 * and the C1 controls U+0080–U+009F (invisible in every font; they arrive as e.g. UTF-8 C2 80 or Windows-1252's
 * five unassigned bytes).
 */
function isShownAsEscape(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
}

/** True when `text` has a character the view writes as an escape. */
function hasEscapedCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isShownAsEscape(text.charCodeAt(i))) return true;
  return false;
}

const HEX_DIGITS = '0123456789ABCDEF';
const BYTE_ESCAPES: readonly string[] = Array.from({ length: 256 }, (_, b) => `\\x${HEX_DIGITS[b >> 4]!}${HEX_DIGITS[b & 15]!}`);

/**
 * Builds the segment list: adjacent text joins into one segment, and so do adjacent escapes — a row of binary data
 * is one dimmed run, not one element per byte (64 KiB of random bytes as 36 000 spans froze the page for seconds).
 */
class SegmentWriter {
  readonly segments: DisplaySegment[] = [];
  private pending = '';
  private pendingEscapes = '';

  text(text: string): void {
    if (text.length === 0) return;
    this.flushEscapes();
    this.pending += text;
  }

  escape(byte: number): void {
    this.flush();
    this.pendingEscapes += BYTE_ESCAPES[byte]!;
  }

  escapeAll(bytes: Uint8Array, start: number, end: number): void {
    for (let i = start; i < end; i++) this.escape(bytes[i]!);
  }

  finish(): DisplaySegment[] {
    this.flush();
    this.flushEscapes();
    return this.segments;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.segments.push({ text: this.pending, isEscape: false });
    this.pending = '';
  }

  private flushEscapes(): void {
    if (this.pendingEscapes.length === 0) return;
    this.segments.push({ text: this.pendingEscapes, isEscape: true });
    this.pendingEscapes = '';
  }
}

/**
 * The platform's decoders for one encoding, made on first use (a TextDecoder is reusable, and making one per row
 * would cost more than the decoding). Both ignore the BOM: a leading U+FEFF is a character of the frame like any
 * other instead of silently disappearing.
 * - `lenient` reads frames and runs: a decoder's error becomes U+FFFD, which costs nothing, where the fatal one
 *   throws, and an exception costs microseconds; text without U+FFFD had no error in it.
 * - `fatal` settles single characters: only it tells a real U+FFFD in the data from an error.
 */
interface Decoders {
  readonly lenient: TextDecoder;
  readonly fatal: TextDecoder;
  readonly memo: CharacterMemo;
}

const decodersByEncoding = new Map<TextEncoding, Decoders>();

function decodersFor(encoding: TextEncoding): Decoders {
  let decoders = decodersByEncoding.get(encoding);
  if (!decoders) {
    const fatal = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    decoders = { lenient: new TextDecoder(encoding, { fatal: false, ignoreBOM: true }), fatal, memo: new CharacterMemo(fatal) };
    decodersByEncoding.set(encoding, decoders);
  }
  return decoders;
}

/** The text of `bytes`, or undefined where the decoder calls them an error. */
function tryDecode(decoder: TextDecoder, bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The text of `bytes` when the lenient decoder met no error (no U+FFFD, whether an error's or the data's own). */
function decodeClean(decoders: Decoders, bytes: Uint8Array): string | undefined {
  const text = decoders.lenient.decode(bytes);
  return text.includes('\uFFFD') ? undefined : text;
}

/**
 * What one well-formed character decodes to (undefined: the decoder rejects it), remembered per encoding. A frame
 * of binary data read as Shift_JIS or EUC-KR is mostly sequences that have the form of a character but none, and
 * each rejection is an exception from the fatal decoder; asking once per distinct sequence keeps such frames
 * cheap to redraw. Bounded: a frame of noise read as GB18030 could otherwise fill it with four-byte keys.
 */
class CharacterMemo {
  private static readonly LIMIT = 1 << 16;
  private readonly decoded = new Map<number, string | undefined>();

  constructor(private readonly decoder: TextDecoder) {}

  decode(run: Uint8Array, start: number, length: number): string | undefined {
    // The bytes (at most 4) and the length as one exact number: length × 2^32 + the bytes, big-endian.
    let key = 0;
    for (let k = 0; k < length; k++) key = key * 256 + run[start + k]!;
    key += length * 2 ** 32;
    if (this.decoded.has(key)) return this.decoded.get(key);
    const text = tryDecode(this.decoder, run.subarray(start, start + length));
    if (this.decoded.size >= CharacterMemo.LIMIT) this.decoded.clear();
    this.decoded.set(key, text);
    return text;
  }
}

/**
 * Encodings whose platform decoder accepts exactly the byte sequences the standard calls well-formed (UTF-8 and
 * UTF-16 everywhere; Windows-1252 takes every byte), so a whole frame that decodes without error needs no walk.
 * Not the CJK ones: Node's ICU decoders accept bytes the standard rejects (GBK 0xFF, EUC-KR 0x81 0x41 as two
 * characters), so those are always split by structure first.
 */
const WHOLE_DECODE_IS_EXACT: ReadonlySet<TextEncoding> = new Set<TextEncoding>(['utf-8', 'windows-1252', 'utf-16le', 'utf-16be']);

/**
 * The ASCII view of a frame in `encoding`: the text, with every byte that does not decode written as a `\xHH`
 * escape (one per byte, none dropped, never U+FFFD) and control characters other than \t \r \n written as the
 * escapes of their bytes, each escape a segment of its own so the view can dim it. Escapes need no font to have
 * special glyphs (the U+2400 control pictures are boxes in many CJK and monospace fonts), and they read like what
 * the user types. A multi-byte character cut off at the end of the frame shows as escapes: the log shows frames
 * as they arrived, and a character split across two reads is two frames.
 *
 * Fast path: the whole frame through the platform's decoder. Only when that meets an error (or for the CJK
 * encodings) the bytes are walked by the encoding's structure (encoding-structure.ts) and decoded a run of
 * well-formed characters at a time, one character at a time only inside a run that does not decode.
 *
 * An encoding outside ENCODINGS (a corrupt setting; they are checked where they enter) is read as UTF-8: the view
 * must draw something, and UTF-8 is the default.
 */
export function decodeForDisplay(bytes: Uint8Array, encoding: TextEncoding): DisplaySegment[] {
  const known: TextEncoding = isEncoding(encoding) ? encoding : 'utf-8';
  const decoders = decodersFor(known);
  if (WHOLE_DECODE_IS_EXACT.has(known)) {
    const text = decodeClean(decoders, bytes);
    if (text !== undefined) {
      const segments = segmentsOfDecoded(text, bytes, known);
      if (segments) return segments;
    }
  }
  return walkByStructure(bytes, known, decoders);
}

/**
 * Segments of a frame that decoded whole: the text split at control characters, each written as the escapes of
 * its bytes. Undefined when a control character's bytes cannot be told from the text alone (then walk instead).
 */
function segmentsOfDecoded(text: string, bytes: Uint8Array, encoding: TextEncoding): DisplaySegment[] | undefined {
  if (!hasEscapedCharacter(text)) return text.length === 0 ? [] : [{ text, isEscape: false }];
  const out = new SegmentWriter();
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isShownAsEscape(code)) continue;
    out.text(text.slice(runStart, i));
    runStart = i + 1;
    if (encoding === 'utf-16le' || encoding === 'utf-16be') {
      // Decoded whole with no BOM stripped: character i is code unit i, bytes 2i and 2i + 1.
      out.escapeAll(bytes, 2 * i, 2 * i + 2);
    } else if (encoding === 'windows-1252') {
      out.escape(bytes[i]!); // Single-byte: character i is byte i.
    } else if (encoding === 'utf-8') {
      if (code < 0x80) out.escape(code);
      else {
        out.escape(0xc2); // U+0080–U+009F are C2 80–C2 9F in UTF-8.
        out.escape(code);
      }
    } else return undefined;
  }
  out.text(text.slice(runStart));
  return out.finish();
}

/**
 * The walk: well-formed characters gather into runs, decoded one run at a time; a byte that starts no character,
 * a sequence cut short and (in ASCII-compatible encodings) a control byte end the run and show as escapes.
 */
function walkByStructure(bytes: Uint8Array, encoding: TextEncoding, decoders: Decoders): DisplaySegment[] {
  const out = new SegmentWriter();
  const asciiCompatible = isAsciiCompatible(encoding);
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (asciiCompatible && byte < 0x80) {
      if (isShownAsEscape(byte)) {
        decodeRun(bytes.subarray(runStart, i), encoding, decoders, out);
        out.escape(byte);
        runStart = i + 1;
      }
      i++;
      continue;
    }
    const span = characterSpan(bytes, i, encoding);
    if (!span.complete) {
      decodeRun(bytes.subarray(runStart, i), encoding, decoders, out);
      out.escapeAll(bytes, i, i + span.length);
      runStart = i + span.length;
    }
    i += span.length;
  }
  decodeRun(bytes.subarray(runStart), encoding, decoders, out);
  return out.finish();
}

/**
 * A run of well-formed characters: decoded at once, or character by character when that meets an error (or a
 * U+FFFD, or a control character the standard's boundaries did not catch).
 */
function decodeRun(run: Uint8Array, encoding: TextEncoding, decoders: Decoders, out: SegmentWriter): void {
  if (run.length === 0) return;
  const text = decodeClean(decoders, run);
  if (text !== undefined && !hasEscapedCharacter(text)) {
    out.text(text);
    return;
  }
  decodeEachCharacter(run, encoding, decoders.memo, out);
}

/**
 * One character at a time. A well-formed sequence the decoder rejects (no character at that code) shows its lead
 * byte and the non-ASCII bytes after it as escapes, and reading goes on at the first ASCII one: what the standard's
 * decoders consume on such an error (a trail byte that is ASCII is read again, since it is a character of its own).
 * A decoded control character shows as all its bytes.
 */
function decodeEachCharacter(run: Uint8Array, encoding: TextEncoding, memo: CharacterMemo, out: SegmentWriter): void {
  const asciiCompatible = isAsciiCompatible(encoding);
  let i = 0;
  while (i < run.length) {
    const byte = run[i]!;
    if (asciiCompatible && byte < 0x80) {
      if (isShownAsEscape(byte)) out.escape(byte);
      else out.text(String.fromCharCode(byte));
      i++;
      continue;
    }
    const span = characterSpan(run, i, encoding);
    if (!span.complete) {
      out.escapeAll(run, i, i + span.length);
      i += span.length;
      continue;
    }
    const text = memo.decode(run, i, span.length);
    if (text !== undefined && !hasEscapedCharacter(text)) {
      out.text(text);
      i += span.length;
    } else if (text !== undefined && isOneControlCharacter(text)) {
      out.escapeAll(run, i, i + span.length);
      i += span.length;
    } else {
      // Rejected, or read as more than one character with a control among them (Node's ICU EUC-KR reads 81 41
      // as U+0081 'A'): the standard's boundary does not hold for this decoder, so treat it as an error.
      let errorLength = asciiCompatible ? 1 : span.length;
      while (errorLength < span.length && run[i + errorLength]! >= 0x80) errorLength++;
      out.escapeAll(run, i, i + errorLength);
      i += errorLength;
    }
  }
}

function isOneControlCharacter(text: string): boolean {
  return text.length === 1 && isShownAsEscape(text.charCodeAt(0));
}

/** The UTF-8 ASCII view (see decodeForDisplay). */
export function formatDisplaySegments(bytes: Uint8Array): DisplaySegment[] {
  return decodeForDisplay(bytes, 'utf-8');
}

/** The ASCII view as one string (escapes inline): for copying, searching and tests. */
export function formatDisplayText(bytes: Uint8Array, encoding: TextEncoding = 'utf-8'): string {
  return decodeForDisplay(bytes, encoding)
    .map((segment) => segment.text)
    .join('');
}
