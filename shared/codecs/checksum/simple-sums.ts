/*
 * The byte sums that serial protocols append. Each returns the value as an unsigned number of its width; they
 * never fail, since every byte string has a sum.
 */

/** SUM8: the bytes added, modulo 256 (the "CS" / "checksum" byte of many device protocols). */
export function sum8(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]!) & 0xff;
  return sum;
}

/** SUM16: the bytes (not 16-bit words) added, modulo 65536. */
export function sum16(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]!) & 0xffff;
  return sum;
}

/** XOR8, the block check character (BCC): the bytes XORed together; NMEA 0183 sends it as `*HH`. */
export function xor8(bytes: Uint8Array): number {
  let x = 0;
  for (let i = 0; i < bytes.length; i++) x ^= bytes[i]!;
  return x;
}

/**
 * Two's complement of the 8-bit sum, so that all bytes plus the check byte sum to 0 modulo 256: the record
 * checksum of Intel HEX (Intel, "Hexadecimal Object File Format Specification", rev. A, 1988).
 */
export function twosComplementSum8(bytes: Uint8Array): number {
  return (0x100 - sum8(bytes)) & 0xff;
}

/**
 * LRC8 of Modbus ASCII (Modbus over Serial Line, Specification and Implementation Guide V1.02, section 6.2.1 and
 * appendix B: "add all bytes, discard carries, two's complement"), computed over the binary bytes the hex pairs
 * stand for, without the ':' and CR LF. The same value as twosComplementSum8; it keeps its own name because a
 * person looks for "LRC" when writing Modbus ASCII.
 */
export function lrc8(bytes: Uint8Array): number {
  return twosComplementSum8(bytes);
}
