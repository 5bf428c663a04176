import { describe, expect, it } from 'vitest';
import { ZERO_COUNTERS } from '@shared/contract/session';
import { encodeTrafficBatch, readTrafficBatch } from '@shared/traffic/batch-codec';
import type { TrafficFrame } from '@shared/traffic/frame';
import { encodeLogEvent } from '@shared/traffic/log-event';
import { MAX_ROW_BYTES } from './format-row';
import type { LogEntry } from './log-entry';
import { DEFAULT_LOG_CAPACITY, LogBudget, LogStore, MAX_LOG_BYTES } from './log-store';

const peer = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };
const frame = (seq: number, dir: 'rx' | 'tx' = 'rx', size = 3): TrafficFrame => ({ seq, ts: 1_700_000_000_000 + seq, dir, peer, bytes: new Uint8Array(size) });

/** A scheduler the test runs by hand, standing in for requestAnimationFrame. */
function manualSchedule() {
  const queue: Array<() => void> = [];
  return { schedule: (cb: () => void) => void queue.push(cb), flush: () => queue.splice(0).forEach((cb) => cb()), pending: () => queue.length };
}

const entries = (log: LogStore): LogEntry[] => Array.from({ length: log.size }, (_, i) => log.at(i)!);
const describeEntry = (e: LogEntry): string =>
  e.kind === 'frame' ? `${e.dir}${e.seq}` : e.kind === 'event' ? `event${e.seq}:${e.event?.type ?? '?'}` : `gap:${e.cause}:${e.frames}/${e.bytes}`;
const refusedEvent = (seq: number, count: number): TrafficFrame => ({
  seq,
  ts: 1_700_000_000_000 + seq,
  dir: 'event',
  peer,
  bytes: encodeLogEvent({ type: 'clients-refused', count, reason: 'EMFILE', limit: 1024 }),
});

describe('LogStore', () => {
  it('keeps each frame\'s mark from a packed batch, through growth and a capacity change; unmarked rows have none', () => {
    const log = new LogStore(10_000, () => undefined);
    const frames: TrafficFrame[] = Array.from({ length: 3000 }, (_, i) => ({ ...frame(i + 1, 'tx'), ...(i % 3 === 0 ? { mark: 'rule:Echo' as const } : {}) }));
    for (let i = 0; i < frames.length; i += 500) {
      const packed = encodeTrafficBatch(frames.slice(i, i + 500), ZERO_COUNTERS);
      const read = readTrafficBatch(packed);
      if (!read.ok) throw new Error(read.error.message);
      log.ingestBatch(read.value, packed);
    }
    const marks = (): Array<string | undefined> => entries(log).map((e) => (e.kind === 'frame' ? e.mark : 'not a frame'));
    expect(marks().slice(0, 4)).toEqual(['rule:Echo', undefined, undefined, 'rule:Echo']);
    expect(marks().filter((m) => m === 'rule:Echo')).toHaveLength(1000);
    log.setCapacity(1000);
    expect(marks().filter((m) => m === 'rule:Echo')).toHaveLength(333);
    expect(marks()[log.size - 1]).toBe(frames[2999]!.mark);
  });

  it('defaults to 100 000 frames', () => {
    expect(new LogStore().capacity).toBe(DEFAULT_LOG_CAPACITY);
    expect(DEFAULT_LOG_CAPACITY).toBe(100_000);
  });

  it('puts a gap marker after the frames of its batch', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    log.ingest([frame(1), frame(2)], { frames: 12_345, bytes: 99_000 });
    log.ingest([frame(12_348, 'tx')]);
    expect(entries(log).map(describeEntry)).toEqual(['rx1', 'rx2', 'gap:engine:12345/99000', 'tx12348']);
  });

  it('keeps event rows in order with the traffic, decoded, and keeps them while paused or hiding rx', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    log.ingest([frame(1), refusedEvent(2, 3), frame(3, 'tx')]);
    log.setFilter({ hideRx: true, paused: false });
    log.ingest([frame(4), refusedEvent(5, 1)]);
    log.setFilter({ hideRx: false, paused: true });
    log.ingest([frame(6), refusedEvent(7, 2)]);
    log.setFilter({ hideRx: false, paused: false });
    expect(entries(log).map(describeEntry)).toEqual(['rx1', 'event2:clients-refused', 'tx3', 'event5:clients-refused', 'event7:clients-refused', 'gap:paused:1/3']);
    expect(log.at(1)).toMatchObject({ kind: 'event', peer, event: { type: 'clients-refused', count: 3, reason: 'EMFILE', limit: 1024 } });
  });

  it('keeps event rows from a packed batch and shows an unknown event as one', () => {
    const unknown: TrafficFrame = { seq: 2, ts: 1, dir: 'event', peer, bytes: new TextEncoder().encode('{"type":"from-the-future"}') };
    const packed = encodeTrafficBatch([frame(1), unknown, refusedEvent(3, 9)], ZERO_COUNTERS);
    const batch = readTrafficBatch(packed);
    if (!batch.ok) throw new Error(batch.error.message);
    const log = new LogStore(100, manualSchedule().schedule);
    log.ingestBatch(batch.value, packed);
    expect(entries(log).map(describeEntry)).toEqual(['rx1', 'event2:?', 'event3:clients-refused']);
  });

  it('ignores an empty gap', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    log.ingest([frame(1)], { frames: 0, bytes: 0 });
    expect(log.size).toBe(1);
  });

  it('wraps at capacity, gap rows included, with ids that keep increasing', () => {
    const log = new LogStore(3, manualSchedule().schedule);
    log.ingest([frame(1), frame(2)], { frames: 5, bytes: 15 });
    log.ingest([frame(8), frame(9)]);
    expect(entries(log).map(describeEntry)).toEqual(['gap:engine:5/15', 'rx8', 'rx9']);
    const ids = entries(log).map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('bumps the version once per scheduled tick however many batches arrive', () => {
    const clock = manualSchedule();
    const log = new LogStore(100, clock.schedule);
    let notified = 0;
    log.subscribe(() => notified++);
    for (let i = 0; i < 50; i++) log.ingest([frame(i)]);
    expect(log.getVersion()).toBe(0);
    expect(clock.pending()).toBe(1);
    clock.flush();
    expect(log.getVersion()).toBe(1);
    expect(notified).toBe(1);
  });

  it('hides rx frames when asked, keeping tx', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    log.setFilter({ hideRx: true, paused: false });
    log.ingest([frame(1, 'rx'), frame(2, 'tx'), frame(3, 'rx')]);
    expect(entries(log).map(describeEntry)).toEqual(['tx2']);
  });

  it('keeps nothing while paused and says how much it skipped on resume', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    log.ingest([frame(1)]);
    log.setFilter({ hideRx: false, paused: true });
    log.ingest([frame(2, 'rx', 10), frame(3, 'tx', 5)], { frames: 4, bytes: 40 });
    expect(log.size).toBe(1);
    log.setFilter({ hideRx: false, paused: false });
    log.ingest([frame(8)]);
    expect(entries(log).map(describeEntry)).toEqual(['rx1', 'gap:paused:6/55', 'rx8']);
    // A second pause/resume with nothing skipped adds no marker.
    log.setFilter({ hideRx: false, paused: true });
    log.setFilter({ hideRx: false, paused: false });
    expect(log.size).toBe(3);
  });

  it('clears', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    log.ingest([frame(1), frame(2)]);
    log.clear();
    expect(log.size).toBe(0);
  });
});

describe('LogStore storage', () => {
  const packedBatch = (frames: TrafficFrame[], gap?: { frames: number; bytes: number }) => {
    const packed = encodeTrafficBatch(frames, ZERO_COUNTERS, gap);
    const read = readTrafficBatch(packed);
    if (!read.ok) throw new Error(read.error.message);
    return [read.value, packed] as const;
  };

  it('ingests a packed batch like decoded frames, bytes copied out of the batch buffer', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    const [batch, packed] = packedBatch([{ ...frame(1), bytes: Uint8Array.of(1, 2, 3) }, frame(2, 'tx')], { frames: 4, bytes: 12 });
    log.ingestBatch(batch, packed);
    packed.fill(0xff); // the log must not be a view into the wire buffer
    expect(entries(log).map(describeEntry)).toEqual(['rx1', 'tx2', 'gap:engine:4/12']);
    const first = log.at(0);
    expect(first?.kind === 'frame' && [...first.bytes]).toEqual([1, 2, 3]);
  });

  it('interns peers: the same address and port is one Endpoint object', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    for (let i = 0; i < 3; i++) log.ingestBatch(...packedBatch([frame(i)]));
    log.ingest([{ ...frame(9), peer: { ...peer } }]);
    const peers = entries(log).map((e) => (e.kind === 'frame' ? e.peer : null));
    expect(new Set(peers).size).toBe(1);
    expect(peers[0]).toEqual(peer);
  });

  it('keeps the first MAX_ROW_BYTES of a large frame and its full length', () => {
    const log = new LogStore(10, manualSchedule().schedule);
    log.ingest([{ ...frame(1), bytes: new Uint8Array(MAX_ROW_BYTES + 500) }]);
    const entry = log.at(0);
    expect(entry?.kind === 'frame' && [entry.bytes.length, entry.length]).toEqual([MAX_ROW_BYTES, MAX_ROW_BYTES + 500]);
  });

  it('changing the capacity keeps the newest entries, in order, and frees what it dropped', () => {
    const log = new LogStore(5_000, manualSchedule().schedule);
    for (let b = 0; b < 10; b++) log.ingest(Array.from({ length: 1_000 }, (_, i) => frame(b * 1_000 + i + 1, 'rx', 600)));
    expect(log.size).toBe(5_000);
    expect(describeEntry(log.at(0)!)).toBe('rx5001');
    const bytesBefore = log.storedBytes;
    log.setCapacity(1_000);
    expect(log.capacity).toBe(1_000);
    expect(entries(log).map(describeEntry).slice(0, 2)).toEqual(['rx9001', 'rx9002']);
    expect(describeEntry(log.at(999)!)).toBe('rx10000');
    expect(log.storedBytes).toBeLessThan(bytesBefore);
    log.setCapacity(3_000);
    log.ingest([frame(10_001)]);
    expect(log.size).toBe(1_001);
    expect(describeEntry(log.at(1_000)!)).toBe('rx10001');
    const ids = entries(log).map((e) => e.id);
    expect(ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1)).toBe(true);
  });

  it('holds a million frames in typed columns and a byte arena, every one reachable', () => {
    const log = new LogStore(1_000_000, manualSchedule().schedule);
    const batch = Array.from({ length: 10_000 }, (_, i) => frame(i + 1, 'rx', 64));
    for (let b = 0; b < 120; b++) log.ingest(batch);
    expect(log.size).toBe(1_000_000);
    expect(log.firstId).toBe(200_001);
    expect(log.at(0)?.id).toBe(200_001);
    expect(log.at(999_999)?.id).toBe(1_200_000);
    // 64 MB of payload for a million 64-byte frames, plus at most one partly used 1 MiB block at each end.
    expect(log.storedBytes).toBeLessThanOrEqual(64_000_000 + 2 * 1024 * 1024);
  });

  it('drops the oldest entries past the byte budget, whatever the capacity', () => {
    const log = new LogStore(1_000_000, manualSchedule().schedule);
    const big = { ...frame(1), bytes: new Uint8Array(MAX_ROW_BYTES) };
    for (let i = 0; i < (MAX_LOG_BYTES / MAX_ROW_BYTES) * 1.5; i++) log.ingest([big]);
    expect(log.storedBytes).toBeLessThanOrEqual(MAX_LOG_BYTES);
    expect(log.size).toBeLessThan(MAX_LOG_BYTES / MAX_ROW_BYTES + 1);
    expect(log.size).toBeGreaterThan(MAX_LOG_BYTES / MAX_ROW_BYTES / 2);
  });

  it('clears, and ids keep increasing afterwards', () => {
    const log = new LogStore(100, manualSchedule().schedule);
    log.ingest([frame(1), frame(2)]);
    const lastId = log.at(1)!.id;
    log.clear();
    expect(log.storedBytes).toBe(0);
    log.ingest([frame(3)]);
    expect(log.at(0)!.id).toBeGreaterThan(lastId);
  });
});

describe('LogBudget (one byte budget for every tab’s log)', () => {
  it('keeps the logs together within the budget, thinning the largest first, and each log counts what it gave up', () => {
    const budget = new LogBudget(4 * 1024 * 1024);
    const schedule = manualSchedule().schedule;
    const busy = new LogStore(1_000_000, schedule, budget);
    const quiet = new LogStore(1_000_000, schedule, budget);
    const big = (seq: number): TrafficFrame => ({ ...frame(seq), bytes: new Uint8Array(MAX_ROW_BYTES) });
    for (let i = 0; i < 16; i++) quiet.ingest([big(i)]);
    const quietBefore = quiet.size;
    for (let i = 0; i < 200; i++) busy.ingest([big(i)]);
    expect(budget.usedBytes).toBeLessThanOrEqual(budget.limitBytes);
    expect(quiet.size).toBe(quietBefore);
    expect(quiet.droppedForBudget).toBe(0);
    expect(busy.droppedForBudget).toBeGreaterThan(0);
    expect(busy.size + busy.droppedForBudget).toBe(200);
    busy.dispose();
    expect(budget.usedBytes).toBe(quiet.storedBytes);
  });
});
