import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHex, parseHex } from './hex';

const bytesOf = (text: string) => {
  const result = parseHex(text);
  if (!result.ok) throw new Error(result.error.message);
  return Array.from(result.value);
};

describe('parseHex', () => {
  it.each([
    ['', []],
    ['01 02 0A', [0x01, 0x02, 0x0a]],
    ['01020a', [0x01, 0x02, 0x0a]],
    ['  ff\tFE\r\n00 ', [0xff, 0xfe, 0x00]],
    ['0x01,0x02 0XfF', [0x01, 0x02, 0xff]],
    ['DEADBEEF', [0xde, 0xad, 0xbe, 0xef]],
  ])('reads %j', (text, expected) => {
    expect(bytesOf(text)).toEqual(expected);
  });

  it.each([
    ['0G', 2, 'G'],
    ['01 02 zz', 7, 'z'],
    ['01 é', 4, 'é'],
  ])('rejects %j naming the bad character and its position', (text, position, char) => {
    const result = parseHex(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_HEX');
      expect(result.error.params).toMatchObject({ position, char });
    }
  });

  it.each([
    ['1', 1],
    ['01 2 03', 4],
    ['0x', 1],
    ['0102 345', 6],
  ])('rejects the odd group in %j at position %i', (text, position) => {
    const result = parseHex(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_HEX');
      expect(result.error.params?.position).toBe(position);
    }
  });

  it('round-trips any bytes through formatHex', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const parsed = parseHex(formatHex(bytes));
        return parsed.ok && Buffer.from(parsed.value).equals(Buffer.from(bytes));
      }),
    );
  });

  it('never throws on any input', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => typeof parseHex(text).ok === 'boolean'));
  });
});

describe('formatHex', () => {
  it('prints upper-case pairs separated by spaces', () => {
    expect(formatHex(Uint8Array.of(0, 1, 0x0a, 0xff))).toBe('00 01 0A FF');
    expect(formatHex(new Uint8Array())).toBe('');
    expect(formatHex(Uint8Array.of(0xab, 0xcd), '')).toBe('ABCD');
  });
});
