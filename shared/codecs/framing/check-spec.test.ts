import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFramingSpec } from './check-spec';
import { FRAMING_LIMITS } from './spec';

const crlf = Uint8Array.of(0x0d, 0x0a);
const length2be = { kind: 'length', offset: 0, width: 2, order: 'be', adjust: 0, includesHeader: false };

describe('checkFramingSpec', () => {
  it.each([
    [{ kind: 'none' }, { kind: 'none', maxMessageBytes: FRAMING_LIMITS.defaultMaxMessageBytes }],
    [{ kind: 'none', maxMessageBytes: FRAMING_LIMITS.maxMessageBytes }, { kind: 'none', maxMessageBytes: FRAMING_LIMITS.maxMessageBytes }],
    [{ kind: 'delimiter', delimiter: crlf, keep: 'strip' }, { kind: 'delimiter', delimiter: crlf, keep: 'strip', maxMessageBytes: FRAMING_LIMITS.defaultMaxMessageBytes }],
    [{ kind: 'fixed', size: 1_048_576 }, { kind: 'fixed', size: 1_048_576, maxMessageBytes: FRAMING_LIMITS.defaultMaxMessageBytes }],
    [{ ...length2be, adjust: -65_535 }, { ...length2be, adjust: -65_535, maxMessageBytes: FRAMING_LIMITS.defaultMaxMessageBytes }],
    [{ ...length2be, offset: 64, width: 4, order: 'le', includesHeader: true }, { ...length2be, offset: 64, width: 4, order: 'le', includesHeader: true, maxMessageBytes: FRAMING_LIMITS.defaultMaxMessageBytes }],
    [{ kind: 'idle', gapMs: 60_000, maxMessageBytes: 1 }, { kind: 'idle', gapMs: 60_000, maxMessageBytes: 1 }],
  ])('accepts %o as %o', (spec, expected) => {
    expect(checkFramingSpec(spec)).toEqual({ ok: true, value: expected });
  });

  it('returns a plain copy: unknown fields dropped, the delimiter not shared with the caller', () => {
    const delimiter = Uint8Array.of(0x0a);
    const result = checkFramingSpec({ kind: 'delimiter', delimiter, keep: 'keep', extra: () => 1 });
    expect(result.ok && Object.keys(result.value).sort()).toEqual(['delimiter', 'keep', 'kind', 'maxMessageBytes']);
    delimiter[0] = 0x0d;
    expect(result.ok && result.value.kind === 'delimiter' && result.value.delimiter[0]).toBe(0x0a);
  });

  it.each([
    [null, 'spec', 'not-an-object'],
    ['delimiter', 'spec', 'not-an-object'],
    [{ kind: 'lines' }, 'kind', 'unknown-kind'],
    [{}, 'kind', 'unknown-kind'],
    [{ kind: 'none', maxMessageBytes: 0 }, 'maxMessageBytes', 'out-of-range'],
    [{ kind: 'none', maxMessageBytes: FRAMING_LIMITS.maxMessageBytes + 1 }, 'maxMessageBytes', 'out-of-range'],
    [{ kind: 'none', maxMessageBytes: 1.5 }, 'maxMessageBytes', 'not-an-integer'],
    [{ kind: 'delimiter', delimiter: new Uint8Array(0), keep: 'strip' }, 'delimiter', 'empty'],
    [{ kind: 'delimiter', delimiter: new Uint8Array(65), keep: 'strip' }, 'delimiter', 'too-long'],
    [{ kind: 'delimiter', delimiter: [13, 10], keep: 'strip' }, 'delimiter', 'not-bytes'],
    [{ kind: 'delimiter', delimiter: crlf, keep: 'strip', maxMessageBytes: 1 }, 'delimiter', 'exceeds-max-message'],
    [{ kind: 'delimiter', delimiter: crlf, keep: 'drop' }, 'keep', 'not-one-of'],
    [{ kind: 'fixed', size: 0 }, 'size', 'out-of-range'],
    [{ kind: 'fixed', size: 1_048_577, maxMessageBytes: FRAMING_LIMITS.maxMessageBytes }, 'size', 'out-of-range'],
    [{ kind: 'fixed', size: '8' }, 'size', 'not-an-integer'],
    [{ kind: 'fixed', size: 100, maxMessageBytes: 99 }, 'size', 'exceeds-max-message'],
    [{ ...length2be, width: 3 }, 'width', 'not-one-of'],
    [{ ...length2be, width: '2' }, 'width', 'not-one-of'],
    [{ ...length2be, offset: 65 }, 'offset', 'out-of-range'],
    [{ ...length2be, offset: -1 }, 'offset', 'out-of-range'],
    [{ ...length2be, order: 'BE' }, 'order', 'not-one-of'],
    [{ ...length2be, adjust: 65_536 }, 'adjust', 'out-of-range'],
    [{ ...length2be, adjust: Number.NaN }, 'adjust', 'not-an-integer'],
    [{ ...length2be, includesHeader: 'no' }, 'includesHeader', 'not-one-of'],
    [{ ...length2be, offset: 10, width: 4, maxMessageBytes: 13 }, 'offset', 'exceeds-max-message'],
    [{ kind: 'idle', gapMs: 0 }, 'gapMs', 'out-of-range'],
    [{ kind: 'idle', gapMs: 60_001 }, 'gapMs', 'out-of-range'],
    [{ kind: 'idle' }, 'gapMs', 'not-an-integer'],
  ])('rejects %o: INVALID_ARGUMENT on %s (%s)', (spec, field, reason) => {
    const result = checkFramingSpec(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.params).toMatchObject({ field, reason });
    }
  });

  it('gives the limits a sentence needs', () => {
    const result = checkFramingSpec({ kind: 'idle', gapMs: 70_000 });
    expect(!result.ok && result.error.params).toEqual({ field: 'gapMs', reason: 'out-of-range', min: 1, max: 60_000, value: 70_000 });
  });

  it('accepts its own output, and never throws on any input', () => {
    const fields = fc.record(
      {
        kind: fc.constantFrom('none', 'delimiter', 'fixed', 'length', 'idle', 'other'),
        delimiter: fc.oneof(fc.uint8Array({ maxLength: 70 }), fc.anything()),
        keep: fc.constantFrom('strip', 'keep', 'x'),
        size: fc.oneof(fc.integer({ min: -5, max: 2_000_000 }), fc.double(), fc.anything()),
        offset: fc.integer({ min: -2, max: 70 }),
        width: fc.constantFrom(0, 1, 2, 3, 4, 8),
        order: fc.constantFrom('le', 'be', 'LE'),
        adjust: fc.integer({ min: -70_000, max: 70_000 }),
        includesHeader: fc.oneof(fc.boolean(), fc.anything()),
        gapMs: fc.integer({ min: -1, max: 70_000 }),
        maxMessageBytes: fc.oneof(fc.integer({ min: -1, max: FRAMING_LIMITS.maxMessageBytes + 1 }), fc.constant(undefined)),
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(fc.oneof(fields, fc.anything()), (spec) => {
        const result = checkFramingSpec(spec);
        if (!result.ok) return result.error.code === 'INVALID_ARGUMENT' && typeof result.error.params?.field === 'string';
        expect(checkFramingSpec(result.value)).toEqual(result);
        return true;
      }),
    );
  });
});
