import iconv from 'iconv-lite';
import { fail, ok, type Result } from '../contract/errors';
import { isEncoding, type TextEncoding } from './encoding-list';
import { encodeUtf8 } from './text';

export { ENCODINGS, isEncoding, type EncodingInfo, type TextEncoding } from './encoding-list';
export { decodeForDisplay } from './text';

type TableEncoding = Exclude<TextEncoding, 'utf-8' | 'utf-16le' | 'utf-16be'>;

/** iconv-lite's names for the encodings that need a code table (it knows the WHATWG labels as aliases). */
const ICONV_NAMES: Readonly<Record<TableEncoding, string>> = {
  gbk: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
  shift_jis: 'shift_jis',
  'euc-kr': 'euc-kr',
  'windows-1252': 'windows-1252',
};

// The part of iconv-lite used here. Its own typings name Node's Buffer, which shared/ cannot see; on Node the
// result is a Buffer, in a browser bundle whatever the Buffer shim makes, both Uint8Arrays.
interface TableCodec {
  encode(text: string, encoding: string, options?: { readonly addBOM?: boolean }): Uint8Array;
  decode(bytes: Uint8Array, encoding: string): string;
}
const tables: TableCodec = iconv;

/**
 * The bytes of `text` in `encoding`, for sending. A character the encoding cannot represent is an error,
 * INVALID_ARGUMENT with params { reason: 'unencodable', char, codePoint ('U+20AC'), position, encoding }, where
 * `position` is 1-based and counts characters (code points, so an emoji before it counts once); never a silent
 * '?'. An unknown encoding is INVALID_ARGUMENT { reason: 'unknownEncoding', encoding }. UTF-16 has no BOM.
 *
 * How unencodable characters are found:
 * - GBK, GB18030, Big5, Shift_JIS, EUC-KR, Windows-1252 (iconv-lite's tables): iconv-lite writes '?' for what its
 *   table lacks, so the bytes are decoded back with the same table and compared with the text; the first character
 *   that does not come back as typed is the error. Every listed table encoding is stateless, so everything before
 *   that point came back exactly and the first difference is that character. This also refuses characters a table
 *   encodes only one way (Shift_JIS writes ¥ as 0x5C, which reads back as '\'): what is sent must read back as
 *   what was typed. Decoding back with iconv-lite rather than the platform's TextDecoder keeps the answer the same
 *   in Node and in the browser (Node 20.18.3+ reads windows-1252 as Latin-1, and its CJK decoders use ICU's tables).
 * - UTF-8 (TextEncoder) and UTF-16 (code units as they are): every Unicode scalar value is representable, so the
 *   only unencodable thing is a lone surrogate. No table is involved, so no library either.
 */
export function encodeText(text: string, encoding: TextEncoding): Result<Uint8Array> {
  if (!isEncoding(encoding)) {
    const name = String(encoding);
    return fail('INVALID_ARGUMENT', `Unknown text encoding "${name}"`, { reason: 'unknownEncoding', encoding: name });
  }
  switch (encoding) {
    case 'utf-8':
    case 'utf-16le':
    case 'utf-16be': {
      const lone = loneSurrogateIndex(text);
      if (lone >= 0) return unencodable(text, lone, encoding);
      return ok(encoding === 'utf-8' ? encodeUtf8(text) : encodeUtf16(text, encoding === 'utf-16le'));
    }
    default:
      return encodeWithTable(text, encoding);
  }
}

function encodeWithTable(text: string, encoding: TableEncoding): Result<Uint8Array> {
  const name = ICONV_NAMES[encoding];
  let bytes: Uint8Array;
  let readBack: string;
  try {
    bytes = tables.encode(text, name, { addBOM: false });
    readBack = tables.decode(bytes, name);
  } catch (error) {
    // Not expected for a known encoding; a value, not a throw, all the same.
    return fail('INTERNAL', `Could not encode text as ${encoding}`, { encoding }, error instanceof Error ? error.message : String(error));
  }
  if (readBack === text) return ok(new Uint8Array(bytes)); // A copy: a plain Uint8Array, not a view of Node's Buffer pool.
  return unencodable(text, firstDifference(text, readBack), encoding);
}

/** Index (UTF-16 units) of the first character of `text` that `readBack` does not have, at a character start. */
function firstDifference(text: string, readBack: string): number {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) === readBack.charCodeAt(i)) i++;
  if (i >= text.length) i = text.length - 1; // readBack is longer: blame the last character (not expected).
  // Same high surrogate, different low one: the character starts one unit earlier.
  if (i > 0 && isHighSurrogate(text.charCodeAt(i - 1)) && isLowSurrogate(text.charCodeAt(i))) i--;
  return i;
}

function unencodable(text: string, index: number, encoding: TextEncoding): Result<Uint8Array> {
  const codePoint = text.codePointAt(index)!;
  const char = String.fromCodePoint(codePoint);
  const position = countCodePoints(text, index) + 1;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  return fail('INVALID_ARGUMENT', `Character "${char}" (${hex}) at position ${position} cannot be encoded in ${encoding}`, {
    reason: 'unencodable',
    char,
    codePoint: hex,
    position,
    encoding,
  });
}

function countCodePoints(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    if (!(isLowSurrogate(text.charCodeAt(i)) && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) count++;
  }
  return count;
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/** Index of the first surrogate not in a pair, or -1. */
function loneSurrogateIndex(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit)) {
      if (isLowSurrogate(text.charCodeAt(i + 1))) i++;
      else return i;
    } else if (isLowSurrogate(unit)) return i;
  }
  return -1;
}

function encodeUtf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i + (littleEndian ? 0 : 1)] = unit & 0xff;
    bytes[2 * i + (littleEndian ? 1 : 0)] = unit >> 8;
  }
  return bytes;
}
