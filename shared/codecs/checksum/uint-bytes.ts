/** Byte order of a multi-byte check value on the wire: `le` least significant byte first, `be` most first. */
export type ChecksumByteOrder = 'le' | 'be';

export const CHECKSUM_BYTE_ORDERS: readonly ChecksumByteOrder[] = ['le', 'be'];

/** Bytes needed for a value of `widthBits` bits: CRC-5 takes 1, CRC-12 takes 2, CRC-82 takes 11. */
export function byteLengthOfWidth(widthBits: number): number {
  return Math.ceil(widthBits / 8);
}

/** Writes the low `length` bytes of a non-negative value; a width that is not a multiple of 8 is right-aligned. */
export function uintToBytes(value: bigint, length: number, order: ChecksumByteOrder): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = 0; i < length; i++) {
    out[order === 'le' ? i : length - 1 - i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
