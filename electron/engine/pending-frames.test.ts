import { describe, expect, it } from 'vitest';
import { decodeTrafficBatch, encodeLogEvent, ZERO_COUNTERS, type DecodedBatch } from '@shared';
import { PendingFrames, uninitializedBatch, type BatchUnderConstruction } from './pending-frames';
import { bytes, PEER, PEER6 } from './test-support/recording-batcher';

/** Packs `batch` as the batcher does and reads it back. */
function packed(pending: PendingFrames, batch: BatchUnderConstruction): DecodedBatch {
  const decoded = decodeTrafficBatch(batch.pack(ZERO_COUNTERS, undefined, uninitializedBatch));
  pending.recycle(batch);
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.value;
}

describe('PendingFrames', () => {
  it('cuts batches after the frame that reaches maxBatchBytes, and packs each frame as it was given', () => {
    const pending = new PendingFrames(10);
    pending.append('rx', 1, 1000.25, PEER, bytes(4, 1), 4, undefined);
    pending.append('tx', 2, 1001.5, PEER6, bytes(6, 2), 600, 'rule:echo');
    // The first batch is full (10 display bytes): this one starts the next.
    pending.append('rx', 3, 1002, PEER, bytes(20, 3), 20, undefined);
    pending.append('rx', 4, 1003, PEER, bytes(1, 4), 1, undefined);
    expect({ count: pending.count, bytes: pending.bytes }).toEqual({ count: 4, bytes: 31 });

    const first = packed(pending, pending.take()!);
    expect(first.frames.map((f) => [f.seq, f.ts, f.dir, f.peer.address, [...f.bytes], f.length, f.mark])).toEqual([
      [1, 1000.25, 'rx', '127.0.0.1', [1, 1, 1, 1], undefined, undefined],
      [2, 1001.5, 'tx', '::1', [2, 2, 2, 2, 2, 2], 600, 'rule:echo'],
    ]);
    // A frame larger than the limit travels alone; the next one starts a batch of its own.
    const second = packed(pending, pending.take()!);
    expect(second.frames.map((f) => f.seq)).toEqual([3]);
    expect(pending.take()).toBeDefined();
    expect(pending.take()).toBeUndefined();
    expect({ count: pending.count, bytes: pending.bytes }).toEqual({ count: 0, bytes: 0 });
  });

  it('reuses a packed batch for the next frames, starting from nothing', () => {
    const pending = new PendingFrames(1000);
    pending.append('rx', 1, 1, PEER6, bytes(3), 3, 'rule:a');
    const batch = pending.take()!;
    packed(pending, batch);
    pending.append('rx', 2, 2, PEER, bytes(2), 2, undefined);
    const next = pending.take()!;
    expect(next).toBe(batch);
    expect({ frames: next.frameCount, traffic: next.trafficFrames, bytes: next.displayBytes }).toEqual({ frames: 1, traffic: 1, bytes: 2 });
    // Peers and marks are numbered per batch: the new batch names only its own.
    const decoded = packed(pending, next);
    expect(decoded.frames.map((f) => [f.seq, f.peer.address, f.mark])).toEqual([[2, '127.0.0.1', undefined]]);
  });

  it('lets go of every frame a detach turns into the gap and keeps the event rows, in order', () => {
    const pending = new PendingFrames(8);
    const event = encodeLogEvent({ type: 'client-connected' });
    pending.append('rx', 1, 1, PEER, bytes(5), 5, undefined);
    pending.append('event', 2, 2, PEER, event, event.length, undefined);
    pending.append('tx', 3, 3, PEER, bytes(9), 900, undefined);
    pending.append('event', 4, 4, PEER6, event, event.length, undefined);
    expect(pending.dropTraffic()).toEqual({ frames: 2, wireBytes: 905, displayBytes: 14 });
    expect({ count: pending.count, eventRows: pending.eventRows, bytes: pending.bytes }).toEqual({ count: 2, eventRows: 2, bytes: 2 * event.length });
    const rows: number[] = [];
    for (let batch = pending.take(); batch; batch = pending.take()) rows.push(...packed(pending, batch).frames.map((f) => f.seq));
    expect(rows).toEqual([2, 4]);
  });

  it('clear says what traffic it held, for the display budget', () => {
    const pending = new PendingFrames(100);
    pending.append('rx', 1, 1, PEER, bytes(7), 7, undefined);
    pending.append('event', 2, 2, PEER, encodeLogEvent({ type: 'client-connected' }), 1, undefined);
    expect(pending.clear()).toEqual({ frames: 1, displayBytes: 7 });
    expect(pending.take()).toBeUndefined();
  });

  it('packs into memory of exactly the batch’s size', () => {
    const out = uninitializedBatch(37);
    expect(out.byteLength).toBe(37);
    expect(out.buffer.byteLength).toBe(37);
    expect(out.byteOffset).toBe(0);
  });
});
