/** Reverses the low `width` bits of `value` (1 ≤ width ≤ 32); the result is an unsigned 32-bit number. */
export function reflectNumber(value: number, width: number): number {
  let out = 0;
  let v = value >>> 0;
  for (let i = 0; i < width; i++) {
    out = (out << 1) | (v & 1);
    v >>>= 1;
  }
  return out >>> 0;
}

/** Reverses the low `width` bits of `value`, for registers wider than a number's 32 bitwise bits. */
export function reflectBigInt(value: bigint, width: number): bigint {
  let out = 0n;
  let v = value;
  for (let i = 0; i < width; i++) {
    out = (out << 1n) | (v & 1n);
    v >>= 1n;
  }
  return out;
}
