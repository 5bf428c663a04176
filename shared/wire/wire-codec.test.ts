import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWireMessage, encodeWireMessage, MAX_WIRE_DEPTH } from './wire-codec';

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

  it('reports the id of a malformed message when its JSON header can be read, so the sender can be answered', () => {
    const idOf = (message: Uint8Array): number | undefined => {
      const decoded = decodeWireMessage(message);
      return decoded.ok ? undefined : decoded.id;
    };
    expect(idOf(encodeWireMessage({ t: 'invoke', id: 5, args: { bytes: { $bin: 0 } } }))).toBe(5);
    const deep = `{"t":"invoke","id":6,"args":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(idOf(frame(deep))).toBe(6);
    const whole = encodeWireMessage({ t: 'invoke', id: 7, args: { bytes: new Uint8Array(8) } });
    expect(idOf(whole.subarray(0, whole.length - 3))).toBe(7);
    // No id to report: the header is not JSON, or the id is not a request id.
    expect(idOf(frame('{"t":"invoke","id":8,'))).toBeUndefined();
    expect(idOf(encodeWireMessage({ t: 'invoke', id: -1, args: { $bin: 0 } }))).toBeUndefined();
    expect(idOf(encodeWireMessage({ t: 'invoke', id: '9', args: { $bin: 0 } }))).toBeUndefined();
  });

  it('refuses nesting beyond MAX_WIRE_DEPTH as a value, and accepts it up to there', () => {
    const nested = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    // The header object is one level, its args the rest.
    expect(decodeWireMessage(frame(`{"id":1,"args":${nested(MAX_WIRE_DEPTH - 1)}}`)).ok).toBe(true);
    const deeper = decodeWireMessage(frame(`{"id":2,"args":${nested(MAX_WIRE_DEPTH)}}`));
    expect(deeper).toMatchObject({ ok: false, id: 2, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('keeps a "__proto__" key an ordinary property when a blob is put in its place', () => {
    const decoded = decodeWireMessage(frame('{"__proto__":{"$bin":0}}', Uint8Array.of(1)));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(Object.getPrototypeOf(decoded.value)).toBe(Object.prototype);
    expect([...(Object.getOwnPropertyDescriptor(decoded.value, '__proto__')?.value as Uint8Array)]).toEqual([1]);
  });

  it('never throws on a well-framed message whose header and blob references are anything, and names the id when the header has one', () => {
    const reference = fc.oneof(fc.nat(4), fc.integer({ min: -2, max: 2 ** 32 }), fc.double(), fc.string({ maxLength: 2 })).map(($bin) => ({ $bin }));
    const header = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), reference, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('id', 't', 'args', '$bin', '__proto__', 'x'), tie('value'), { maxKeys: 4 })),
    })).value;
    const id = fc.oneof(fc.nat(), fc.constantFrom<unknown>(-1, 1.5, '3', null, 2 ** 53));
    fc.assert(
      fc.property(header, id, fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 3 }), fc.nat(40), (value, requestId, blobs, cut) => {
        const json = JSON.stringify({ id: requestId, value });
        const message = frame(json, ...blobs);
        for (const bytes of [message, message.subarray(0, Math.max(0, message.length - cut))]) {
          const decoded = decodeWireMessage(bytes);
          const headerIntact = bytes.length >= 4 + Buffer.byteLength(json);
          const validId = typeof requestId === 'number' && Number.isSafeInteger(requestId) && requestId >= 0;
          if (!decoded.ok) expect(decoded.id).toBe(headerIntact && validId ? requestId : undefined);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

/** A wire message with exactly this JSON header (which JSON.stringify could not always produce) and these blobs. */
function frame(json: string, ...blobs: Uint8Array[]): Uint8Array {
  const parts = [Buffer.from(json, 'utf8'), ...blobs];
  const out = Buffer.alloc(parts.reduce((n, p) => n + 4 + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.writeUInt32LE(part.length, offset);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}
