import { reflectBigInt, reflectNumber } from './bit-reflect';

/*
 * Byte-at-a-time lookup tables: the "table-driven" and "reflected table-driven" implementations of Ross Williams,
 * "A Painless Guide to CRC Error Detection Algorithms" (1993). A table depends only on width, poly and refin, so
 * models that differ in init, refout or xorout (CRC-16/MODBUS, CRC-16/ARC, CRC-16/USB…) share one.
 *
 * Register layouts, chosen so one loop serves every width:
 * - refin (reflected): the register holds the reflected CRC in its low `width` bits and shifts right;
 * - not refin (direct): widths ≤ 32 sit in the top `width` bits of a 32-bit word and shift left, so widths
 *   below 8 need no special case; wider registers (bigint) sit at bit 0 and are masked to `width` bits.
 */

/** Widths up to this are computed with 32-bit number operations, wider ones with bigints. */
export const NUMBER_CRC_MAX_WIDTH = 32;

/**
 * A tool may try every catalogue model on one frame, so the cache holds more than the catalogue (113 models,
 * fewer distinct tables). Past the cap the oldest table is dropped: a custom model typed by a person rebuilds its
 * table (256 entries, microseconds) rather than growing memory without bound.
 */
const CACHE_LIMIT = 256;
const cache = new Map<string, Uint32Array | readonly bigint[]>();

function remember<T extends Uint32Array | readonly bigint[]>(key: string, table: T): T {
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(key, table);
  return table;
}

const keyOf = (width: number, poly: bigint, refin: boolean) => `${width}:${poly.toString(16)}:${refin ? 'r' : 'd'}`;

/** The table for a register of at most 32 bits (width ≤ NUMBER_CRC_MAX_WIDTH), built on first use. */
export function numberCrcTable(width: number, poly: bigint, refin: boolean): Uint32Array {
  const key = keyOf(width, poly, refin);
  const cached = cache.get(key);
  if (cached instanceof Uint32Array) return cached;
  return remember(key, buildNumberTable(width, Number(poly), refin));
}

/** The table for a register wider than 32 bits, built on first use. */
export function bigintCrcTable(width: number, poly: bigint, refin: boolean): readonly bigint[] {
  const key = keyOf(width, poly, refin);
  const cached = cache.get(key);
  if (Array.isArray(cached)) return cached;
  return remember(key, buildBigIntTable(width, poly, refin));
}

function buildNumberTable(width: number, poly: number, refin: boolean): Uint32Array {
  const table = new Uint32Array(256);
  if (refin) {
    const reflectedPoly = reflectNumber(poly, width);
    for (let i = 0; i < 256; i++) {
      let r = i;
      for (let bit = 0; bit < 8; bit++) r = r & 1 ? (r >>> 1) ^ reflectedPoly : r >>> 1;
      table[i] = r;
    }
  } else {
    const alignedPoly = (poly << (32 - width)) >>> 0;
    for (let i = 0; i < 256; i++) {
      let r = (i << 24) >>> 0;
      for (let bit = 0; bit < 8; bit++) r = r & 0x8000_0000 ? ((r << 1) ^ alignedPoly) >>> 0 : (r << 1) >>> 0;
      table[i] = r;
    }
  }
  return table;
}

function buildBigIntTable(width: number, poly: bigint, refin: boolean): readonly bigint[] {
  const table = new Array<bigint>(256);
  if (refin) {
    const reflectedPoly = reflectBigInt(poly, width);
    for (let i = 0; i < 256; i++) {
      let r = BigInt(i);
      for (let bit = 0; bit < 8; bit++) r = r & 1n ? (r >> 1n) ^ reflectedPoly : r >> 1n;
      table[i] = r;
    }
  } else {
    const w = BigInt(width);
    const top = 1n << (w - 1n);
    const mask = (1n << w) - 1n;
    for (let i = 0; i < 256; i++) {
      let r = BigInt(i) << (w - 8n);
      for (let bit = 0; bit < 8; bit++) r = r & top ? ((r << 1n) ^ poly) & mask : (r << 1n) & mask;
      table[i] = r;
    }
  }
  return table;
}
