import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDelimiter } from './delimiter';

describe('parseDelimiter', () => {
  it.each([
    ['\\r\\n', 'text', [0x0d, 0x0a]],
    ['\\x03', 'text', [0x03]],
    ['END', 'text', [0x45, 0x4e, 0x44]],
    ['0D 0A', 'hex', [0x0d, 0x0a]],
    ['0x7e', 'hex', [0x7e]],
  ] as const)('reads %j (%s)', (text, mode, expected) => {
    const result = parseDelimiter(text, mode);
    expect(result.ok && Array.from(result.value)).toEqual(expected);
  });

  it.each([
    ['', 'text', 'INVALID_ARGUMENT', { field: 'delimiter', reason: 'empty' }],
    [' , ', 'hex', 'INVALID_ARGUMENT', { field: 'delimiter', reason: 'empty' }],
    ['x'.repeat(65), 'text', 'INVALID_ARGUMENT', { field: 'delimiter', reason: 'too-long', max: 64, length: 65 }],
    ['ab\\q', 'text', 'INVALID_ARGUMENT', { field: 'delimiter', position: 3 }],
    ['0D 0G', 'hex', 'INVALID_HEX', { field: 'delimiter', position: 5, char: 'G' }],
    ['0D A', 'hex', 'INVALID_HEX', { field: 'delimiter', position: 4 }],
  ] as const)('rejects %j (%s) with %s %o', (text, mode, code, params) => {
    const result = parseDelimiter(text, mode);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.params).toMatchObject(params);
    }
  });

  it('never throws, and gives 1 to 64 bytes when it succeeds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('text' as const, 'hex' as const), (text, mode) => {
        const result = parseDelimiter(text, mode);
        return !result.ok || (result.value.length >= 1 && result.value.length <= 64);
      }),
    );
  });
});
