import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SequenceStep } from '../contract/sequence';
import { checksum, encoding, matchSpec, templateText } from './automation-test-support';
import { blockDepths, compileSequence } from './sequence-check';

const step: fc.Arbitrary<SequenceStep> = fc.oneof(
  fc.record({
    kind: fc.constant('send' as const),
    spec: fc.record({ text: templateText, mode: fc.constantFrom('ascii' as const, 'hex' as const), escapes: fc.boolean(), appendCrlf: fc.boolean(), encoding, checksum }),
  }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double()) }),
  fc.record({ kind: fc.constant('expect' as const), match: matchSpec, timeoutMs: fc.integer({ min: -1, max: 1_000_000 }), samePeer: fc.boolean() }),
  // Blocks that nest, overlap, run past the end or repeat enough to overflow the expanded count.
  fc.record({ kind: fc.constant('repeat' as const), count: fc.oneof(fc.integer({ min: -1, max: 20 }), fc.constantFrom(1_000_000, 2 ** 31, Number.MAX_SAFE_INTEGER)), steps: fc.integer({ min: -1, max: 12 }) }),
);

describe('compileSequence never throws', () => {
  it('on any steps of the schema’s shape: blocks that do not nest, numbers out of range, payloads and patterns that do not parse', () => {
    let compiled = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), fc.array(step, { maxLength: 12 }), fc.boolean(), encoding, (name, steps, continueOnFailure, enc) => {
        const result = compileSequence({ name, steps, continueOnFailure }, enc);
        if (result.ok) {
          compiled++;
          expect(result.value.steps).toHaveLength(steps.length);
        } else {
          expect(result.error.code).toMatch(/^(INVALID_ARGUMENT|INVALID_HEX)$/);
        }
        expect(blockDepths(steps)).toHaveLength(steps.length);
      }),
      { numRuns: 3000 },
    );
    expect(compiled).toBeGreaterThan(0);
  });
});
