import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisplayBudget } from './display-budget';
import { MAX_DETACHED_EVENT_ROWS, MAX_PENDING_EVENT_ROWS } from './traffic-batcher';
import { bytes, FRAME_MS, PEER, recordingBatcher, type Emitted } from './test-support/recording-batcher';

/** Frames and their bytes as the display learns of them: shown, or counted in a gap. */
function accounted(batches: readonly Emitted[]): { frames: number; bytes: number } {
  let frames = 0;
  let total = 0;
  for (const batch of batches) {
    for (const frame of batch.frames) {
      if (frame.dir === 'event') continue;
      frames += 1;
      total += frame.length ?? frame.bytes.length;
    }
    frames += batch.gap?.frames ?? 0;
    total += batch.gap?.bytes ?? 0;
  }
  return { frames, bytes: total };
}

describe('TrafficBatcher: no page attached (issue 7)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('while detached sends nothing and counts everything, pending frames included, into one gap for the next page', () => {
    const { batcher, batches } = recordingBatcher({ maxUnackedBatches: 1 });
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(1);
    batcher.record('rx', PEER, bytes(2)); // pending: no credit
    batcher.detachDisplay();
    for (let i = 0; i < 100; i++) batcher.record(i % 2 === 0 ? 'rx' : 'tx', PEER, bytes(3));
    batcher.resetCounters(); // no page to tell: nothing is sent
    batcher.record('rx', PEER, bytes(4));
    vi.advanceTimersByTime(10_000);
    expect(batches).toHaveLength(1);
    expect(batcher.getCounters()).toEqual({ rxBytes: 4, rxFrames: 1, txBytes: 0, txFrames: 0 });

    batcher.attachDisplay();
    // Not at once: the attach result (with the counters) goes out first.
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.frames).toEqual([]);
    expect(batches[1]!.gap).toEqual({ frames: 102, bytes: 2 + 100 * 3 + 4 });
    expect(batches[1]!.counters).toEqual({ rxBytes: 4, rxFrames: 1, txBytes: 0, txFrames: 0 });
  });

  it('attach starts the credit afresh: batches the old page never acked do not hold up the new one', () => {
    const { batcher, batches } = recordingBatcher({ maxUnackedBatches: 2 });
    for (let i = 0; i < 2; i++) {
      batcher.record('rx', PEER, bytes(1));
      vi.advanceTimersByTime(FRAME_MS);
    }
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1]); // no credit left, never acked
    batcher.detachDisplay();
    batcher.attachDisplay();
    batcher.record('rx', PEER, bytes(5));
    vi.advanceTimersByTime(FRAME_MS);
    // The numbering goes on, so a late ack of the old page cannot be taken for the new page's.
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1, 2]);
    expect(batches[2]!.frames.map((f) => f.bytes.length)).toEqual([5]);
    batcher.record('rx', PEER, bytes(6));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches.map((b) => b.batchSeq)).toEqual([0, 1, 2, 3]);
    expect(batches[3]!.frames.map((f) => f.bytes.length)).toEqual([6]);
    expect(batches[3]!.gap).toBeUndefined();
    // Credit counts from the attach: two batches out, none acked, so the next waits for an ack.
    batcher.record('rx', PEER, bytes(7));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(4);
    batcher.ack(3);
    expect(batches).toHaveLength(5);
  });

  it('attach without a detach (another page took over) turns what is pending into the gap as well', () => {
    const { batcher, batches } = recordingBatcher({ maxUnackedBatches: 1 });
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(2));
    batcher.record('tx', PEER, bytes(3));
    batcher.attachDisplay();
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(2);
    expect(batches[1]!.frames).toEqual([]);
    expect(batches[1]!.gap).toEqual({ frames: 2, bytes: 5 });
  });

  it('frames that arrive after an attach but before its gap went out join the gap, so the log keeps their order', () => {
    const { batcher, batches } = recordingBatcher();
    batcher.detachDisplay();
    batcher.record('rx', PEER, bytes(1));
    batcher.attachDisplay();
    batcher.record('rx', PEER, bytes(2));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.frames).toEqual([]);
    expect(batches[0]!.gap).toEqual({ frames: 2, bytes: 3 });
    batcher.record('rx', PEER, bytes(4));
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches[1]!.frames.map((f) => f.seq)).toEqual([3]);
  });

  it('keeps event rows across a detach, up to MAX_DETACHED_EVENT_ROWS', () => {
    const { batcher, batches } = recordingBatcher();
    batcher.detachDisplay();
    for (let i = 0; i < MAX_DETACHED_EVENT_ROWS + 5; i++) batcher.recordEvent(PEER, { type: 'clients-refused', count: i + 1, reason: 'EMFILE' });
    batcher.record('rx', PEER, bytes(8));
    batcher.attachDisplay();
    for (let i = 0; i < 100 && batches.reduce((n, b) => n + b.frames.length, 0) < MAX_DETACHED_EVENT_ROWS; i++) {
      vi.advanceTimersByTime(FRAME_MS);
      batcher.ack(batches.at(-1)?.batchSeq ?? 0);
    }
    const events = batches.flatMap((b) => b.frames).filter((f) => f.dir === 'event');
    expect(events).toHaveLength(MAX_DETACHED_EVENT_ROWS);
    expect(batches.find((b) => b.gap)?.gap).toEqual({ frames: 1, bytes: 8 });
  });

  it('keeps at most MAX_PENDING_EVENT_ROWS event rows for an attached page that stopped acking, and takes rows again once it acks', () => {
    const { batcher, batches } = recordingBatcher({ maxUnackedBatches: 1 });
    batcher.recordEvent(PEER, { type: 'client-connected' });
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(1); // no ack follows: no credit from here on
    for (let i = 0; i < MAX_PENDING_EVENT_ROWS + 5; i++) batcher.recordEvent(PEER, { type: 'client-connected' });
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches).toHaveLength(1);
    batcher.ack(0);
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches[1]!.frames).toHaveLength(MAX_PENDING_EVENT_ROWS);
    batcher.ack(1);
    batcher.recordEvent(PEER, { type: 'client-disconnected', reason: 'peer-closed' });
    vi.advanceTimersByTime(FRAME_MS);
    expect(batches[2]!.frames.map((f) => f.dir)).toEqual(['event']);
    expect(batches.every((b) => b.counters.rxFrames === 0 && b.counters.txFrames === 0)).toBe(true);
  });

  it('dispose while detached sends nothing and gives its room in the budget back', () => {
    const budget = new DisplayBudget(1_000, 1_000);
    const { batcher, batches } = recordingBatcher({ maxUnackedBatches: 1 }, budget);
    batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    batcher.record('rx', PEER, bytes(10));
    expect(budget.held).toEqual({ frames: 1, bytes: 10 });
    batcher.detachDisplay();
    expect(budget.held).toEqual({ frames: 0, bytes: 0 });
    batcher.dispose();
    expect(batches).toHaveLength(1);
  });
});

describe('TrafficBatcher: one display budget for every session (issue 7)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('N sessions together never hold more than the budget; each one’s gap says exactly what it dropped', () => {
    const budget = new DisplayBudget(1_000_000, 1_000);
    const sessions = Array.from({ length: 5 }, () => recordingBatcher({ maxUnackedBatches: 1 }, budget));
    // Each spends its credit on one frame, so what follows waits for an ack that does not come yet.
    for (const { batcher } of sessions) batcher.record('rx', PEER, bytes(1));
    vi.advanceTimersByTime(FRAME_MS);
    const recorded = sessions.map(() => ({ frames: 1, bytes: 1 }));
    for (let round = 0; round < 40; round++) {
      sessions.forEach(({ batcher }, index) => {
        const size = 7 + ((round * 5 + index * 3) % 60);
        batcher.record(round % 3 === 0 ? 'tx' : 'rx', PEER, bytes(size));
        recorded[index]!.frames += 1;
        recorded[index]!.bytes += size;
        expect(budget.held.bytes).toBeLessThanOrEqual(1_000);
      });
    }
    expect(budget.held.bytes).toBeGreaterThan(900);
    // The display catches up: every batch is acked as it comes.
    for (let round = 0; round < 10; round++) {
      for (const { batcher, batches } of sessions) batcher.ack(batches.at(-1)!.batchSeq);
      vi.advanceTimersByTime(FRAME_MS);
    }
    expect(budget.held).toEqual({ frames: 0, bytes: 0 });
    const shown = sessions.map(({ batches }) => batches.flatMap((b) => b.frames).reduce((sum, f) => sum + f.bytes.length, 0));
    // What waited for the display fitted the budget, all sessions together (plus each one's first frame).
    expect(shown.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1_000 + sessions.length);
    sessions.forEach(({ batches }, index) => {
      expect(accounted(batches), `session ${index}`).toEqual(recorded[index]);
      expect(batches.at(-1)!.counters.rxFrames + batches.at(-1)!.counters.txFrames).toBe(recorded[index]!.frames);
    });
    // The first sessions took the room; the later ones report their frames as a gap.
    expect(sessions.at(-1)!.batches.some((b) => (b.gap?.frames ?? 0) > 0)).toBe(true);
  });

  it('a frame fits an empty budget even when it is larger than the budget, so the display never stalls', () => {
    const budget = new DisplayBudget(10, 50);
    expect(budget.tryTake(400)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
    budget.release(1, 400);
    expect(budget.tryTake(30)).toBe(true);
    expect(budget.tryTake(20)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
    expect(budget.held).toEqual({ frames: 2, bytes: 50 });
  });

  it('caps frames as well as bytes', () => {
    const budget = new DisplayBudget(3, 1_000_000);
    expect([1, 2, 3, 4].map(() => budget.tryTake(1))).toEqual([true, true, true, false]);
  });
});
