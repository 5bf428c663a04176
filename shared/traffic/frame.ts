import type { Endpoint } from '../contract/endpoint';
import type { FrameMark } from './frame-mark';

export type Direction = 'rx' | 'tx';

/**
 * What a log frame is: bytes received or sent, or an event of the session (a refused client, …) whose bytes are
 * an encoded SessionLogEvent (shared/traffic/log-event.ts). Events travel in the traffic batches so they keep
 * their place among the bytes; they are never counted as traffic.
 */
export type FrameDirection = Direction | 'event';

/**
 * One datagram or one TCP chunk as it crossed the socket, or one session event. Bytes stay raw; formatting
 * happens when drawn.
 */
export interface TrafficFrame {
  /** Monotonic per session, from 1. */
  readonly seq: number;
  /** ms since epoch, with sub-ms fraction where the clock gives one. */
  readonly ts: number;
  readonly dir: FrameDirection;
  /** The peer of the bytes; for an event, the peer it concerns (or the session's local endpoint). */
  readonly peer: Endpoint;
  /** What the log may show: all of the frame, or its first MAX_DISPLAY_BYTES_PER_FRAME bytes. */
  readonly bytes: Uint8Array;
  /** Bytes on the wire, when `bytes` holds only the start of them; absent when `bytes` is the whole frame. */
  readonly length?: number;
  /** What produced the frame, when it was not the user or the socket alone (shared/traffic/frame-mark.ts). */
  readonly mark?: FrameMark;
}

/**
 * The most of one frame that travels to the display (bytes). A row shows no more, and a 1 MiB TCP read or a
 * file-send chunk would otherwise cost its full size in every batch; counters and capture files see all bytes.
 */
export const MAX_DISPLAY_BYTES_PER_FRAME = 64 * 1024;

/** Bytes the frame had on the wire. */
export function wireLengthOf(frame: TrafficFrame): number {
  return frame.length ?? frame.bytes.length;
}

/** Frames the engine counted but did not send to the display because the display had fallen behind. */
export interface TrafficGap {
  readonly frames: number;
  readonly bytes: number;
}
