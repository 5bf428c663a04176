import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lrc8, sum16, sum8, twosComplementSum8, xor8 } from './simple-sums';

const ascii = (text: string) => new TextEncoder().encode(text);
const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));

describe('sum8 and sum16', () => {
  it.each([
    ['"123456789" (0x31 + … + 0x39 = 0x1DD)', ascii('123456789'), 0xdd, 0x01dd],
    ['nothing', new Uint8Array(), 0, 0],
    ['FF 01 (carry out of 8 bits)', hex('FF01'), 0x00, 0x0100],
    ['300 × FF (76 500 = 0x12AD4)', new Uint8Array(300).fill(0xff), 0xd4, 0x2ad4],
  ])('%s', (_label, bytes, expected8, expected16) => {
    expect(sum8(bytes)).toBe(expected8);
    expect(sum16(bytes)).toBe(expected16);
  });
});

describe('xor8 (BCC)', () => {
  it('gives the NMEA 0183 checksum of the characters between $ and *', () => {
    // The GGA sentence of the NMEA FAQ / gpsinformation.org: $GPGGA,…,M,,*47
    expect(xor8(ascii('GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,'))).toBe(0x47);
  });

  it('is 0x31 over "123456789" and 0 over nothing', () => {
    expect(xor8(ascii('123456789'))).toBe(0x31);
    expect(xor8(new Uint8Array())).toBe(0);
  });
});

describe('lrc8 and twosComplementSum8', () => {
  it('gives F2 for the Modbus ASCII request 01 03 00 00 00 0A (":01030000000AF2")', () => {
    expect(lrc8(hex('01030000000A'))).toBe(0xf2);
  });

  it.each([
    // Records of the Intel HEX article (Wikipedia) and the Intel specification: the last byte is the checksum.
    [':0300300002337A1E', 0x1e],
    [':10010000214601360121470136007EFE09D2190140', 0x40],
    [':00000001FF', 0xff],
  ])('gives the Intel HEX record checksum of %s', (record, expected) => {
    const body = hex(record.slice(1, -2));
    expect(twosComplementSum8(body)).toBe(expected);
  });

  it('makes the bytes plus the check byte sum to 0 modulo 256, and the two names agree', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const check = lrc8(bytes);
        return sum8(Uint8Array.of(...bytes, check)) === 0 && twosComplementSum8(bytes) === check;
      }),
    );
  });
});
