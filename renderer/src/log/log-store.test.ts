import { describe, expect, it } from 'vitest';
import type { TrafficFrame } from '@shared/traffic/frame';
import type { LogEntry } from './log-entry';
import { DEFAULT_LOG_CAPACITY, LogStore } from './log-store';

const peer = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };
const frame = (seq: number, dir: 'rx' | 'tx' = 'rx', size = 3): TrafficFrame => ({ seq, ts: 1_700_000_000_000 + seq, dir, peer, bytes: new Uint8Array(size) });

/** A scheduler the test runs by hand, standing in for requestAnimationFrame. */
function manualSchedule() {
  const queue: Array<() => void> = [];
  return { schedule: (cb: () => void) => void queue.push(cb), flush: () => queue.splice(0).forEach((cb) => cb()), pending: () => queue.length };
}

const entries = (log: LogStore): LogEntry[] => Array.from({ length: log.size }, (_, i) => log.at(i)!);
const describeEntry = (e: LogEntry): string => (e.kind === 'frame' ? `${e.dir}${e.seq}` : `gap:${e.cause}:${e.frames}/${e.bytes}`);

describe('LogStore', () => {
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
