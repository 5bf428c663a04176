import { fail, ok, type AppError, type Result } from '../contract/errors';
import type { SendChecksum, SendSpec } from '../contract/send-spec';
import { computeChecksum, resolveChecksumId } from './checksum';
import { isEncoding, type TextEncoding } from './encoding-list';
import { encodeText } from './encodings';
import { parseEscapesWith } from './escapes';
import { parseHex } from './hex';
import { codePointsBefore, compileTemplate, evaluateTemplate, type CompiledTemplate, type ReplyFieldOptions, type TemplateContext } from './template';

/**
 * The send box's bytes (DESIGN §3b), one codec for the page's preview and single send and for the engine's
 * cyclic send:
 *
 *   text ─▶ template fields and literals ─▶ literals: HEX parsed, or (ASCII) escapes read and text encoded
 *        ─▶ body (fields filled: counter, time, random, then len, then crc)
 *        ─▶ + checksum over body[skipStart, length − skipEnd)
 *        ─▶ + CR LF
 *
 * The checksum goes before the CR LF, so "$GPGGA,…*" with xor8 (skip 1 and 1, ASCII hex) and CR LF on sends
 * "$GPGGA,…*47\r\n": a line terminator ends a frame after its check, in every protocol that has both.
 * Every error is a value with the 1-based character it is about (code points, as encodeText counts).
 */
export type SendContext = TemplateContext;

export interface CompiledSendSpec {
  readonly template: CompiledTemplate;
  readonly checksum: SendChecksum | null;
  readonly suffix: Uint8Array;
  /** The bytes of every send when nothing in the spec changes between sends. */
  readonly constant: Uint8Array | undefined;
}

const CRLF = Uint8Array.of(0x0d, 0x0a);

/** What else a spec may use: an auto-reply rule's reply also has the fields of the message it answers. */
export interface SendSpecCompileOptions {
  readonly reply?: ReplyFieldOptions;
}

/** Checks and prepares a spec once; evaluateSendSpec then costs only its fields' work per send. Never throws. */
export function compileSendSpec(spec: SendSpec, options: SendSpecCompileOptions = {}): Result<CompiledSendSpec> {
  const { text, mode, encoding } = spec;
  if (typeof text !== 'string') return fail('INVALID_ARGUMENT', 'The text to send must be a string', { field: 'data', reason: 'invalid' });
  const textEncoding: TextEncoding = mode === 'hex' ? 'utf-8' : encoding;
  if (!isEncoding(textEncoding)) {
    return fail('INVALID_ARGUMENT', `Unknown text encoding "${String(encoding)}"`, { field: 'encoding', reason: 'unknownEncoding', encoding: String(encoding) });
  }
  const checksum = spec.checksum ?? null;
  if (checksum && resolveChecksumId(checksum.model) === undefined) {
    const model = String(checksum.model).slice(0, 64);
    return fail('INVALID_ARGUMENT', `Unknown checksum "${model}"`, { field: 'checksum', reason: 'unknownChecksum', model });
  }
  const fieldText = mode === 'hex' ? asciiBytes : textFieldEncoder(textEncoding);
  const template = compileTemplate(text, {
    backslashEscapes: mode === 'ascii' && spec.escapes,
    literal: (literal, index) => (mode === 'hex' ? hexLiteral(text, literal, index) : textLiteral(text, literal, index, spec.escapes, textEncoding)),
    fieldText,
    ...(options.reply ? { reply: options.reply } : {}),
  });
  if (!template.ok) return template;
  const suffix = spec.appendCrlf ? (mode === 'ascii' ? fieldText('\r\n') : CRLF) : new Uint8Array(0);
  const compiled: CompiledSendSpec = { template: template.value, checksum, suffix, constant: undefined };
  if (!template.value.constant) return ok(compiled);
  // Nothing varies: build the bytes now (and find a checksum range that does not fit now, not at the first send).
  const constant = evaluateSendSpec(compiled, { sendIndex: 0, now: 0, random: () => new Uint8Array(0) });
  return constant.ok ? ok({ ...compiled, constant: constant.value }) : constant;
}

/** One send's bytes. A spec without fields gives its one constant array: callers must not modify it. */
export function evaluateSendSpec(compiled: CompiledSendSpec, context: SendContext): Result<Uint8Array> {
  if (compiled.constant) return ok(compiled.constant);
  const body = evaluateTemplate(compiled.template, context);
  if (!body.ok) return body;
  let check: Uint8Array = new Uint8Array(0);
  if (compiled.checksum) {
    const { model, order, output, skipStart, skipEnd } = compiled.checksum;
    const value = computeChecksum(model, body.value, { skipStart, skipEnd, order, output });
    if (!value.ok) return checksumFailure(value.error, compiled.checksum);
    check = output === 'ascii-hex' ? compiled.template.fieldText(String.fromCharCode(...value.value)) : value.value;
  }
  const length = body.value.length + check.length + compiled.suffix.length;
  if (length === 0) return fail('INVALID_ARGUMENT', 'Nothing to send', { field: 'data', reason: 'empty' });
  if (check.length === 0 && compiled.suffix.length === 0) return body;
  const out = new Uint8Array(length);
  out.set(body.value);
  out.set(check, body.value.length);
  out.set(compiled.suffix, body.value.length + check.length);
  return ok(out);
}

/** compileSendSpec then evaluateSendSpec: one send's bytes. */
export function buildSendPayload(spec: SendSpec, context: SendContext): Result<Uint8Array> {
  const compiled = compileSendSpec(spec);
  return compiled.ok ? evaluateSendSpec(compiled.value, context) : compiled;
}

/**
 * The bytes of send box text that has no template fields (a literal between them), HEX or ASCII as `spec` says;
 * error positions count from the start of `text`. For tools that rewrite the text (the page's ASCII ⇄ HEX switch).
 */
export function encodeSendLiteral(text: string, spec: Pick<SendSpec, 'mode' | 'escapes' | 'encoding'>): Result<Uint8Array> {
  if (spec.mode === 'hex') return hexLiteral(text, text, 0);
  if (!isEncoding(spec.encoding)) return fail('INVALID_ARGUMENT', 'Unknown text encoding', { field: 'encoding', reason: 'unknownEncoding', encoding: String(spec.encoding) });
  return textLiteral(text, text, 0, spec.escapes, spec.encoding);
}

function checksumFailure(error: AppError, checksum: SendChecksum): Result<never> {
  const params = error.params;
  if (params?.reason === 'range') {
    const length = Number(params.length);
    return fail('INVALID_ARGUMENT', `The checksum cannot skip ${checksum.skipStart} + ${checksum.skipEnd} of ${length} byte(s)`, {
      field: 'checksum',
      reason: 'checksumRange',
      length,
      skipStart: checksum.skipStart,
      skipEnd: checksum.skipEnd,
    });
  }
  return { ok: false, error: { ...error, params: { ...params, field: `checksum.${String(params?.field ?? '')}` } } };
}

/** HEX between fields; its error positions moved from the literal to the whole text. */
function hexLiteral(text: string, literal: string, index: number): Result<Uint8Array> {
  const bytes = parseHex(literal);
  return bytes.ok ? bytes : withPosition(bytes.error, unitPosition(text, index, bytes.error));
}

/** ASCII between fields: escapes (when on) and text in `encoding`; errors carry their place in the whole text. */
function textLiteral(text: string, literal: string, index: number, escapes: boolean, encoding: TextEncoding): Result<Uint8Array> {
  // Encoder errors count characters from the start of their run; escape errors count UTF-16 units of the literal.
  let encodeError: AppError | undefined;
  const encodeRun = (run: string, runIndex: number): Result<Uint8Array> => {
    const bytes = encodeText(run, encoding);
    if (bytes.ok) return bytes;
    const inRun = Number(bytes.error.params?.position ?? 1);
    encodeError = movedTo(bytes.error, codePointsBefore(text, index + runIndex) + inRun);
    return { ok: false, error: encodeError };
  };
  const bytes = escapes ? parseEscapesWith(literal, encodeRun) : encodeRun(literal, 0);
  if (bytes.ok || bytes.error === encodeError) return bytes;
  return withPosition(bytes.error, unitPosition(text, index, bytes.error));
}

/** A literal's 1-based UTF-16 `position` as the character position in the whole text. */
function unitPosition(text: string, index: number, error: AppError): number {
  const position = Number(error.params?.position ?? 1);
  return codePointsBefore(text, index + position - 1) + 1;
}

function movedTo(error: AppError, position: number): AppError {
  return { ...error, params: { ...error.params, position } };
}

function withPosition(error: AppError, position: number): Result<never> {
  return { ok: false, error: movedTo(error, position) };
}

const asciiBytes = (ascii: string): Uint8Array => Uint8Array.from(ascii, (char) => char.charCodeAt(0) & 0x7f);

/**
 * Template text fields (digits, times, ASCII hex) and CR LF in the text's encoding: one byte per character in
 * every listed encoding but UTF-16, which takes two.
 */
function textFieldEncoder(encoding: TextEncoding): (ascii: string) => Uint8Array {
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be') return asciiBytes;
  // The ASCII byte is the low byte of its code unit: first in little-endian, second in big-endian.
  const lowByte = encoding === 'utf-16le' ? 0 : 1;
  return (ascii) => {
    const out = new Uint8Array(ascii.length * 2);
    for (let i = 0; i < ascii.length; i++) out[2 * i + lowByte] = ascii.charCodeAt(i) & 0x7f;
    return out;
  };
}
