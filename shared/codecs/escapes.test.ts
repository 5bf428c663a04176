import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ok } from '../contract/errors';
import { parseEscapes, parseEscapesWith } from './escapes';

describe('parseEscapes', () => {
  it.each([
    ['AT\\r\\n', [0x41, 0x54, 0x0d, 0x0a]],
    ['\\x02ok\\x03', [0x02, 0x6f, 0x6b, 0x03]],
    ['a\\tb\\\\c\\0', [0x61, 0x09, 0x62, 0x5c, 0x63, 0x00]],
    ['中', [0xe4, 0xb8, 0xad]],
    ['\\{{x}}', [0x7b, 0x7b, 0x78, 0x7d, 0x7d]],
    ['\\{\\}', [0x7b, 0x7d]],
    ['', []],
  ])('turns %j into bytes', (text, expected) => {
    const result = parseEscapes(text);
    expect(result.ok && Array.from(result.value)).toEqual(expected);
  });

  it.each([
    ['abc\\q', 4],
    ['\\x4', 1],
    ['ok\\', 3],
  ])('rejects %j at position %i', (text, position) => {
    const result = parseEscapes(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.params?.position).toBe(position);
  });

  it('leaves text without backslashes as its UTF-8 bytes, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        const result = parseEscapes(text);
        if (text.includes('\\')) return typeof result.ok === 'boolean';
        return result.ok && Buffer.from(result.value).equals(Buffer.from(text, 'utf8'));
      }),
    );
  });

  it('hands the text between escapes, with where it starts, to the encoder it is given', () => {
    const runs: Array<[string, number]> = [];
    const result = parseEscapesWith('ab\\r\\x41cd', (run, index) => {
      runs.push([run, index]);
      return ok(Uint8Array.of(run.length));
    });
    expect(result.ok && Array.from(result.value)).toEqual([2, 0x0d, 0x41, 2]);
    expect(runs).toEqual([['ab', 0], ['cd', 8]]);
  });

  it('never throws on text made of escapes, broken ones included, nor when the encoder refuses a run', () => {
    const dense = fc.string({ unit: fc.constantFrom('\\', 'x', 'r', 'n', 't', '0', '{', '}', 'a', 'F', 'g', '中', '😀', '\ud800'), maxLength: 40 });
    fc.assert(
      fc.property(dense, fc.boolean(), (text, refuse) => {
        const result = refuse ? parseEscapesWith(text, (run, index) => (run.length > 0 ? { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'no', params: { position: index } } } : ok(new Uint8Array()))) : parseEscapes(text);
        if (!result.ok) expect(typeof result.error.message).toBe('string');
        else expect(result.value).toBeInstanceOf(Uint8Array);
      }),
      { numRuns: 3000 },
    );
  });
});
