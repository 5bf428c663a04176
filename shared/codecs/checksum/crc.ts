import { ok, type Result } from '../../contract/errors';
import { reflectBigInt, reflectNumber } from './bit-reflect';
import { checkCrcParams, type CrcParams } from './crc-params';
import { bigintCrcTable, NUMBER_CRC_MAX_WIDTH, numberCrcTable } from './crc-tables';
import { byteLengthOfWidth, uintToBytes, type ChecksumByteOrder } from './uint-bytes';

/**
 * The CRC of `bytes` under `model`, always as a bigint (one result type for every width, so callers never branch
 * on it; widths ≤ 32 are computed with numbers and converted once at the end). The model is checked first: a bad
 * width or an out-of-range parameter is INVALID_ARGUMENT naming the field (see checkCrcParams).
 */
export function crc(model: CrcParams, bytes: Uint8Array): Result<bigint> {
  const checked = checkCrcParams(model);
  if (!checked.ok) return checked;
  return ok(crcOfCheckedModel(model, bytes));
}

/** crc without the model check, for models known to be valid (the catalogue, whose test checks every one). */
export function crcOfCheckedModel(model: CrcParams, bytes: Uint8Array): bigint {
  return model.width <= NUMBER_CRC_MAX_WIDTH ? numberCrc(model, bytes) : bigintCrc(model, bytes);
}

/** The CRC as ceil(width / 8) bytes in the given order, e.g. CRC-16/MODBUS 0xCDC5 as `C5 CD` with 'le'. */
export function crcBytes(model: CrcParams, bytes: Uint8Array, order: ChecksumByteOrder): Result<Uint8Array> {
  const value = crc(model, bytes);
  if (!value.ok) return value;
  return ok(uintToBytes(value.value, byteLengthOfWidth(model.width), order));
}

function numberCrc(model: CrcParams, bytes: Uint8Array): bigint {
  const { width, refin, refout } = model;
  const table = numberCrcTable(width, model.poly, refin);
  const length = bytes.length;
  let register: number;
  if (refin) {
    register = reflectNumber(Number(model.init), width);
    for (let i = 0; i < length; i++) register = table[(register ^ bytes[i]!) & 0xff]! ^ (register >>> 8);
    register >>>= 0;
  } else {
    register = (Number(model.init) << (32 - width)) >>> 0;
    for (let i = 0; i < length; i++) register = table[((register >>> 24) ^ bytes[i]!) & 0xff]! ^ (register << 8);
    register >>>= 32 - width;
  }
  // The reflected register already is the reflected CRC: present it reflected again only when refout differs.
  const presented = refin === refout ? register : reflectNumber(register, width);
  return BigInt((presented ^ Number(model.xorout)) >>> 0);
}

function bigintCrc(model: CrcParams, bytes: Uint8Array): bigint {
  const { width, refin, refout } = model;
  const table = bigintCrcTable(width, model.poly, refin);
  const length = bytes.length;
  let register: bigint;
  if (refin) {
    register = reflectBigInt(model.init, width);
    for (let i = 0; i < length; i++) register = table[Number(register & 0xffn) ^ bytes[i]!]! ^ (register >> 8n);
  } else {
    const shift = BigInt(width - 8);
    const mask = (1n << BigInt(width)) - 1n;
    register = model.init;
    for (let i = 0; i < length; i++) register = table[Number(register >> shift) ^ bytes[i]!]! ^ ((register << 8n) & mask);
  }
  const presented = refin === refout ? register : reflectBigInt(register, width);
  return presented ^ model.xorout;
}
