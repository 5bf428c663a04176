import type { Endpoint } from '@shared/contract/endpoint';
import type { Direction } from '@shared/traffic/frame';

/** One row source of the log: a frame as it crossed the socket, or a marker for frames not shown. */
export type LogEntry = FrameEntry | GapEntry;

export interface FrameEntry {
  readonly kind: 'frame';
  /** Unique per log store, increasing: the list's row key, stable while the ring wraps. */
  readonly id: number;
  readonly seq: number;
  /** ms since epoch. */
  readonly ts: number;
  readonly dir: Direction;
  readonly peer: Endpoint;
  /** Raw bytes, formatted only when the row is drawn: the first MAX_ROW_BYTES of the frame (all of a short one). */
  readonly bytes: Uint8Array;
  /** The frame's length as received, bytes (≥ bytes.length). */
  readonly length: number;
}

export interface GapEntry {
  readonly kind: 'gap';
  readonly id: number;
  /** Frames / bytes counted by the engine but not in the log. */
  readonly frames: number;
  readonly bytes: number;
  /** 'engine': the engine thinned the display stream (flow control); 'paused': the user paused the view. */
  readonly cause: 'engine' | 'paused';
}
