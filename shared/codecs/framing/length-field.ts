import type { LengthFramingSpec } from './spec';

/** The unsigned integer in `field` (1, 2 or 4 bytes). Multiplication, not <<, so a 4-byte value stays unsigned. */
export function readLengthField(field: Uint8Array, order: 'le' | 'be'): number {
  let value = 0;
  for (let i = 0; i < field.length; i++) {
    const byte = field[order === 'be' ? i : field.length - 1 - i]!;
    value = value * 256 + byte;
  }
  return value;
}

/** Bytes up to and including the length field: what must have arrived before the message's size is known. */
export function lengthHeaderBytes(spec: LengthFramingSpec): number {
  return spec.offset + spec.width;
}

/**
 * The size of the whole message, header included, that a length field declares. A declared size shorter than the
 * header itself (a stream out of step, or an adjust that overshoots) counts as just the header: the framer always
 * moves forward instead of waiting for a size it has already passed.
 */
export function declaredMessageBytes(spec: LengthFramingSpec, fieldValue: number): number {
  const header = lengthHeaderBytes(spec);
  const counted = fieldValue + spec.adjust;
  const total = spec.includesHeader ? counted : header + counted;
  return Math.max(total, header);
}
