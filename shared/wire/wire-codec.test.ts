import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWireMessage, encodeWireMessage } from './wire-codec';

describe('wire codec', () => {
  it('keeps Uint8Arrays binary and in place', () => {
    const message = { t: 'invoke', id: 7, name: 'session.send', args: { sessionId: 's1', bytes: Uint8Array.of(0, 255, 10) } };
    const encoded = encodeWireMessage(message);
    expect(new TextDecoder().decode(encoded)).not.toContain('255');
    const decoded = decodeWireMessage(encoded);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const args = (decoded.value as { args: { bytes: Uint8Array } }).args;
    expect(args.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(args.bytes)).toEqual([0, 255, 10]);
  });

  it('round-trips JSON values with nested byte arrays', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 64 }), (json, bytes) => {
        const decoded = decodeWireMessage(encodeWireMessage({ json, nested: [{ bytes }] }));
        if (!decoded.ok) return false;
        const value = decoded.value as { json: unknown; nested: [{ bytes: Uint8Array }] };
        return JSON.stringify(value.json) === JSON.stringify(json) && Buffer.from(value.nested[0].bytes).equals(Buffer.from(bytes));
      }),
    );
  });

  it('reports malformed messages instead of throwing', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (noise) => typeof decodeWireMessage(noise).ok === 'boolean'));
    expect(decodeWireMessage(encodeWireMessage({ $bin: 3 })).ok).toBe(false);
  });
});
