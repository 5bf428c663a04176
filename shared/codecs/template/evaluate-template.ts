import { fail, ok, type Result } from '../../contract/errors';
import { computeChecksum } from '../checksum';
import { uintToBytes } from '../checksum/uint-bytes';
import type { CompiledTemplate, TemplatePart } from './compile-template';
import { templateError } from './template-errors';
import type { CounterField, CrcField, LenField, TimeField } from './template-fields';
import { formatOffset, resolveOffset } from './template-offsets';
import { replyFieldBytes, type ReplyContext } from './reply-fields';

/** Everything a send's fields depend on: evaluation is a pure function of it, so tests are deterministic. */
export interface TemplateContext {
  /** 0-based number of this send (the counter's n). */
  readonly sendIndex: number;
  /** When the send happens, ms since the Unix epoch (Date.now()). */
  readonly now: number;
  /** `length` random bytes (node:crypto in the engine, crypto.getRandomValues in the page). */
  readonly random: (length: number) => Uint8Array;
  /** The message an auto-reply answers: what reply fields ($1, msg, peer) are made of. */
  readonly reply?: ReplyContext;
}

/** JavaScript dates reach ±8.64e15 ms; beyond, Date methods throw. */
const MAX_TIME_MS = 8.64e15;

/**
 * One send's bytes. Two passes: the fields that stand alone (counter, time, random) are made and every field's
 * size is known, so the layout is fixed; then len fields are filled (they depend on sizes only), then crc fields
 * in text order (a crc sees the fields before it filled, those after it as zero bytes). Never throws: a range
 * outside the payload, a value too large for its field or a bad context is an error value. A template without
 * fields returns its one constant array: callers must not modify what they get.
 */
export function evaluateTemplate(template: CompiledTemplate, context: TemplateContext): Result<Uint8Array> {
  if (!Number.isSafeInteger(context.sendIndex) || context.sendIndex < 0) {
    return fail('INVALID_ARGUMENT', 'sendIndex must be a whole number, 0 or more', { field: 'sendIndex', reason: 'invalid' });
  }
  if (template.constant) return ok(template.constant);
  if (template.hasTime && !(Number.isFinite(context.now) && Math.abs(context.now) <= MAX_TIME_MS)) {
    return fail('INVALID_ARGUMENT', 'The clock gives no valid time', { field: 'now', reason: 'invalid' });
  }

  const chunks: Array<Uint8Array | number> = [];
  for (const part of template.parts) {
    const chunk = firstPass(part, template, context);
    if (!chunk.ok) return chunk;
    chunks.push(chunk.value);
  }
  const starts: number[] = [];
  let length = 0;
  for (const chunk of chunks) {
    starts.push(length);
    length += typeof chunk === 'number' ? chunk : chunk.length;
  }
  const out = new Uint8Array(length);
  chunks.forEach((chunk, i) => {
    if (typeof chunk !== 'number') out.set(chunk, starts[i]!);
  });

  for (const kind of ['len', 'crc'] as const) {
    for (let i = 0; i < template.parts.length; i++) {
      const part = template.parts[i]!;
      if (part.kind !== 'field' || part.field.kind !== kind) continue;
      const start = starts[i]!;
      const size = chunks[i] as number;
      const filled =
        part.field.kind === 'len'
          ? lenBytes(part.field, part.position, start, size, length, template)
          : crcBytes(part.field, part.position, start, size, out, template);
      if (!filled.ok) return filled;
      out.set(filled.value, start);
    }
  }
  return ok(out);
}

/** A part's bytes, or the size a len / crc field will take. */
function firstPass(part: TemplatePart, template: CompiledTemplate, context: TemplateContext): Result<Uint8Array | number> {
  if (part.kind === 'bytes') return ok(part.bytes);
  const { field } = part;
  switch (field.kind) {
    case 'counter':
      return ok(counterBytes(field, context.sendIndex, template));
    case 'time':
      return timeBytes(field, context.now, part.position, template);
    case 'random': {
      const bytes = context.random(field.bytes);
      if (!(bytes instanceof Uint8Array) || bytes.length < field.bytes) {
        return fail('INTERNAL', `The random source gave no ${field.bytes} bytes`, { field: 'random' });
      }
      return ok(bytes.length === field.bytes ? bytes : bytes.slice(0, field.bytes));
    }
    case 'len':
      return ok(field.format === 'bin' ? field.width : template.fieldText('0'.repeat(field.width)).length);
    case 'crc':
      return ok(field.output === 'raw' ? field.valueBytes : template.fieldText('00'.repeat(field.valueBytes)).length);
    case 'capture':
    case 'msg':
    case 'peer':
      return replyFieldBytes(field, context.reply, part.position);
  }
}

function counterBytes(field: CounterField, sendIndex: number, template: CompiledTemplate): Uint8Array {
  const modulus = 1n << BigInt(8 * field.width);
  const value = (((field.start + BigInt(sendIndex) * field.step) % modulus) + modulus) % modulus;
  if (field.format === 'bin') return uintToBytes(value, field.width, field.order);
  const digits = field.format === 'dec' ? value.toString(10) : value.toString(16).toUpperCase();
  return template.fieldText(digits.padStart(field.pad, '0'));
}

const two = (n: number): string => String(n).padStart(2, '0');

function timeBytes(field: TimeField, now: number, position: number, template: CompiledTemplate): Result<Uint8Array> {
  const seconds = Math.floor(now / 1000);
  const millis = Math.floor(now);
  if (field.type === 'text') {
    if (field.format === 'hms') {
      const date = new Date(now);
      return ok(template.fieldText(`${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`));
    }
    if (field.format === 'iso') return ok(template.fieldText(new Date(now).toISOString()));
    return ok(template.fieldText(String(field.format === 'unix' ? seconds : millis)));
  }
  const value = BigInt(field.format === 'unix' ? seconds : millis);
  const max = (1n << BigInt(8 * field.width)) - 1n;
  if (value < 0n || value > max) {
    return templateError('valueTooLarge', position, `time ${value} does not fit in ${field.width} bytes`, { name: 'time', value: String(value), max: String(max) });
  }
  return ok(uintToBytes(value, field.width, field.order));
}

/** [from, to) of a len / crc field, checked against the payload. */
function rangeOf(field: LenField | CrcField, position: number, start: number, size: number, length: number): Result<readonly [number, number]> {
  const from = resolveOffset(field.from, start, start + size, length);
  const to = resolveOffset(field.to, start, start + size, length);
  if (from < 0 || to > length || from > to) {
    return templateError('range', position, `the range ${formatOffset(field.from)}–${formatOffset(field.to)} (${from}–${to}) is outside the ${length}-byte payload`, {
      name: field.kind,
      from,
      to,
      length,
    });
  }
  return ok([from, to]);
}

function lenBytes(field: LenField, position: number, start: number, size: number, length: number, template: CompiledTemplate): Result<Uint8Array> {
  const range = rangeOf(field, position, start, size, length);
  if (!range.ok) return range;
  const value = range.value[1] - range.value[0] + field.adjust;
  const max = field.format === 'bin' ? 2 ** (8 * field.width) - 1 : 10 ** field.width - 1;
  if (value < 0 || value > max) {
    return templateError('valueTooLarge', position, `the length ${value} does not fit the field (0…${max})`, { name: 'len', value, max });
  }
  if (field.format === 'dec') return ok(template.fieldText(String(value).padStart(field.width, '0')));
  return ok(uintToBytes(BigInt(value), field.width, field.order));
}

function crcBytes(field: CrcField, position: number, start: number, size: number, out: Uint8Array, template: CompiledTemplate): Result<Uint8Array> {
  const range = rangeOf(field, position, start, size, out.length);
  if (!range.ok) return range;
  const [from, to] = range.value;
  if (from < start + size && to > start && from < to) {
    return templateError('rangeSelf', position, `a checksum cannot cover its own bytes (${from}–${to})`, { from, to });
  }
  const value = computeChecksum(field.model, out.subarray(from, to), { order: field.order, output: field.output });
  if (!value.ok || field.output === 'raw') return value;
  // ascii-hex is ASCII from computeChecksum; UTF-16 text sends it as UTF-16 like any other text field.
  return ok(template.fieldText(String.fromCharCode(...value.value)));
}
