import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateTemplate } from './evaluate-template';
import { compileHexTemplate, compileTextTemplate, countingRandom } from './template-test-support';

/** Pieces that make templates the parser has to think about, not just noise. */
const PIECES = [
  '{{', '}}', '{', '}', ' ', '=', 'counter', 'time', 'random', 'len', 'crc', 'width=', 'start=', 'step=', 'pad=', 'format=', 'order=',
  'from=', 'to=', 'adjust=', 'model=', 'output=', 'bytes=', 'type=', 'here', 'after', 'end', '-1', '+2', '0', '1', '2', '4', '8', '255',
  '0x10', 'bin', 'dec', 'hex', 'le', 'be', 'iso', 'unix', 'unix-ms', 'hms', 'ascii-hex', 'raw', 'sum8', 'crc-16/modbus', 'xor8', 'AA', '01 02',
  'é', '😀', '\\',
];
const templateText = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), { maxLength: 24 }).map((parts) => parts.join(''));
const context = fc.record({
  sendIndex: fc.oneof(fc.nat(), fc.integer(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.NaN, 1.5)),
  now: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.double()),
});

describe('template properties', () => {
  it('never throw, whatever the text and the context', () => {
    fc.assert(
      fc.property(templateText, context, fc.boolean(), (text, ctx, hex) => {
        const compiled = hex ? compileHexTemplate(text) : compileTextTemplate(text);
        if (!compiled.ok) return typeof compiled.error.params?.position === 'number' || compiled.error.code === 'INVALID_HEX';
        const bytes = evaluateTemplate(compiled.value, { ...ctx, random: countingRandom });
        return bytes.ok ? bytes.value instanceof Uint8Array : typeof bytes.error.code === 'string';
      }),
      { numRuns: 3000 },
    );
  });

  it('a text without fields is its literal bytes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }).filter((s) => !s.includes('{{')), fc.nat(), (text, sendIndex) => {
        const compiled = compileTextTemplate(text);
        const bytes = compiled.ok && evaluateTemplate(compiled.value, { sendIndex, now: 0, random: countingRandom });
        return bytes !== false && bytes.ok && Buffer.from(bytes.value).equals(Buffer.from(text, 'utf8'));
      }),
    );
  });

  it('a counter at send n is start + n·step modulo its width', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }),
        fc.bigInt({ min: -(1n << 20n), max: 1n << 20n }),
        fc.constantFrom(1, 2, 4, 8),
        fc.constantFrom('be', 'le'),
        fc.nat({ max: 1_000_000 }),
        (start, step, width, order, n) => {
          const compiled = compileHexTemplate(`{{counter start=${start} step=${step} width=${width} order=${order}}}`);
          if (!compiled.ok) return false;
          const bytes = evaluateTemplate(compiled.value, { sendIndex: n, now: 0, random: countingRandom });
          if (!bytes.ok) return false;
          const ordered = order === 'be' ? [...bytes.value] : [...bytes.value].reverse();
          const value = ordered.reduce((v, b) => (v << 8n) | BigInt(b), 0n);
          const modulus = 1n << BigInt(8 * width);
          return value === (((start + BigInt(n) * step) % modulus) + modulus) % modulus;
        },
      ),
    );
  });

  it('counter fields over n consecutive sends give start, start + step, …', () => {
    const compiled = compileTextTemplate('{{counter format=dec start=5 step=3}},');
    if (!compiled.ok) throw new Error(compiled.error.message);
    const sends = Array.from({ length: 50 }, (_, n) => {
      const bytes = evaluateTemplate(compiled.value, { sendIndex: n, now: 0, random: countingRandom });
      return bytes.ok ? new TextDecoder().decode(bytes.value) : '?';
    });
    expect(sends.join('')).toBe(Array.from({ length: 50 }, (_, n) => `${5 + 3 * n},`).join(''));
  });
});
