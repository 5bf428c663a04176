import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeFrameMark, isFrameMark, MAX_MARK_NAME_CHARS, relayInjectMark, relayMark, ruleMark, sequenceMark } from './frame-mark';

describe('frame marks', () => {
  it('round-trip their parts, names with colons included', () => {
    expect(describeFrameMark(ruleMark('Hello: name'))).toEqual({ kind: 'rule', name: 'Hello: name' });
    expect(describeFrameMark(sequenceMark('Login'))).toEqual({ kind: 'sequence', name: 'Login' });
    expect(describeFrameMark(relayMark('client-to-server'))).toEqual({ kind: 'relay', leg: 'client-to-server' });
    expect(describeFrameMark(relayInjectMark('server'))).toEqual({ kind: 'relay-inject', toward: 'server' });
    expect(describeFrameMark(relayInjectMark('client'))).toEqual({ kind: 'relay-inject', toward: 'client' });
  });

  it('cut a long name to the limit instead of producing a mark the reader refuses', () => {
    const mark = ruleMark('x'.repeat(MAX_MARK_NAME_CHARS + 10));
    expect(isFrameMark(mark)).toBe(true);
    expect(describeFrameMark(mark)).toEqual({ kind: 'rule', name: 'x'.repeat(MAX_MARK_NAME_CHARS) });
  });

  it('refuse strings that are not marks', () => {
    for (const bogus of ['', 'rule', 'relay:sideways', 'relay:inject-to-nowhere', 'other:x', 42, null]) expect(isFrameMark(bogus)).toBe(false);
  });

  it('never throw on any string or value, and any name makes a mark that reads back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), fc.anything(), (text, value) => {
        const parts = describeFrameMark(text);
        expect(parts === undefined || typeof parts.kind === 'string').toBe(true);
        expect(typeof isFrameMark(value)).toBe('boolean');
        expect(describeFrameMark(ruleMark(text))).toEqual({ kind: 'rule', name: text.slice(0, MAX_MARK_NAME_CHARS) });
      }),
      { numRuns: 1000 },
    );
  });
});
