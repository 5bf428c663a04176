import type { Endpoint } from '@shared/contract/endpoint';
import type { Direction } from '@shared/traffic/frame';
import type { FrameMark } from '@shared/traffic/frame-mark';
import type { SessionLogEvent } from '@shared/traffic/log-event';

/** One row source of the log: a frame as it crossed the socket, an event of the session, or a marker for frames not shown. */
export type LogEntry = FrameEntry | EventEntry | GapEntry;

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
  /** What produced it besides the user and the socket (an auto-reply rule, a relay leg); absent for most rows. */
  readonly mark?: FrameMark;
  /** Received frame: ms since the last frame sent to the same peer (往返时间); absent when nothing was sent to it. */
  readonly rttMs?: number;
}

/** Something that happened to the session (e.g. refused clients), in order with its traffic. */
export interface EventEntry {
  readonly kind: 'event';
  readonly id: number;
  readonly seq: number;
  /** ms since epoch. */
  readonly ts: number;
  /** The peer the event concerns, or the session's own endpoint. */
  readonly peer: Endpoint;
  /** Undefined when the engine sent an event this build does not know (the row says so). */
  readonly event: SessionLogEvent | undefined;
}

export interface GapEntry {
  readonly kind: 'gap';
  readonly id: number;
  /** Frames / bytes counted by the engine but not in the log. */
  readonly frames: number;
  readonly bytes: number;
  /**
   * 'engine': the engine thinned the display stream (flow control, or no page was attached); 'paused': the user
   * paused the view; 'earlier': the session ran before this page attached to it (a reload).
   */
  readonly cause: 'engine' | 'paused' | 'earlier';
}
