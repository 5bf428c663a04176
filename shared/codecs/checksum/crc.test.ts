import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc, crcBytes } from './crc';
import { bitwiseCrc } from './crc-bitwise';
import { CRC_CATALOGUE } from './crc-catalogue';
import { checkCrcParams, MAX_CRC_WIDTH, type CrcParams } from './crc-params';

const ascii = (text: string) => new TextEncoder().encode(text);
const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));

function model(name: string): CrcParams {
  const found = CRC_CATALOGUE.find((entry) => entry.name === name);
  if (!found) throw new Error(`no model ${name}`);
  return found;
}

function value(result: ReturnType<typeof crc>): bigint {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Any model the engine accepts: width 1-128 and parameters below 2^width. */
const anyModel: fc.Arbitrary<CrcParams> = fc.integer({ min: 1, max: MAX_CRC_WIDTH }).chain((width) => {
  const param = fc.bigInt({ min: 0n, max: (1n << BigInt(width)) - 1n });
  return fc.record({ width: fc.constant(width), poly: param, init: param, refin: fc.boolean(), refout: fc.boolean(), xorout: param });
});

describe('crc', () => {
  it.each([
    // Published vectors beyond the catalogue's "123456789".
    ['CRC-32/ISO-HDLC', ascii('The quick brown fox jumps over the lazy dog'), 0x414fa339n], // zlib crc32, Wikipedia
    ['CRC-32/ISO-HDLC', new Uint8Array(), 0n],
    ['CRC-16/MODBUS', hex('01030000000A'), 0xcdc5n], // Modbus RTU read holding registers, sent C5 CD
    ['CRC-16/MODBUS', hex('1103006B0003'), 0x8776n], // Modbus over serial line V1.02 style request 11 03 00 6B 00 03 76 87
    ['CRC-64/XZ', new Uint8Array(), 0n],
  ])('%s over %j is %s', (name, bytes, expected) => {
    expect(value(crc(model(name), bytes))).toBe(expected);
  });

  it('gives the same value as the bit-at-a-time definition for any model and any bytes', () => {
    fc.assert(
      fc.property(anyModel, fc.uint8Array({ maxLength: 64 }), (params, bytes) => value(crc(params, bytes)) === bitwiseCrc(params, bytes)),
      { numRuns: 500 },
    );
  });

  it('gives the same value for the same model whether its table is new or cached', () => {
    const modbus = model('CRC-16/MODBUS');
    const copy: CrcParams = { ...modbus };
    const bytes = hex('01030000000A');
    expect(value(crc(modbus, bytes))).toBe(value(crc(copy, bytes)));
    // CRC-16/ARC shares MODBUS's table (same width, poly, refin) but not its init.
    expect(value(crc(model('CRC-16/ARC'), ascii('123456789')))).toBe(0xbb3dn);
  });

  it('refuses a model it cannot compute, naming the field', () => {
    const base = model('CRC-16/MODBUS');
    const cases: [Partial<Record<keyof CrcParams, unknown>>, string][] = [
      [{ width: 0 }, 'width'],
      [{ width: 129 }, 'width'],
      [{ width: 16.5 }, 'width'],
      [{ width: '16' }, 'width'],
      [{ poly: 0x1_0000n }, 'poly'],
      [{ poly: 0x8005 }, 'poly'],
      [{ init: -1n }, 'init'],
      [{ xorout: 1n << 16n }, 'xorout'],
      [{ refin: 1 }, 'refin'],
      [{ refout: undefined }, 'refout'],
    ];
    for (const [change, field] of cases) {
      const result = crc({ ...base, ...change } as CrcParams, hex('00'));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_ARGUMENT');
        expect(result.error.params?.field).toBe(field);
      }
    }
    expect(checkCrcParams(null as unknown as CrcParams).ok).toBe(false);
  });

  it('never throws, whatever the model', () => {
    const loose = fc.record({
      width: fc.oneof(fc.integer({ min: -2, max: 140 }), fc.double(), fc.anything()),
      poly: fc.oneof(fc.bigInt(), fc.anything()),
      init: fc.oneof(fc.bigInt(), fc.anything()),
      refin: fc.oneof(fc.boolean(), fc.anything()),
      refout: fc.oneof(fc.boolean(), fc.anything()),
      xorout: fc.oneof(fc.bigInt(), fc.anything()),
    });
    fc.assert(fc.property(loose, fc.uint8Array({ maxLength: 16 }), (params, bytes) => typeof crc(params as unknown as CrcParams, bytes).ok === 'boolean'));
  });
});

describe('crcBytes', () => {
  it('writes ceil(width / 8) bytes in the order asked for', () => {
    const frame = hex('01030000000A');
    const le = crcBytes(model('CRC-16/MODBUS'), frame, 'le');
    const be = crcBytes(model('CRC-16/MODBUS'), frame, 'be');
    expect(le.ok && Array.from(le.value)).toEqual([0xc5, 0xcd]);
    expect(be.ok && Array.from(be.value)).toEqual([0xcd, 0xc5]);
    const usb5 = crcBytes(model('CRC-5/USB'), ascii('123456789'), 'be');
    expect(usb5.ok && Array.from(usb5.value)).toEqual([0x19]);
    const darc = crcBytes(model('CRC-82/DARC'), ascii('123456789'), 'be');
    expect(darc.ok && Array.from(darc.value)).toEqual(Array.from(hex('009EA83F625023801FD612')));
    const xz = crcBytes(model('CRC-64/XZ'), ascii('123456789'), 'le');
    expect(xz.ok && Array.from(xz.value)).toEqual(Array.from(hex('995DC9BBDF1939FA')).reverse());
  });
});

describe('speed (printed, no threshold)', () => {
  it('computes 1 MiB with 16-, 32- and 64-bit models', () => {
    const mib = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 31 + 7) & 0xff);
    for (const name of ['CRC-16/MODBUS', 'CRC-16/XMODEM', 'CRC-32/ISO-HDLC', 'CRC-32/BZIP2', 'CRC-64/XZ', 'CRC-64/ECMA-182']) {
      crc(model(name), mib.subarray(0, 1024)); // builds the table outside the timing
      const start = performance.now();
      const result = crc(model(name), mib);
      const ms = performance.now() - start;
      expect(result.ok).toBe(true);
      console.log(`${name}: 1 MiB in ${ms.toFixed(1)} ms`);
    }
  });
});
