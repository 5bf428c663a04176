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
 * Text for the ASCII view of a frame: UTF-8 decoded, with control characters other than \t \r \n shown as
 * visible symbols (U+2400 block) so that a NUL or ESC never vanishes or breaks the row.
 */
export function formatDisplayText(bytes: Uint8Array): string {
  const text = decodeUtf8(bytes);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) out += String.fromCharCode(0x2400 + code);
    else if (code === 0x7f) out += '\u2421';
    else out += text[i];
  }
  return out;
}
