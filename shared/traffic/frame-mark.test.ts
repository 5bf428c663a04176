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
});
