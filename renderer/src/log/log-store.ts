import type { TrafficFrame, TrafficGap } from '@shared/traffic/frame';
import type { LogEntry } from './log-entry';
import { RingBuffer } from './ring-buffer';

/** Frames kept for display (DESIGN §3). Older frames scroll out; counters and capture files stay exact. */
export const DEFAULT_LOG_CAPACITY = 100_000;

export type Schedule = (callback: () => void) => void;

export interface LogFilter {
  /** 接收数据不显示: rx frames are counted by the engine but not kept here. */
  readonly hideRx: boolean;
  /** 暂停: nothing new is kept; on resume one marker says how much was skipped. */
  readonly paused: boolean;
}

const defaultSchedule: Schedule = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

/**
 * The traffic log outside React. Ingest is cheap (one object per frame, bytes stay views into the batch);
 * the view subscribes to `version` with useSyncExternalStore, and `version` moves at most once per animation
 * frame however many batches arrived in between.
 */
export class LogStore {
  private readonly ring: RingBuffer<LogEntry>;
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private scheduled = false;
  private nextId = 1;
  private filter: LogFilter = { hideRx: false, paused: false };
  private skipped = { frames: 0, bytes: 0 };

  constructor(
    capacity: number = DEFAULT_LOG_CAPACITY,
    private readonly schedule: Schedule = defaultSchedule,
  ) {
    this.ring = new RingBuffer<LogEntry>(capacity);
  }

  get size(): number {
    return this.ring.size;
  }

  get capacity(): number {
    return this.ring.capacity;
  }

  at(index: number): LogEntry | undefined {
    return this.ring.at(index);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getVersion = (): number => this.version;

  /** One decoded batch: its frames in order, then its gap (frames counted but not sent for display). */
  ingest(frames: readonly TrafficFrame[], gap?: TrafficGap): void {
    let changed = false;
    for (const frame of frames) {
      if (this.filter.paused) {
        this.skipped.frames++;
        this.skipped.bytes += frame.bytes.length;
        continue;
      }
      if (frame.dir === 'rx' && this.filter.hideRx) continue;
      this.ring.push({ kind: 'frame', id: this.nextId++, seq: frame.seq, ts: frame.ts, dir: frame.dir, peer: frame.peer, bytes: frame.bytes });
      changed = true;
    }
    if (gap && gap.frames > 0) {
      if (this.filter.paused) {
        this.skipped.frames += gap.frames;
        this.skipped.bytes += gap.bytes;
      } else {
        this.ring.push({ kind: 'gap', id: this.nextId++, frames: gap.frames, bytes: gap.bytes, cause: 'engine' });
        changed = true;
      }
    }
    if (changed) this.changed();
  }

  setFilter(filter: LogFilter): void {
    const resuming = this.filter.paused && !filter.paused;
    this.filter = filter;
    if (resuming && this.skipped.frames > 0) {
      this.ring.push({ kind: 'gap', id: this.nextId++, frames: this.skipped.frames, bytes: this.skipped.bytes, cause: 'paused' });
      this.changed();
    }
    if (resuming) this.skipped = { frames: 0, bytes: 0 };
  }

  clear(): void {
    this.ring.clear();
    this.skipped = { frames: 0, bytes: 0 };
    this.changed();
  }

  setCapacity(capacity: number): void {
    this.ring.resize(capacity);
    this.changed();
  }

  /** Coalesces notifications to one per scheduled tick. */
  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.version++;
      for (const listener of this.listeners) listener();
    });
  }
}
