import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKSUM_MODELS, resolveChecksumId } from './checksum-models';
import { computeChecksum, type ChecksumOptions } from './compute-checksum';

const ascii = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const hex = (pairs: string) => Uint8Array.from(pairs.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const IDS = Object.keys(CHECKSUM_MODELS);

function bytesOf(result: ReturnType<typeof computeChecksum>): number[] {
  if (!result.ok) throw new Error(result.error.message);
  return Array.from(result.value);
}

describe('CHECKSUM_MODELS', () => {
  it('lists the sums and the whole CRC catalogue under lower-case ids', () => {
    expect(IDS.slice(0, 7)).toEqual(['sum8', 'sum16', 'xor8', 'lrc8', 'sum8-twos-complement', 'fletcher16', 'adler32']);
    expect(IDS).toHaveLength(7 + 113);
    expect(IDS).toContain('crc-16/modbus');
    expect(IDS).toContain('crc-32/iso-hdlc');
    for (const id of IDS) {
      const info = CHECKSUM_MODELS[id];
      expect(info?.id).toBe(id);
      expect(id).toBe(id.toLowerCase());
      if (info?.kind === 'crc') expect(info.name.toLowerCase()).toBe(id);
    }
    expect(CHECKSUM_MODELS['crc-16/modbus']).toMatchObject({ name: 'CRC-16/MODBUS', width: 16, kind: 'crc', aliases: ['MODBUS'] });
    expect(CHECKSUM_MODELS['adler32']).toMatchObject({ name: 'Adler-32', width: 32, kind: 'sum' });
  });

  it.each(IDS)('%s gives its published check value over "123456789"', (id) => {
    const info = CHECKSUM_MODELS[id]!;
    const field = bytesOf(computeChecksum(id, ascii('123456789'), { order: 'be' }));
    expect(field).toHaveLength(Math.ceil(info.width / 8));
    expect(field.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n).toString(16)).toBe(info.check.toString(16));
  });

  it('finds a model by id, name or alias in any case, and nothing for Object properties', () => {
    expect(resolveChecksumId('crc-16/modbus')).toBe('crc-16/modbus');
    expect(resolveChecksumId('CRC-16/MODBUS')).toBe('crc-16/modbus');
    expect(resolveChecksumId('Modbus')).toBe('crc-16/modbus');
    expect(resolveChecksumId('CRC-32')).toBe('crc-32/iso-hdlc');
    expect(resolveChecksumId('ARC')).toBe('crc-16/arc');
    expect(resolveChecksumId('bcc')).toBe('xor8');
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '']) {
      expect(resolveChecksumId(name)).toBeUndefined();
      expect(CHECKSUM_MODELS[name]).toBeUndefined();
    }
  });

  it('has no alias naming two models', () => {
    const owners = new Map<string, string>();
    for (const info of Object.values(CHECKSUM_MODELS)) {
      for (const key of [info.id, ...info.aliases.map((alias) => alias.toLowerCase())]) {
        expect(owners.get(key), `${key} of ${info.id}`).toBeUndefined();
        owners.set(key, info.id);
      }
    }
  });
});

describe('computeChecksum', () => {
  it('appends C5 CD to the Modbus RTU request 01 03 00 00 00 0A, low byte first unless asked otherwise', () => {
    expect(bytesOf(computeChecksum('crc-16/modbus', hex('01030000000A')))).toEqual([0xc5, 0xcd]);
    expect(bytesOf(computeChecksum('crc-16/modbus', hex('01030000000A'), { order: 'be' }))).toEqual([0xcd, 0xc5]);
  });

  it('gives the Modbus ASCII LRC as two hex characters: F2 for 01 03 00 00 00 0A', () => {
    expect(text(Uint8Array.from(bytesOf(computeChecksum('lrc8', hex('01030000000A'), { output: 'ascii-hex' }))))).toBe('F2');
  });

  it('gives the NMEA checksum of the characters between $ and *', () => {
    const sentence = ascii('$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*');
    const field = bytesOf(computeChecksum('xor8', sentence, { skipStart: 1, skipEnd: 1, output: 'ascii-hex' }));
    expect(text(Uint8Array.from(field))).toBe('47');
  });

  it('writes multi-byte values in either order, raw or as upper-case hex', () => {
    const check = ascii('123456789');
    expect(text(Uint8Array.from(bytesOf(computeChecksum('crc-32/iso-hdlc', check, { order: 'be', output: 'ascii-hex' }))))).toBe('CBF43926');
    expect(text(Uint8Array.from(bytesOf(computeChecksum('CRC-32', check, { order: 'le', output: 'ascii-hex' }))))).toBe('2639F4CB');
    expect(bytesOf(computeChecksum('crc-16/xmodem', check))).toEqual([0x31, 0xc3]); // natural order: be
    expect(bytesOf(computeChecksum('sum16', check, { order: 'le' }))).toEqual([0xdd, 0x01]);
  });

  it('accepts a range that skips everything (the value of no bytes)', () => {
    expect(bytesOf(computeChecksum('sum8', hex('0102'), { skipStart: 1, skipEnd: 1 }))).toEqual([0]);
    expect(bytesOf(computeChecksum('adler32', hex('0102'), { skipStart: 2 }))).toEqual([0, 0, 0, 1]);
  });

  it('refuses an unknown model, naming it', () => {
    for (const id of ['crc-99/nothing', 'constructor', '__proto__']) {
      const result = computeChecksum(id, hex('01'));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_ARGUMENT');
        expect(result.error.params).toMatchObject({ field: 'id', reason: 'unknown', id });
        expect(result.error.message).toContain(id);
      }
    }
  });

  it.each([
    [5, 0, 'skipStart'],
    [0, 5, 'skipEnd'],
    [2, 3, 'skipEnd'],
  ])('refuses skipping %i + %i of 4 bytes, with the sizes', (skipStart, skipEnd, field) => {
    const result = computeChecksum('sum8', hex('01020304'), { skipStart, skipEnd });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.params).toEqual({ field, reason: 'range', length: 4, skipStart, skipEnd });
    }
  });

  it.each([
    [{ skipStart: -1 }, 'skipStart'],
    [{ skipStart: 1.5 }, 'skipStart'],
    [{ skipEnd: Number.NaN }, 'skipEnd'],
    [{ skipEnd: '1' }, 'skipEnd'],
    [{ order: 'middle' }, 'order'],
    [{ output: 'hex' }, 'output'],
  ])('refuses the option %j, naming it', (options, field) => {
    const result = computeChecksum('crc-16/modbus', hex('01020304'), options as unknown as ChecksumOptions);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.params).toMatchObject({ field, reason: 'invalid' });
  });

  it('computes over exactly the range: the same as over the slice', () => {
    fc.assert(
      fc.property(fc.constantFrom(...IDS), fc.uint8Array({ maxLength: 64 }), fc.nat(70), fc.nat(70), (id, bytes, a, b) => {
        const ranged = computeChecksum(id, bytes, { skipStart: a, skipEnd: b, order: 'le' });
        if (a + b > bytes.length) return !ranged.ok && ranged.error.params?.reason === 'range';
        const sliced = computeChecksum(id, bytes.slice(a, bytes.length - b), { order: 'le' });
        return ranged.ok && sliced.ok && Buffer.from(ranged.value).equals(Buffer.from(sliced.value));
      }),
    );
  });

  it('never throws, whatever the id, bytes and options', () => {
    const loose = fc.oneof(fc.constant(undefined), fc.integer({ min: -3, max: 80 }), fc.double(), fc.string(), fc.anything());
    const options = fc.oneof(
      fc.constant(undefined),
      fc.record({ skipStart: loose, skipEnd: loose, order: fc.oneof(fc.constantFrom('le', 'be'), loose), output: fc.oneof(fc.constantFrom('raw', 'ascii-hex'), loose) }, { requiredKeys: [] }),
      fc.anything(),
    );
    const id = fc.oneof(fc.constantFrom(...IDS), fc.string(), fc.anything());
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.anything());
    fc.assert(
      fc.property(id, bytes, options, (anyId, anyBytes, anyOptions) => {
        const result = computeChecksum(anyId as string, anyBytes as Uint8Array, anyOptions as ChecksumOptions);
        return typeof result.ok === 'boolean';
      }),
      { numRuns: 2000 },
    );
  });
});
