import { encoding, hexText, regexSource } from '@shared/automation/automation-test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSearch } from './compile-search';
import { SEARCH_MODES } from './log-search';
import { compileRegex } from './regex-error';

describe('the log search box (compileSearch, compileRegex) never throws', () => {
  it('on any text in any mode and encoding; a bad regex says where', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), hexText, regexSource), fc.constantFrom(...SEARCH_MODES), fc.boolean(), encoding, (text, mode, caseInsensitive, enc) => {
        const compiled = compileSearch({ mode, text, caseInsensitive }, enc);
        if (!compiled.ok) expect(['hex', 'encoding', 'regex']).toContain(compiled.error.kind);
        const regex = compileRegex(text, caseInsensitive ? 'i' : '');
        if (!regex.ok) {
          expect(regex.error.position).toBeGreaterThanOrEqual(1);
          expect(regex.error.position).toBeLessThanOrEqual([...text].length + 1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
