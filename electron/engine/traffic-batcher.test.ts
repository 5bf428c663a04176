import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_DISPLAY_BYTES_PER_FRAME } from '@shared';
import type { TrafficBatcherOptions } from './traffic-batcher';
import { bytes, FRAME_MS, PEER, PEER6, recordingBatcher } from './test-support/recording-batcher';

const setup = (options: Partial<TrafficBatcherOptions> = {}) => recordingBatcher(options);

describe('TrafficBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('numbers frames from 1 across rx and tx, stamps sub-ms epoch time, and flushes on the timer', () => {
    const { batcher, batches } = setup({ batchIntervalMs: 16 });
    const before = Date.now();
    batcher.record('rx', PEER, bytes(3));
    batcher.record('tx', PEER6, bytes(5));
    batcher.record('rx', PEER, bytes(1));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(15);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch!.batchSeq).toBe(0);
    expect(batch!.frames.map((f) => [f.seq, f.dir, f.peer.address, f.bytes.length])).toEqual([
      [1, 'rx', '127.0.0.1', 3],
      [2, 'tx', '::1', 5],
      [3, 'rx', '127.0.0.1', 1],
    ]);
    expect(batch!.frames[0]!.ts).toBeGreaterThanOrEqual(before - 1);
    expect(batch!.counters).toEqual({ rxBytes: 4, rxFrames: 2, txBytes: 5, txFrames: 1 });
    expect(batch!.gap).toBeUndefined();
  });

  it('flushes at once when pending bytes reach maxBatchBytes, and cuts batches at that size', () => {
    const { batcher, batches } = setup({ maxBatchBytes: 100, maxUnackedBatches: 100 });
    for (let i = 0; i < 9; i++) batcher.record('rx', PEER, bytes(10));
    expect(batches).toHaveLength(0);
    batcher.record('rx', PEER, bytes(10));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.frames).toHaveLength(10);
    vi.advanceTimersByTime(FRAME_MS);
    // One frame larger than the limit travels alone.
    batcher.record('rx', PEER, bytes(500));
    expect(batches).toHaveLength(2);
    expect(batches[1]!.frames).toHaveLength(1);
  });

  it('sends at most one batch per display frame, however fast the frames come (issue 3, B4)', () => {
    const { batcher, batches } = setup({ maxBatchBytes: 100, maxUnackedBatches: 100 });
    for (let i = 0; i < 50; i++) batcher.record('rx', PEER, bytes(10)); // five batches' worth at once
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(FRAME_MS - 1);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(2);
    vi.advanceTimersByTime(3 * FRAME_MS);
    expect(batches).toHaveLength(5);
    expect(batches.flatMap((b) => b.frames.map((f) => f.seq))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('sends only the first MAX_DISPLAY_BYTES_PER_FRAME of a large frame to the display, and counts all of it', () => {
    const { batcher, batches } = setup();
    const big = bytes(MAX_DISPLAY_BYTES_PER_FRAME * 16, 0x42);
    batcher.record('tx', PEER, big);
    vi.advanceTimersByTime(FRAME_MS);
    const frame = batches[0]!.frames[0]!;
    expect(frame.bytes.length).toBe(MAX_DISPLAY_BYTES_PER_FRAME);
    expect(frame.length).toBe(big.length);
    expect(batches[0]!.counters.txBytes).toBe(big.length);
  });

  it('copies the start it shows of a large frame, also from a Buffer (whose slice is a view): the sender may reuse its buffer', () => {
    const { batcher, batches } = setup();
    const wire = Buffer.alloc(MAX_DISPLAY_BYTES_PER_FRAME * 2, 0x42);
    batcher.record('tx', PEER, wire);
    wire.fill(0x00);
    vi.advanceTimersByTime(FRAME_MS);
    const frame = batches[0]!.frames[0]!;
    expect(frame.bytes.every((byte) => byte === 0x42)).toBe(true);
  });

  it('emits no batch when nothing happened', () => {
    const { batches } = setup();
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(0);
  });

  it('stops at maxUnackedBatches and resumes on ack (an ack of N acknowledges all ≤ N)', () => {
    const { batcher, batches } = setup({ maxUnackedBatches: 2 });
    for (let i = 0; i < 5; i++) {
      batcher.record('rx', PEER, bytes(1));
      vi.advanceTimersByTime(FRAME_MS);
    }
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1]);
    batcher.ack(0);
    // The deferred flush goes out on the ack without waiting for a timer.
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1, 2]);
    expect(batches[2]!.frames.map((f) => f.seq)).toEqual([3, 4, 5]);
    batcher.ack(2);
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1, 2, 3, 4]);
    // Acks beyond what was sent do not mint credit.
    batcher.ack(1000);
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('counts frames beyond the pending cap into a gap reported after the pending frames; counters stay exact', () => {
    const { batcher, batches } = setup({ maxUnackedBatches: 1, maxPendingDisplayFrames: 3 });
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(1);
    // No credit now: 3 frames wait, the rest become a gap.
    for (let i = 0; i < 10; i++) batcher.record('rx', PEER, bytes(2));
    batcher.record('tx', PEER, bytes(7));
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(1);
    batcher.ack(0);
    expect(batches).toHaveLength(2);
    const batch = batches[1]!;
    expect(batch.frames.map((f) => f.seq)).toEqual([2, 3, 4]);
    expect(batch.gap).toEqual({ frames: 8, bytes: 7 * 2 + 7 });
    expect(batch.counters).toEqual({ rxBytes: 21, rxFrames: 11, txBytes: 7, txFrames: 1 });
    // After the gap was reported, frames are displayed again.
    batcher.ack(1);
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches[2]!.frames.map((f) => f.seq)).toEqual([13]);
    expect(batches[2]!.gap).toBeUndefined();
  });

  it('once a gap started, frames join it even when pending has room again', () => {
    const { batcher, batches } = setup({ maxUnackedBatches: 1, maxPendingDisplayFrames: 100, maxPendingDisplayBytes: 10 });
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(8));
    batcher.record('rx', PEER, bytes(8)); // over the byte cap → gap
    batcher.record('rx', PEER, bytes(1)); // would fit, but the gap has begun
    vi.advanceTimersByTime(FRAME_MS); // due, but no credit: deferred until the ack
    expect(batches).toHaveLength(1);
    batcher.ack(0);
    expect(batches[1]!.frames.map((f) => f.seq)).toEqual([2]);
    expect(batches[1]!.gap).toEqual({ frames: 2, bytes: 9 });
  });

  it('reset emits a zero-counter batch at once, even without credit and with nothing pending', () => {
    const { batcher, batches } = setup({ maxUnackedBatches: 1 });
    batcher.record('rx', PEER, bytes(10));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(10)); // pending, no credit
    batcher.resetCounters();
    expect(batches).toHaveLength(2);
    expect(batches[1]!.frames).toHaveLength(0);
    expect(batches[1]!.counters).toEqual({ rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 });
    expect(batcher.getCounters()).toEqual({ rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 });
    // The pending frame still reaches the display a display frame later; seq keeps counting after a reset.
    batcher.ack(1);
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches[2]!.frames.map((f) => f.seq)).toEqual([2]);
    batcher.ack(2);
    batcher.record('tx', PEER, bytes(4));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches[3]!.frames[0]!.seq).toBe(3);
    expect(batches[3]!.counters).toEqual({ rxBytes: 0, rxFrames: 0, txBytes: 4, txFrames: 1 });
  });

  it('reset with credit carries pending frames in the same batch', () => {
    const { batcher, batches } = setup();
    batcher.record('rx', PEER, bytes(10));
    batcher.resetCounters();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.frames).toHaveLength(1);
    expect(batches[0]!.counters.rxBytes).toBe(0);
  });

  it('dispose flushes what is pending regardless of credit, then emits nothing more', () => {
    const { batcher, batches } = setup({ maxUnackedBatches: 1 });
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(2));
    batcher.dispose();
    expect(batches).toHaveLength(2);
    batcher.record('rx', PEER, bytes(3));
    batcher.dispose();
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(2);
    expect(batcher.getCounters().rxBytes).toBe(6);
  });

  it('keeps counters exact under a flood far beyond every cap', () => {
    const { batcher, batches } = setup({ maxUnackedBatches: 2, maxPendingDisplayFrames: 1000, maxBatchBytes: 4096 });
    let acked = -1;
    let rxBytes = 0;
    for (let i = 0; i < 200_000; i++) {
      const n = (i % 13) + 1;
      rxBytes += n;
      batcher.record('rx', PEER, bytes(n));
      // The renderer acks only every 10 000 frames: the display falls behind on purpose.
      if (i % 10_000 === 0 && batches.length > 0) {
        acked = batches[batches.length - 1]!.batchSeq;
        batcher.ack(acked);
      }
    }
    // The display catches up: one batch per display frame until nothing is left (bounded).
    for (let round = 0; round < 20; round++) {
      batcher.ack(batches[batches.length - 1]!.batchSeq);
      vi.advanceTimersByTime(17);
    }
    const last = batches[batches.length - 1]!;
    expect(last.counters).toEqual({ rxBytes, rxFrames: 200_000, txBytes: 0, txFrames: 0 });
    const shown = batches.reduce((sum, b) => sum + b.frames.length + (b.gap?.frames ?? 0), 0);
    const shownBytes = batches.reduce((sum, b) => sum + b.frames.reduce((s, f) => s + f.bytes.length, 0) + (b.gap?.bytes ?? 0), 0);
    expect(shown).toBe(200_000);
    expect(shownBytes).toBe(rxBytes);
    // seq stays contiguous across frames and gaps.
    let expectedSeq = 1;
    for (const b of batches) {
      for (const f of b.frames) expect(f.seq).toBe(expectedSeq++);
      expectedSeq += b.gap?.frames ?? 0;
    }
    expect(expectedSeq).toBe(200_001);
  });

  describe('framed rx: bytes counted at chunk time, messages counted as frames', () => {
    it('countRxBytes moves the byte counter only, in a batch of its own when no message ends', () => {
      const { batcher, batches } = setup({ batchIntervalMs: 16 });
      batcher.countRxBytes(7);
      vi.advanceTimersByTime(16);
      expect(batches).toHaveLength(1);
      expect(batches[0]!.frames).toEqual([]);
      expect(batches[0]!.counters).toEqual({ rxBytes: 7, rxFrames: 0, txBytes: 0, txFrames: 0 });
      // Nothing new: no further batch.
      vi.advanceTimersByTime(100);
      expect(batches).toHaveLength(1);
    });

    it('recordMessage counts a frame, not its bytes; both sums stay exact together', () => {
      const { batcher, batches } = setup({ batchIntervalMs: 16 });
      batcher.countRxBytes(5);
      batcher.recordMessage('rx', PEER, bytes(3));
      batcher.countRxBytes(4);
      batcher.recordMessage('rx', PEER, bytes(6));
      vi.advanceTimersByTime(16);
      expect(batches).toHaveLength(1);
      expect(batches[0]!.frames.map((f) => f.bytes.length)).toEqual([3, 6]);
      expect(batches[0]!.counters).toEqual({ rxBytes: 9, rxFrames: 2, txBytes: 0, txFrames: 0 });
    });

    it('a counters-only batch waits for credit like any other', () => {
      const { batcher, batches } = setup({ batchIntervalMs: 16, maxUnackedBatches: 1 });
      batcher.record('rx', PEER, bytes(1));
      vi.advanceTimersByTime(16);
      batcher.countRxBytes(2);
      vi.advanceTimersByTime(100);
      expect(batches).toHaveLength(1);
      batcher.ack(0);
      vi.advanceTimersByTime(FRAME_MS);
      expect(batches).toHaveLength(2);
      expect(batches[1]!.counters.rxBytes).toBe(3);
    });
  });
});
