import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adler32, fletcher16 } from './fletcher-adler';

const ascii = (text: string) => new TextEncoder().encode(text);

/** The definitions with a modulo after every byte, to hold the block-deferred versions to. */
function plainFletcher16(bytes: Uint8Array): number {
  let a = 0;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 255;
    b = (b + a) % 255;
  }
  return b * 256 + a;
}

function plainAdler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return b * 65536 + a;
}

describe('fletcher16', () => {
  it.each([
    // Vectors of the Wikipedia article "Fletcher's checksum".
    ['abcde', 0xc8f0],
    ['abcdef', 0x2057],
    ['abcdefgh', 0x0627],
    ['123456789', 0x1ede],
    ['', 0],
  ])('of %j is %s', (text, expected) => {
    expect(fletcher16(ascii(text))).toBe(expected);
  });

  it('matches the step-by-step definition, across block boundaries', () => {
    expect(fletcher16(new Uint8Array(20_000).fill(0xff))).toBe(plainFletcher16(new Uint8Array(20_000).fill(0xff)));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 9000 }), (bytes) => fletcher16(bytes) === plainFletcher16(bytes)), { numRuns: 50 });
  });
});

describe('adler32', () => {
  it.each([
    ['Wikipedia', 0x11e60398], // the worked example of the Wikipedia article "Adler-32"
    ['123456789', 0x091e01de], // zlib.adler32
    ['', 1], // RFC 1950: A starts at 1
  ])('of %j is %s', (text, expected) => {
    expect(adler32(ascii(text))).toBe(expected);
  });

  it('matches the step-by-step definition, across zlib NMAX blocks', () => {
    expect(adler32(new Uint8Array(100_000).fill(0xff))).toBe(plainAdler32(new Uint8Array(100_000).fill(0xff)));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 12_000 }), (bytes) => adler32(bytes) === plainAdler32(bytes)), { numRuns: 50 });
  });
});
