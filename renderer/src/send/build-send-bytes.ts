import { fail, ok, type Result } from '@shared/contract/errors';
import { parseEscapes } from '@shared/codecs/escapes';
import { formatHex, parseHex } from '@shared/codecs/hex';
import { decodeUtf8, encodeUtf8 } from '@shared/codecs/text';

export type SendMode = 'ascii' | 'hex';

export interface SendOptions {
  readonly mode: SendMode;
  /** 自动解析转义符 (ASCII mode): \r \n \t \0 \\ \xHH. */
  readonly escapes: boolean;
  /** AT指令自动回车: CR LF after the data, in either mode. */
  readonly appendCrlf: boolean;
}

const CRLF = Uint8Array.of(0x0d, 0x0a);

/** The body of the send box without the CR LF suffix: what HEX/ASCII conversion works on. */
export function bodyBytes(text: string, mode: SendMode, escapes: boolean): Result<Uint8Array> {
  if (mode === 'hex') return parseHex(text);
  return escapes ? parseEscapes(text) : ok(encodeUtf8(text));
}

/**
 * What 发送 puts on the wire for the text in the send box. Errors (bad HEX with its position, bad escape,
 * nothing to send) are values; nothing is sent when there is one.
 */
export function buildSendBytes(text: string, options: SendOptions): Result<Uint8Array> {
  const body = bodyBytes(text, options.mode, options.escapes);
  if (!body.ok) return body;
  let bytes = body.value;
  if (options.appendCrlf) {
    const withCrlf = new Uint8Array(bytes.length + CRLF.length);
    withCrlf.set(bytes);
    withCrlf.set(CRLF, bytes.length);
    bytes = withCrlf;
  }
  if (bytes.length === 0) return fail('INVALID_ARGUMENT', 'Nothing to send', { field: 'data', reason: 'empty' });
  return ok(bytes);
}

/**
 * The send box text rewritten for the other mode, as NetAssist does when the mode flips: ASCII → "48 69",
 * HEX → the text those bytes spell. Undefined when the text does not convert without loss (bad input, or
 * bytes that are not printable text and no escapes to spell them): then it stays as typed.
 */
export function convertSendText(text: string, from: SendMode, escapes: boolean): string | undefined {
  const bytes = bodyBytes(text, from, escapes);
  if (!bytes.ok) return undefined;
  if (from === 'ascii') return formatHex(bytes.value);
  return escapes ? spellWithEscapes(bytes.value) : spellPlain(bytes.value);
}

const PRINTABLE_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

function spellPlain(bytes: Uint8Array): string | undefined {
  const text = decodeUtf8(bytes);
  const again = encodeUtf8(text);
  const roundTrips = again.length === bytes.length && again.every((b, i) => b === bytes[i]);
  if (!roundTrips) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !PRINTABLE_CONTROLS.has(code)) || code === 0x7f) return undefined;
  }
  return text;
}

const ESCAPE_NAMES: Readonly<Record<number, string>> = { 0x0d: '\\r', 0x0a: '\\n', 0x09: '\\t', 0x00: '\\0', 0x5c: '\\\\' };

/** Printable ASCII as is, the rest as escapes parseEscapes reads back to the same bytes. */
function spellWithEscapes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const named = ESCAPE_NAMES[b];
    if (named) out += named;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
