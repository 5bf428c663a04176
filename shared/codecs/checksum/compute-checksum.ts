import { fail, ok, type Result } from '../../contract/errors';
import { checksumEntry, resolveChecksumId } from './checksum-models';
import { byteLengthOfWidth, CHECKSUM_BYTE_ORDERS, uintToBytes, type ChecksumByteOrder } from './uint-bytes';

/** `raw`: the value's bytes; `ascii-hex`: two upper-case hex digits per byte, as NMEA `*HH` and Modbus ASCII send. */
export type ChecksumOutput = 'raw' | 'ascii-hex';

export const CHECKSUM_OUTPUTS: readonly ChecksumOutput[] = ['raw', 'ascii-hex'];

export interface ChecksumOptions {
  /** Bytes at the start left out of the sum, e.g. 1 for NMEA's `$`. Default 0. */
  readonly skipStart?: number;
  /** Bytes before the end left out of the sum, e.g. 1 for NMEA's `*`. Default 0. */
  readonly skipEnd?: number;
  /** Order of a multi-byte value. Default: the model's naturalOrder (Modbus RTU: le). */
  readonly order?: ChecksumByteOrder;
  /** Default 'raw'. */
  readonly output?: ChecksumOutput;
}

const HEX_DIGIT_CODES = Array.from('0123456789ABCDEF', (char) => char.charCodeAt(0));

/**
 * The check field to append to `bytes`: the model `id` (an id, name or alias in any case, see
 * resolveChecksumId) computed over bytes[skipStart, length − skipEnd), as ceil(width / 8) bytes in `order`, raw or
 * as ASCII hex. Never throws: an unknown id, an option of the wrong kind or a range outside the payload is
 * INVALID_ARGUMENT with `params.field` and `params.reason` ('unknown', 'invalid' or 'range', with the sizes).
 */
export function computeChecksum(id: string, bytes: Uint8Array, options?: ChecksumOptions): Result<Uint8Array> {
  if (typeof id !== 'string') return fail('INVALID_ARGUMENT', 'A checksum id must be text', { field: 'id', reason: 'invalid' });
  const resolved = resolveChecksumId(id);
  const entry = resolved === undefined ? undefined : checksumEntry(resolved);
  if (!entry) {
    const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
    return fail('INVALID_ARGUMENT', `Unknown checksum "${shown}"`, { field: 'id', reason: 'unknown', id: shown });
  }
  if (Object.prototype.toString.call(bytes) !== '[object Uint8Array]') {
    return fail('INVALID_ARGUMENT', 'The payload must be bytes (a Uint8Array)', { field: 'bytes', reason: 'invalid' });
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    return fail('INVALID_ARGUMENT', 'Checksum options must be an object', { field: 'options', reason: 'invalid' });
  }
  const skipStart = options?.skipStart ?? 0;
  const skipEnd = options?.skipEnd ?? 0;
  for (const [field, value] of [['skipStart', skipStart], ['skipEnd', skipEnd]] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return fail('INVALID_ARGUMENT', `${field} must be a whole number of bytes, 0 or more`, { field, reason: 'invalid' });
    }
  }
  const length = bytes.length;
  if (skipStart > length || skipEnd > length - skipStart) {
    const field = skipStart > length ? 'skipStart' : 'skipEnd';
    return fail('INVALID_ARGUMENT', `Cannot skip ${skipStart} byte(s) at the start and ${skipEnd} before the end of ${length} byte(s)`, {
      field,
      reason: 'range',
      length,
      skipStart,
      skipEnd,
    });
  }
  const order = options?.order ?? entry.info.naturalOrder;
  if (!CHECKSUM_BYTE_ORDERS.includes(order)) {
    return fail('INVALID_ARGUMENT', 'Byte order must be "le" or "be"', { field: 'order', reason: 'invalid' });
  }
  const output = options?.output ?? 'raw';
  if (!CHECKSUM_OUTPUTS.includes(output)) {
    return fail('INVALID_ARGUMENT', 'Output must be "raw" or "ascii-hex"', { field: 'output', reason: 'invalid' });
  }
  const value = entry.compute(bytes.subarray(skipStart, length - skipEnd));
  const raw = uintToBytes(value, byteLengthOfWidth(entry.info.width), order);
  return ok(output === 'raw' ? raw : asciiHex(raw));
}

function asciiHex(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(raw.length * 2);
  for (let i = 0; i < raw.length; i++) {
    out[2 * i] = HEX_DIGIT_CODES[raw[i]! >> 4]!;
    out[2 * i + 1] = HEX_DIGIT_CODES[raw[i]! & 15]!;
  }
  return out;
}
