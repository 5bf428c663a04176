import { fail, ok, type Result } from '../../contract/errors';

/**
 * One CRC algorithm in the "Rocksoft™ Model CRC Algorithm" of Ross Williams ("A Painless Guide to CRC Error
 * Detection Algorithms", 1993), with the parameter meanings of Greg Cook's "Catalogue of parametrised CRC algorithms"
 * (RevEng, https://reveng.sourceforge.io/crc-catalogue/all.htm#crc.legend.params):
 * - `poly` and `init` are written in direct (MSB-first, unreflected) notation, without the top x^width term;
 * - `refin`: each byte is read least significant bit first;
 * - `refout`: the register is reflected before `xorout` is applied;
 * - `xorout` is XORed into the presented result.
 * The values are bigints so that 64-bit (and wider) parameters are exact; the engine still computes widths up to
 * 32 with numbers.
 */
export interface CrcParams {
  readonly width: number;
  readonly poly: bigint;
  readonly init: bigint;
  readonly refin: boolean;
  readonly refout: boolean;
  readonly xorout: bigint;
}

export const MIN_CRC_WIDTH = 1;
/** 64 covers every CRC in common use; the bound is 128 so that CRC-82/DARC, the catalogue's widest, fits too. */
export const MAX_CRC_WIDTH = 128;

const VALUE_FIELDS = ['poly', 'init', 'xorout'] as const;
const FLAG_FIELDS = ['refin', 'refout'] as const;

/**
 * Checks a model before use, so that a model typed by a person (or read from a file) is refused with the field
 * that is wrong instead of giving a silently meaningless CRC. `params`: `{field, reason}` plus the limits.
 */
export function checkCrcParams(params: CrcParams): Result<CrcParams> {
  if (typeof params !== 'object' || params === null) {
    return fail('INVALID_ARGUMENT', 'A CRC model must be an object', { field: 'model', reason: 'type' });
  }
  const { width } = params;
  if (typeof width !== 'number' || !Number.isInteger(width) || width < MIN_CRC_WIDTH || width > MAX_CRC_WIDTH) {
    return fail('INVALID_ARGUMENT', `CRC width must be a whole number from ${MIN_CRC_WIDTH} to ${MAX_CRC_WIDTH}`, {
      field: 'width',
      reason: 'range',
      min: MIN_CRC_WIDTH,
      max: MAX_CRC_WIDTH,
    });
  }
  const limit = 1n << BigInt(width);
  for (const field of VALUE_FIELDS) {
    const value: unknown = params[field];
    if (typeof value !== 'bigint' || value < 0n || value >= limit) {
      return fail('INVALID_ARGUMENT', `CRC ${field} must be a bigint from 0 to 2^${width} - 1`, {
        field,
        reason: 'range',
        width,
      });
    }
  }
  for (const field of FLAG_FIELDS) {
    if (typeof params[field] !== 'boolean') {
      return fail('INVALID_ARGUMENT', `CRC ${field} must be true or false`, { field, reason: 'type' });
    }
  }
  return ok(params);
}
