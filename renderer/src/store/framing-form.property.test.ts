import { framingSpecFromConfig } from '@shared/contract/framing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAMING_FORM, delimiterInMode, framingFromForm, type FramingForm } from './framing-form';

/** Numbers as people type them, and not. */
const typed = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('0', '1', '9', '-', '+', '−', ' ', '.', 'e'), maxLength: 12 }),
  fc.constantFrom('', '0', '-1', '2147483648', '999999999', '1e3', 'NaN'),
);
const delimiter = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: fc.constantFrom('\\', 'r', 'n', 'x', '0', 'D', 'A', ' ', '{', 'z'), maxLength: 20 }));

const form: fc.Arbitrary<FramingForm> = fc.record({
  framingKind: fc.constantFrom(...(['none', 'delimiter', 'fixed', 'length', 'idle'] as const)),
  framingDelimiter: delimiter,
  framingDelimiterMode: fc.constantFrom('text' as const, 'hex' as const),
  framingKeep: fc.constantFrom('strip' as const, 'keep' as const),
  framingFixedSize: typed,
  framingMaxSize: typed,
  framingLengthOffset: typed,
  framingLengthWidth: fc.constantFrom(1 as const, 2 as const, 4 as const),
  framingLengthOrder: fc.constantFrom('le' as const, 'be' as const),
  framingLengthAdjust: typed,
  framingLengthIncludesHeader: fc.boolean(),
  framingIdleGapMs: typed,
});

describe('the 分帧 controls never throw', () => {
  it('framingFromForm: any typed values give a framing the engine accepts, or the field that is wrong', () => {
    fc.assert(
      fc.property(form, (typedForm) => {
        const framing = framingFromForm(typedForm);
        if (framing.ok) expect(framingSpecFromConfig(framing.value).ok).toBe(true);
        else expect(String(framing.error.params?.field)).toMatch(/^framing/);
      }),
      { numRuns: 2000 },
    );
    expect(framingFromForm(DEFAULT_FRAMING_FORM).ok).toBe(true);
  });

  it('delimiterInMode: any delimiter text, either way', () => {
    fc.assert(
      fc.property(delimiter, fc.constantFrom('text' as const, 'hex' as const), fc.constantFrom('text' as const, 'hex' as const), (text, from, to) => {
        expect(typeof delimiterInMode(text, from, to)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
