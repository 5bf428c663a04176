/*
 * Position-dependent sums: unlike SUM8 they notice two bytes swapped. Both defer the modulo over a block of
 * bytes, which keeps them a few additions per byte; the block sizes keep every intermediate sum below 2^32.
 */

/** Bytes per block before Fletcher-16 reduces: B stays below 254 + 254·n + 255·n(n+1)/2 < 2^32 for n = 4096. */
const FLETCHER_BLOCK = 4096;

/**
 * Fletcher-16, the 8-bit Fletcher checksum of RFC 1146 (TCP Alternate Checksum Options): two running sums of the
 * bytes modulo 255, A = ΣD and B = ΣA. The value is B·256 + A, so "abcde" gives 0xC8F0.
 */
export function fletcher16(bytes: Uint8Array): number {
  let a = 0;
  let b = 0;
  for (let start = 0; start < bytes.length; start += FLETCHER_BLOCK) {
    const end = Math.min(start + FLETCHER_BLOCK, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 255;
    b %= 255;
  }
  return (b << 8) | a;
}

/** Adler-32 modulus: the largest prime below 2^16 (RFC 1950, section 2.2). */
const ADLER_BASE = 65521;
/** zlib's NMAX: the largest n with 255·n(n+1)/2 + (n+1)(BASE−1) ≤ 2^32−1 (zlib adler32.c). */
const ADLER_NMAX = 5552;

/** Adler-32 of RFC 1950 (zlib): A = 1 + ΣD, B = ΣA, both modulo 65521; the value is B·65536 + A. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let start = 0; start < bytes.length; start += ADLER_NMAX) {
    const end = Math.min(start + ADLER_NMAX, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= ADLER_BASE;
    b %= ADLER_BASE;
  }
  return (b * 0x10000 + a) >>> 0;
}
