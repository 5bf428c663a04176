import { ok, type Result } from '../../contract/errors';
import { CHECKSUM_MODELS, resolveChecksumId, type ChecksumByteOrder, type ChecksumOutput } from '../checksum';
import { charPosition } from './char-position';
import { templateError } from './template-errors';
import { FieldOptions } from './field-options';
import type { TemplateOffset } from './template-offsets';
import type { TemplateMacro } from './template-syntax';
import { compileReplyField, isReplyFieldName, REPLY_FIELD_NAMES, type ReplyField, type ReplyFieldOptions } from './reply-fields';

export const TEMPLATE_LIMITS = {
  /** Fields in one template: far more than a frame has, few enough that a 1 ms cyclic send stays cheap. */
  maxFields: 256,
  maxRandomBytes: 1024,
  /** Digits of a decimal len field. */
  maxLenDigits: 10,
  /** Zero padding of a counter's text. */
  maxPad: 32,
} as const;

export const TEMPLATE_FIELD_NAMES = ['counter', 'time', 'random', 'len', 'crc'] as const;
export type TemplateFieldName = (typeof TEMPLATE_FIELD_NAMES)[number];

/** The value of send n (0-based) is start + n·step, modulo 2^(8·width). */
export interface CounterField {
  readonly kind: 'counter';
  readonly start: bigint;
  readonly step: bigint;
  readonly width: number;
  readonly order: ChecksumByteOrder;
  /** bin: `width` bytes; dec / hex: text (upper-case hex), zero-padded to `pad` digits. */
  readonly format: 'bin' | 'dec' | 'hex';
  readonly pad: number;
}

export interface TimeField {
  readonly kind: 'time';
  /** hms: local HH:MM:SS; iso: UTC ISO 8601 with ms; unix: seconds; unix-ms: milliseconds. */
  readonly format: 'hms' | 'iso' | 'unix' | 'unix-ms';
  readonly type: 'text' | 'bin';
  /** bin only: 4 or 8 bytes. */
  readonly width: number;
  readonly order: ChecksumByteOrder;
}

export interface RandomField {
  readonly kind: 'random';
  readonly bytes: number;
}

/** The length of payload[from, to) plus `adjust`. */
export interface LenField {
  readonly kind: 'len';
  readonly format: 'bin' | 'dec';
  /** bin: bytes (1, 2, 4); dec: digits. */
  readonly width: number;
  readonly order: ChecksumByteOrder;
  readonly from: TemplateOffset;
  readonly to: TemplateOffset;
  readonly adjust: number;
}

/** A checksum over payload[from, to) (computeChecksum). */
export interface CrcField {
  readonly kind: 'crc';
  /** A CHECKSUM_MODELS id. */
  readonly model: string;
  readonly from: TemplateOffset;
  readonly to: TemplateOffset;
  /** Default: the model's usual order (Modbus RTU: le). */
  readonly order: ChecksumByteOrder;
  readonly output: ChecksumOutput;
  /** Bytes of the value: ceil(width / 8). */
  readonly valueBytes: number;
}

export type TemplateField = CounterField | TimeField | RandomField | LenField | CrcField | ReplyField;

/** The options each field takes, in the order the error message lists them. */
const FIELD_OPTIONS: Readonly<Record<TemplateFieldName, readonly string[]>> = {
  counter: ['start', 'step', 'width', 'order', 'format', 'pad'],
  time: ['format', 'type', 'width', 'order'],
  random: ['bytes'],
  len: ['width', 'order', 'from', 'to', 'adjust', 'format'],
  crc: ['model', 'from', 'to', 'order', 'output'],
};

const isFieldName = (name: string): name is TemplateFieldName => (TEMPLATE_FIELD_NAMES as readonly string[]).includes(name);

const ORDERS: readonly ChecksumByteOrder[] = ['be', 'le'];
/** Start and step may be anything a 64-bit counter can hold, either sign (a step of -1 counts down). */
const U64_MAX = (1n << 64n) - 1n;

/**
 * The meaning of one field: its name and options checked, defaults filled in; with `reply`, the reply fields too. Never throws; every mistake is a
 * template error at the character that is wrong (the name, the option, or its value).
 */
export function compileField(text: string, macro: TemplateMacro, reply?: ReplyFieldOptions): Result<TemplateField> {
  // An auto-reply rule's reply also knows what the message brought ($0…$9, msg, peer); the send box does not.
  if (reply && isReplyFieldName(macro.name)) return compileReplyField(text, macro, macro.name, reply);
  if (!isFieldName(macro.name)) {
    return templateError('unknownField', charPosition(text, macro.nameIndex), `unknown field "${macro.name}"`, {
      name: macro.name,
      fields: [...TEMPLATE_FIELD_NAMES, ...(reply ? REPLY_FIELD_NAMES : [])].join(', '),
    });
  }
  const options = new FieldOptions(text, macro.name, FIELD_OPTIONS[macro.name]);
  for (const option of macro.options) {
    const added = options.add(option);
    if (!added.ok) return added;
  }
  switch (macro.name) {
    case 'counter':
      return counterField(options);
    case 'time':
      return timeField(options);
    case 'random':
      return randomField(options);
    case 'len':
      return lenField(options);
    case 'crc':
      return crcField(options, text);
  }
}

/** Unwraps results in order; the first failure is the answer. */
function all<T extends readonly unknown[]>(...results: { [K in keyof T]: Result<T[K]> }): Result<T> {
  const values: unknown[] = [];
  for (const result of results) {
    if (!result.ok) return result;
    values.push(result.value);
  }
  return ok(values as unknown as T);
}

function counterField(o: FieldOptions): Result<TemplateField> {
  const parsed = all<[bigint, bigint, number, ChecksumByteOrder, CounterField['format'], bigint]>(
    o.integer('start', -U64_MAX, U64_MAX, 1n, 'a whole number'),
    o.integer('step', -U64_MAX, U64_MAX, 1n, 'a whole number'),
    o.size('width', [1, 2, 4, 8], 4),
    o.choice('order', ORDERS, 'be'),
    o.choice('format', ['bin', 'dec', 'hex'], 'bin'),
    o.integer('pad', 0n, BigInt(TEMPLATE_LIMITS.maxPad), 0n),
  );
  if (!parsed.ok) return parsed;
  const [start, step, width, order, format, pad] = parsed.value;
  const checked = format === 'bin' ? o.notWith('pad', 'format=dec|hex') : o.notWith('order', 'format=bin');
  if (!checked.ok) return checked;
  return ok({ kind: 'counter', start, step, width, order, format, pad: Number(pad) });
}

function timeField(o: FieldOptions): Result<TemplateField> {
  const parsed = all<[TimeField['format'], TimeField['type'], ChecksumByteOrder]>(
    o.choice('format', ['hms', 'iso', 'unix', 'unix-ms'], 'hms'),
    o.choice('type', ['text', 'bin'], 'text'),
    o.choice('order', ORDERS, 'be'),
  );
  if (!parsed.ok) return parsed;
  const [format, type, order] = parsed.value;
  if (type === 'text') {
    for (const key of ['width', 'order']) {
      const checked = o.notWith(key, 'type=bin');
      if (!checked.ok) return checked;
    }
    return ok({ kind: 'time', format, type, width: 0, order });
  }
  if (format !== 'unix' && format !== 'unix-ms') return o.badValue('format', 'unix|unix-ms (with type=bin)');
  // Milliseconds passed 2^32 in 1970: only 8 bytes hold them.
  const width = o.size('width', format === 'unix' ? [4, 8] : [8], format === 'unix' ? 4 : 8);
  if (!width.ok) return width;
  return ok({ kind: 'time', format, type, width: width.value, order });
}

function randomField(o: FieldOptions): Result<TemplateField> {
  const bytes = o.integer('bytes', 1n, BigInt(TEMPLATE_LIMITS.maxRandomBytes), 4n);
  return bytes.ok ? ok({ kind: 'random', bytes: Number(bytes.value) }) : bytes;
}

/** Offsets that cannot be smaller than 0 or larger than any payload; the range is checked when the layout is known. */
const HERE: TemplateOffset = { base: 'here', delta: 0 };
const AFTER: TemplateOffset = { base: 'after', delta: 0 };
const END: TemplateOffset = { base: 'end', delta: 0 };
const START: TemplateOffset = { base: 'start', delta: 0 };
/** A len's adjust: ± a whole payload's worth. */
const MAX_ADJUST = 1n << 31n;

function lenField(o: FieldOptions): Result<TemplateField> {
  const format = o.choice('format', ['bin', 'dec'], 'bin');
  if (!format.ok) return format;
  const digits = o.integer('width', 1n, BigInt(TEMPLATE_LIMITS.maxLenDigits), 4n);
  const width = format.value === 'bin' ? o.size('width', [1, 2, 4], 1) : digits.ok ? ok(Number(digits.value)) : digits;
  const parsed = all<[number, ChecksumByteOrder, TemplateOffset, TemplateOffset, bigint]>(
    width,
    o.choice('order', ORDERS, 'be'),
    o.offset('from', AFTER),
    o.offset('to', END),
    o.integer('adjust', -MAX_ADJUST, MAX_ADJUST, 0n),
  );
  if (!parsed.ok) return parsed;
  const [size, order, from, to, adjust] = parsed.value;
  if (format.value === 'dec') {
    const checked = o.notWith('order', 'format=bin');
    if (!checked.ok) return checked;
  }
  return ok({ kind: 'len', format: format.value, width: size, order, from, to, adjust: Number(adjust) });
}

function crcField(o: FieldOptions, text: string): Result<TemplateField> {
  const modelOption = o.raw('model');
  const model = resolveChecksumId(modelOption?.value ?? 'crc-16/modbus');
  const info = model === undefined ? undefined : CHECKSUM_MODELS[model];
  if (!info || model === undefined) {
    const given = modelOption?.value ?? '';
    return templateError('unknownModel', charPosition(text, modelOption?.valueIndex ?? 0), `unknown checksum model "${given}"`, { model: given });
  }
  const parsed = all<[TemplateOffset, TemplateOffset, ChecksumByteOrder, ChecksumOutput]>(
    o.offset('from', START),
    o.offset('to', HERE),
    o.choice('order', ORDERS, info.naturalOrder),
    o.choice('output', ['raw', 'ascii-hex'], 'raw'),
  );
  if (!parsed.ok) return parsed;
  const [from, to, order, output] = parsed.value;
  return ok({ kind: 'crc', model, from, to, order, output, valueBytes: Math.ceil(info.width / 8) });
}
