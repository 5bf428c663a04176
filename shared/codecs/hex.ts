import { fail, ok, type Result } from '../contract/errors';

const HEX_DIGITS = '0123456789ABCDEF';
const BYTE_TO_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => HEX_DIGITS[i >> 4]! + HEX_DIGITS[i & 15]!);

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 70) return code - 55; // A-F
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

function isSeparator(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === ',';
}

/**
 * Parses what a person types in HEX mode: "01 02 0a", "01020A", "0x01,0x02". Bytes are pairs of digits;
 * whitespace and commas separate groups, and each group may start with 0x. A group with an odd number of
 * digits is an error rather than a guess (is "123" 01 23 or 12 03?). Errors give the 1-based `position` of
 * the offending character and, for odd groups, where the group starts.
 */
export function parseHex(text: string): Result<Uint8Array> {
  const out = new Uint8Array(text.length >> 1);
  let length = 0;
  let i = 0;
  while (i < text.length) {
    if (isSeparator(text[i]!)) {
      i++;
      continue;
    }
    const groupStart = i;
    if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) i += 2;
    const digitsStart = i;
    while (i < text.length && !isSeparator(text[i]!)) {
      if (hexValue(text.charCodeAt(i)) < 0) {
        const char = text[i]!;
        return fail('INVALID_HEX', `Invalid HEX character "${char}" at position ${i + 1}`, { position: i + 1, char });
      }
      i++;
    }
    const digits = i - digitsStart;
    if (digits === 0 || digits % 2 !== 0) {
      return fail('INVALID_HEX', `Odd number of HEX digits in "${text.slice(groupStart, i)}" at position ${groupStart + 1}`, {
        position: groupStart + 1,
        group: text.slice(groupStart, i),
      });
    }
    for (let d = digitsStart; d < i; d += 2) {
      out[length++] = (hexValue(text.charCodeAt(d)) << 4) | hexValue(text.charCodeAt(d + 1));
    }
  }
  return ok(out.slice(0, length));
}

/** "01 02 0A": upper-case pairs, space-separated, the way NetAssist shows received bytes. */
export function formatHex(bytes: Uint8Array, separator = ' '): string {
  if (bytes.length === 0) return '';
  const parts = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) parts[i] = BYTE_TO_HEX[bytes[i]!]!;
  return parts.join(separator);
}
