import { reflectBigInt } from './bit-reflect';
import type { CrcParams } from './crc-params';

/*
 * The CRC straight from the definitions of the RevEng catalogue legend, one bit at a time in a direct (MSB-first)
 * register: slow and plainly right. It is the yardstick the tests hold the table-driven engine (crc.ts) to, and
 * the way they recompute each catalogue model's residue; the product computes with crc.ts.
 */

function shiftIn(register: bigint, bit: bigint, model: CrcParams, mask: bigint): bigint {
  const top = (register >> BigInt(model.width - 1)) & 1n;
  const shifted = (register << 1n) & mask;
  return top ^ bit ? shifted ^ model.poly : shifted;
}

/** "The contents of the register after initialising, reading the message, optionally reflecting, and XORout." */
export function bitwiseCrc(model: CrcParams, bytes: Uint8Array): bigint {
  const mask = (1n << BigInt(model.width)) - 1n;
  let register = model.init;
  for (const byte of bytes) {
    for (let i = 0; i < 8; i++) {
      const bit = model.refin ? (byte >> i) & 1 : (byte >> (7 - i)) & 1;
      register = shiftIn(register, BigInt(bit), model, mask);
    }
  }
  if (model.refout) register = reflectBigInt(register, model.width);
  return register ^ model.xorout;
}

/**
 * The catalogue's residue: "initialising the register with the xorout parameter, reflecting it as described (if
 * refout=true), reading as many zero bits as there are cells in the register, and reflecting the result (if
 * refin=true)".
 */
export function bitwiseResidue(model: CrcParams): bigint {
  const mask = (1n << BigInt(model.width)) - 1n;
  let register = model.refout ? reflectBigInt(model.xorout, model.width) : model.xorout;
  for (let i = 0; i < model.width; i++) register = shiftIn(register, 0n, model, mask);
  return model.refin ? reflectBigInt(register, model.width) : register;
}
