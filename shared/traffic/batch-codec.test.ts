import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../contract/endpoint';
import { mutatedArbitrary, wireValue } from '../test-support/hostile-values';
import { decodeTrafficBatch, encodeTrafficBatch, MAX_MARKS_PER_BATCH, readTrafficBatch } from './batch-codec';
import type { TrafficFrame } from './frame';
import { relayMark, ruleMark, type FrameMark } from './frame-mark';

const v4: Endpoint = { address: '127.0.0.1', port: 9000, family: 'IPv4' };
const v6: Endpoint = { address: '::1', port: 65535, family: 'IPv6' };
const counters = { rxBytes: 5, rxFrames: 2, txBytes: 3, txFrames: 1 };

describe('traffic batch codec', () => {
  it('round-trips frames, peers, counters and the gap', () => {
    const frames: TrafficFrame[] = [
      { seq: 1, ts: 1_763_000_000_000.25, dir: 'rx', peer: v4, bytes: Uint8Array.of(1, 2) },
      { seq: 2, ts: 1_763_000_000_001.5, dir: 'tx', peer: v6, bytes: new Uint8Array() },
      { seq: 3, ts: 1_763_000_000_002, dir: 'rx', peer: v4, bytes: Uint8Array.of(255, 0, 7) },
      { seq: 4, ts: 1_763_000_000_003, dir: 'event', peer: v4, bytes: Uint8Array.of(123, 125) },
    ];
    const decoded = decodeTrafficBatch(encodeTrafficBatch(frames, counters, { frames: 10, bytes: 640 }));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.counters).toEqual(counters);
    expect(decoded.value.gap).toEqual({ frames: 10, bytes: 640 });
    expect(decoded.value.frames.map((f) => ({ ...f, bytes: Array.from(f.bytes) }))).toEqual(
      frames.map((f) => ({ ...f, bytes: Array.from(f.bytes) })),
    );
  });

  it('carries the wire length of a frame of which only the start travels', () => {
    const frames: TrafficFrame[] = [{ seq: 1, ts: 1, dir: 'tx', peer: v4, bytes: Uint8Array.of(1, 2, 3), length: 1_048_576 }];
    const decoded = decodeTrafficBatch(encodeTrafficBatch(frames, counters));
    expect(decoded.ok && decoded.value.frames[0]).toMatchObject({ length: 1_048_576 });
    expect(decoded.ok && Array.from(decoded.value.frames[0]!.bytes)).toEqual([1, 2, 3]);
  });

  it('omits an empty gap and carries a batch with no frames (counter reset)', () => {
    const decoded = decodeTrafficBatch(encodeTrafficBatch([], counters, { frames: 0, bytes: 0 }));
    expect(decoded.ok && decoded.value.gap).toBeUndefined();
    expect(decoded.ok && decoded.value.frames.length).toBe(0);
  });

  it('rejects a frame whose direction is not rx, tx or event', () => {
    const packed = encodeTrafficBatch([{ seq: 1, ts: 1, dir: 'rx', peer: v4, bytes: Uint8Array.of(1) }], counters);
    const headerLength = new DataView(packed.buffer).getUint32(4, true);
    packed[8 + headerLength + 4 + 16] = 3;
    const decoded = decodeTrafficBatch(packed);
    expect(decoded.ok ? 'ok' : decoded.error.message).toBe('Corrupt traffic batch: frame 0 has an unknown direction');
  });

  it('carries each frame\'s mark, naming each mark once per batch; unmarked frames stay unmarked', () => {
    const frames: TrafficFrame[] = [
      { seq: 1, ts: 1, dir: 'rx', peer: v4, bytes: Uint8Array.of(1) },
      { seq: 2, ts: 2, dir: 'tx', peer: v4, bytes: Uint8Array.of(2), mark: ruleMark('Echo') },
      { seq: 3, ts: 3, dir: 'tx', peer: v6, bytes: Uint8Array.of(3), mark: relayMark('server-to-client') },
      { seq: 4, ts: 4, dir: 'tx', peer: v4, bytes: Uint8Array.of(4), mark: ruleMark('Echo') },
    ];
    const packed = encodeTrafficBatch(frames, counters);
    const read = readTrafficBatch(packed);
    expect(read.ok && read.value.marks).toEqual(['rule:Echo', 'relay:server-to-client']);
    const decoded = decodeTrafficBatch(packed);
    expect(decoded.ok && decoded.value.frames.map((f) => f.mark)).toEqual([undefined, 'rule:Echo', 'relay:server-to-client', 'rule:Echo']);
    expect(decoded.ok && 'mark' in decoded.value.frames[0]!).toBe(false);
  });

  it('rejects a frame naming a mark the batch does not list, and a mark that is not one', () => {
    const packed = encodeTrafficBatch([{ seq: 1, ts: 1, dir: 'tx', peer: v4, bytes: Uint8Array.of(1), mark: ruleMark('A') }], counters);
    const headerLength = new DataView(packed.buffer).getUint32(4, true);
    packed[8 + headerLength + 4 + 17] = 2;
    const decoded = decodeTrafficBatch(packed);
    expect(decoded.ok ? 'ok' : decoded.error.message).toBe('Corrupt traffic batch: frame 0 names an unknown mark');
    const forged = encodeTrafficBatch([{ seq: 1, ts: 1, dir: 'tx', peer: v4, bytes: Uint8Array.of(1), mark: 'bogus' as FrameMark }], counters);
    const refused = decodeTrafficBatch(forged);
    expect(refused.ok ? 'ok' : refused.error.message).toBe('Corrupt traffic batch: marks are not frame marks');
  });

  it('leaves frames past MAX_MARKS_PER_BATCH distinct marks unmarked, still shown', () => {
    const frames: TrafficFrame[] = Array.from({ length: MAX_MARKS_PER_BATCH + 2 }, (_, i) => ({
      seq: i + 1, ts: i, dir: 'tx', peer: v4, bytes: Uint8Array.of(i & 255), mark: ruleMark(`r${i}`),
    }));
    const decoded = decodeTrafficBatch(encodeTrafficBatch(frames, counters));
    expect(decoded.ok && decoded.value.frames.length).toBe(MAX_MARKS_PER_BATCH + 2);
    expect(decoded.ok && decoded.value.frames.filter((f) => f.mark === undefined).length).toBe(2);
  });

  it('never throws on corrupt input', () => {
    const good = encodeTrafficBatch([{ seq: 1, ts: 1, dir: 'rx', peer: v4, bytes: Uint8Array.of(1, 2, 3) }], counters);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(good.length), (noise, cut) => {
        const mangled = new Uint8Array([...good.subarray(0, cut), ...noise]);
        return typeof decodeTrafficBatch(mangled).ok === 'boolean' && typeof decodeTrafficBatch(noise).ok === 'boolean';
      }),
    );
  });
});

/** `batch` with its JSON header replaced by `json` (the frames after it as they were). */
function withHeader(batch: Uint8Array, json: string): Uint8Array {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const rest = batch.subarray(8 + view.getUint32(4, true));
  const header = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + header.length + rest.length);
  const outView = new DataView(out.buffer);
  outView.setUint32(0, view.getUint32(0, true), true);
  outView.setUint32(4, header.length, true);
  out.set(header, 8);
  out.set(rest, 8 + header.length);
  return out;
}

describe('traffic batch codec on a corrupt header', () => {
  const good = encodeTrafficBatch(
    [
      { seq: 1, ts: 1, dir: 'rx', peer: v4, bytes: Uint8Array.of(1, 2, 3) },
      { seq: 2, ts: 2, dir: 'tx', peer: v6, bytes: Uint8Array.of(4), mark: ruleMark('echo') },
    ],
    counters,
    { frames: 1, bytes: 9 },
  );
  const goodHeader: unknown = JSON.parse(new TextDecoder().decode(good.subarray(8, 8 + new DataView(good.buffer).getUint32(4, true))));

  it('never throws when the header is any JSON, or the real one with fields changed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 3 }), mutatedArbitrary([goodHeader], wireValue).map((header) => JSON.stringify(header) ?? 'null')), (json) => {
        const decoded = decodeTrafficBatch(withHeader(good, json));
        if (decoded.ok) for (const frame of decoded.value.frames) expect(typeof frame.peer.address).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  // Found by the property above: a header of null, or peers that are not [address, port] pairs, threw a TypeError
  // out of the decoder instead of being a corrupt batch.
  it('refuses a null header and peers that are not [address, port] as a corrupt batch (regression)', () => {
    for (const json of ['null', '{"counters":{"rxBytes":0,"rxFrames":0,"txBytes":0,"txFrames":0},"peers":[5]}', '{"counters":{"rxBytes":0,"rxFrames":0,"txBytes":0,"txFrames":0},"peers":[[5,9]]}']) {
      expect(decodeTrafficBatch(withHeader(good, json)), json).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    }
  });
});
