import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeRegexError } from './regex-error-place';

/** Where a regex that does not compile goes wrong (the editor's "at character n"). */
describe('placeRegexError', () => {
  it.each([
    ['name=(\\w+', 'unterminated-group', 6],
    ['ab)', 'unmatched-paren', 3],
    ['x[abc', 'unterminated-class', 2],
    ['*a', 'nothing-to-repeat', 1],
    ['a|+', 'nothing-to-repeat', 3],
    ['(?:*)', 'nothing-to-repeat', 4],
    ['a**', 'nothing-to-repeat', 3],
    ['a{', 'lone-brace', 2],
    ['a]', 'lone-brace', 2],
    ['x{3,1}', 'bad-quantifier', 2],
    ['ok\\a', 'invalid-escape', 3],
    ['[z-a]', 'invalid-class', 1],
    ['你好(', 'unterminated-group', 3],
    ['😀)', 'unmatched-paren', 2],
  ])('%s: %s at %i', (source, problem, position) => {
    expect(() => new RegExp(source, 'u')).toThrow();
    expect(placeRegexError(source, 'u')).toEqual({ problem, position });
  });

  it('finds nothing to blame in what compiles, and lets lazy quantifiers, groups and escapes be', () => {
    for (const source of ['^name=(\\w+)$', 'a*?b+?', '(?<n>x)\\k<n>', '[\\]a-z]', '\\x41\\u{1F600}\\p{L}', 'a{2,3}?']) {
      expect(() => new RegExp(source, 'u')).not.toThrow();
      expect(placeRegexError(source, 'u')).toBeUndefined();
    }
  });

  it('never throws, and points inside the source, whatever the source and flags', () => {
    const pieces = ['(', ')', '(?:', '(?<n>', '\\k<n>', '[', ']', '{', '}', '{2,1}', '*', '+', '?', '|', '\\', '\\x4', '\\u{', '\\p{', 'a', '中', '😀'];
    const source = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 2 })), { maxLength: 16 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(source, fc.constantFrom('', 'u', 'i', 'iu', 'v'), (text, flags) => {
        const place = placeRegexError(text, flags);
        if (place !== undefined) {
          expect(place.position).toBeGreaterThanOrEqual(1);
          expect(place.position).toBeLessThanOrEqual([...text].length + 1);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
