import type { TextEncoding } from '@shared/codecs/encoding-list';
import { encodeText } from '@shared/codecs/encodings';
import { formatHex } from '@shared/codecs/hex';
import { buildSendPayload, encodeSendLiteral } from '@shared/codecs/send-payload';
import { scanTemplate } from '@shared/codecs/template';
import type { SendMode, SendSpec } from '@shared/contract/send-spec';

export interface ConvertOptions {
  readonly escapes: boolean;
  readonly encoding: TextEncoding;
}

/**
 * The send box text rewritten for the other mode, as NetAssist does when the mode flips: ASCII → "48 69",
 * HEX → the text those bytes spell in the send encoding. Template fields stay as they are, between the converted
 * literals ("AT{{counter format=dec}}" ⇄ "41 54 {{counter format=dec}}"). Undefined when the text does not convert
 * without loss (bad input, bytes that spell no text and no escapes to spell them): then it stays as typed. The
 * result is checked: it must make the same bytes as the original, or it is not offered.
 */
export function convertSendText(text: string, from: SendMode, options: ConvertOptions): string | undefined {
  const to: SendMode = from === 'ascii' ? 'hex' : 'ascii';
  const tokens = scanTemplate(text, { backslashEscapes: from === 'ascii' && options.escapes });
  if (!tokens.ok) return undefined;
  const parts: string[] = [];
  for (const token of tokens.value) {
    if (token.kind === 'macro') {
      parts.push(text.slice(token.index, token.end));
      continue;
    }
    const bytes = encodeSendLiteral(token.text, { mode: from, ...options });
    if (!bytes.ok) return undefined;
    const spelled = to === 'hex' ? formatHex(bytes.value) : spell(bytes.value, options);
    if (spelled === undefined) return undefined;
    parts.push(spelled);
  }
  const converted = to === 'hex' ? parts.filter((part) => part.length > 0).join(' ') : parts.join('');
  return sameBytes(text, from, converted, to, options) ? converted : undefined;
}

/** A fixed context: both texts are compared on the same send. */
const PROBE = { sendIndex: 0, now: 0, random: (length: number) => new Uint8Array(length) };

function sameBytes(a: string, aMode: SendMode, b: string, bMode: SendMode, options: ConvertOptions): boolean {
  const spec = (text: string, mode: SendMode): SendSpec => ({ text, mode, ...options, appendCrlf: false, checksum: null });
  const first = buildSendPayload(spec(a, aMode), PROBE);
  const second = buildSendPayload(spec(b, bMode), PROBE);
  if (!first.ok || !second.ok) return !first.ok && !second.ok && first.error.params?.reason === 'empty' && second.error.params?.reason === 'empty';
  return first.value.length === second.value.length && first.value.every((byte, i) => byte === second.value[i]);
}

const NAMED: Readonly<Record<string, string>> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\0': '\\0', '\\': '\\\\' };

/** A character the ASCII view and a text box cannot show plainly: C0 controls but \t \r \n, DEL, C1 controls. */
const isHidden = (code: number): boolean => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);

/** Text that types the bytes back in this encoding, or undefined. */
function spell(bytes: Uint8Array, options: ConvertOptions): string | undefined {
  const text = decodeExactly(bytes, options.encoding);
  if (!options.escapes) {
    if (text === undefined) return undefined;
    for (let i = 0; i < text.length; i++) if (isHidden(text.charCodeAt(i))) return undefined;
    return text;
  }
  if (text !== undefined && ![...text].some((char) => char !== '\0' && isHidden(char.charCodeAt(0)))) return withEscapes(text);
  return byteEscapes(bytes, options.encoding);
}

/** `text` for escapes on: backslashes and controls escaped, and a brace that would start a field written \{. */
function withEscapes(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '{' && (text[i + 1] === '{' || i === text.length - 1)) out += '\\{';
    else out += NAMED[char] ?? char;
  }
  return out;
}

/**
 * Byte by byte: printable ASCII as itself where the encoding writes ASCII as one byte (not UTF-16), everything
 * else as \xHH; escapes are raw bytes whatever the encoding, so this always reads back exactly.
 */
function byteEscapes(bytes: Uint8Array, encoding: TextEncoding): string {
  const asciiAsItself = encoding !== 'utf-16le' && encoding !== 'utf-16be';
  let out = '';
  bytes.forEach((byte, i) => {
    const char = String.fromCharCode(byte);
    if (!asciiAsItself || byte >= 0x80) out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (NAMED[char] !== undefined) out += NAMED[char];
    else if (byte === 0x7b && (bytes[i + 1] === 0x7b || i === bytes.length - 1)) out += '\\{';
    else if (byte < 0x20 || byte === 0x7f) out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += char;
  });
  return out;
}

/** The text of `bytes` when they decode and encode back to exactly themselves. */
function decodeExactly(bytes: Uint8Array, encoding: TextEncoding): string | undefined {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const again = encodeText(text, encoding);
  return again.ok && again.value.length === bytes.length && again.value.every((b, i) => b === bytes[i]) ? text : undefined;
}
