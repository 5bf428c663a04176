import { fail, ok, type ErrorParams, type Result } from '../../contract/errors';
import { FRAMING_KINDS, FRAMING_LIMITS, type FramingKind, type FramingSpec } from './spec';

type Fields = Readonly<Record<string, unknown>>;

/** INVALID_ARGUMENT with `field` and `reason`, so the UI can put a localized sentence next to the right input. */
function invalid<T>(field: string, reason: string, message: string, extra: ErrorParams = {}): Result<T> {
  return fail('INVALID_ARGUMENT', `Framing: ${message}`, { field, reason, ...extra });
}

function integerIn(fields: Fields, field: string, min: number, max: number): Result<number> {
  const value = fields[field];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return invalid(field, 'not-an-integer', `${field} must be an integer from ${min} to ${max}`, { min, max });
  }
  if (value < min || value > max) {
    return invalid(field, 'out-of-range', `${field} must be from ${min} to ${max}, not ${value}`, { min, max, value });
  }
  return ok(value);
}

function oneOf<T extends string | number | boolean>(fields: Fields, field: string, allowed: readonly T[]): Result<T> {
  const value = fields[field];
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) {
    const list = allowed.join(', ');
    return invalid(field, 'not-one-of', `${field} must be one of ${list}`, { allowed: list });
  }
  return ok(match);
}

function checkDelimiter(fields: Fields, maxMessageBytes: number): Result<Uint8Array> {
  const value = fields.delimiter;
  if (!(value instanceof Uint8Array)) return invalid('delimiter', 'not-bytes', 'the delimiter must be bytes');
  if (value.length === 0) return invalid('delimiter', 'empty', 'the delimiter is empty');
  if (value.length > FRAMING_LIMITS.delimiterBytes) {
    return invalid('delimiter', 'too-long', `the delimiter has ${value.length} bytes, at most ${FRAMING_LIMITS.delimiterBytes}`, {
      max: FRAMING_LIMITS.delimiterBytes,
      length: value.length,
    });
  }
  // A delimiter longer than a message could never be seen whole: every message would be cut at the maximum size.
  if (value.length > maxMessageBytes) {
    return invalid('delimiter', 'exceeds-max-message', 'the delimiter is longer than the maximum message size', {
      length: value.length,
      maxMessageBytes,
    });
  }
  // A copy: the caller's array stays theirs to change, and the framer's rule cannot change under it.
  return ok(value.slice());
}

function checkKind(kind: FramingKind, fields: Fields, maxMessageBytes: number): Result<FramingSpec> {
  switch (kind) {
    case 'none':
      return ok({ kind, maxMessageBytes });
    case 'delimiter': {
      const delimiter = checkDelimiter(fields, maxMessageBytes);
      if (!delimiter.ok) return delimiter;
      const keep = oneOf(fields, 'keep', ['strip', 'keep'] as const);
      if (!keep.ok) return keep;
      return ok({ kind, delimiter: delimiter.value, keep: keep.value, maxMessageBytes });
    }
    case 'fixed': {
      const size = integerIn(fields, 'size', 1, FRAMING_LIMITS.fixedSize);
      if (!size.ok) return size;
      if (size.value > maxMessageBytes) {
        return invalid('size', 'exceeds-max-message', 'the message size is larger than the maximum message size', {
          size: size.value,
          maxMessageBytes,
        });
      }
      return ok({ kind, size: size.value, maxMessageBytes });
    }
    case 'length':
      return checkLengthKind(fields, maxMessageBytes);
    case 'idle': {
      const gapMs = integerIn(fields, 'gapMs', 1, FRAMING_LIMITS.idleGapMs);
      if (!gapMs.ok) return gapMs;
      return ok({ kind, gapMs: gapMs.value, maxMessageBytes });
    }
  }
}

function checkLengthKind(fields: Fields, maxMessageBytes: number): Result<FramingSpec> {
  const offset = integerIn(fields, 'offset', 0, FRAMING_LIMITS.lengthOffset);
  if (!offset.ok) return offset;
  const width = oneOf(fields, 'width', [1, 2, 4] as const);
  if (!width.ok) return width;
  const order = oneOf(fields, 'order', ['le', 'be'] as const);
  if (!order.ok) return order;
  const adjust = integerIn(fields, 'adjust', -FRAMING_LIMITS.lengthAdjust, FRAMING_LIMITS.lengthAdjust);
  if (!adjust.ok) return adjust;
  const includesHeader = oneOf(fields, 'includesHeader', [true, false] as const);
  if (!includesHeader.ok) return includesHeader;
  // The header must fit in one message, or the length could never be read before the message is cut.
  const headerBytes = offset.value + width.value;
  if (headerBytes > maxMessageBytes) {
    return invalid('offset', 'exceeds-max-message', 'the length field ends beyond the maximum message size', {
      headerBytes,
      maxMessageBytes,
    });
  }
  return ok({
    kind: 'length',
    offset: offset.value,
    width: width.value,
    order: order.value,
    adjust: adjust.value,
    includesHeader: includesHeader.value,
    maxMessageBytes,
  });
}

/**
 * Whether a framing rule is usable, whatever it came from (a command, a workspace file). Returns a fresh plain spec
 * with only the known fields and `maxMessageBytes` filled in, or INVALID_ARGUMENT naming the first bad `field` and a
 * `reason` ('not-an-object', 'unknown-kind', 'not-an-integer', 'out-of-range', 'not-one-of', 'not-bytes', 'empty',
 * 'too-long', 'exceeds-max-message'), with the limits involved.
 */
export function checkFramingSpec(spec: unknown): Result<FramingSpec> {
  if (typeof spec !== 'object' || spec === null) return invalid('spec', 'not-an-object', 'the framing must be an object');
  const fields = spec as Fields;
  const kind = FRAMING_KINDS.find((candidate) => candidate === fields.kind);
  if (kind === undefined) {
    const shown = typeof fields.kind === 'string' ? `"${fields.kind}"` : typeof fields.kind;
    return invalid('kind', 'unknown-kind', `unknown framing kind ${shown}`, { allowed: FRAMING_KINDS.join(', ') });
  }
  let maxMessageBytes = FRAMING_LIMITS.defaultMaxMessageBytes;
  if (fields.maxMessageBytes !== undefined) {
    const checked = integerIn(fields, 'maxMessageBytes', 1, FRAMING_LIMITS.maxMessageBytes);
    if (!checked.ok) return checked;
    maxMessageBytes = checked.value;
  }
  return checkKind(kind, fields, maxMessageBytes);
}
