import type { Endpoint } from '../contract/endpoint';

export type Direction = 'rx' | 'tx';

/** One datagram or one TCP chunk as it crossed the socket. Bytes stay raw; formatting happens when drawn. */
export interface TrafficFrame {
  /** Monotonic per session, from 1. */
  readonly seq: number;
  /** ms since epoch, with sub-ms fraction where the clock gives one. */
  readonly ts: number;
  readonly dir: Direction;
  readonly peer: Endpoint;
  readonly bytes: Uint8Array;
}

/** Frames the engine counted but did not send to the display because the display had fallen behind. */
export interface TrafficGap {
  readonly frames: number;
  readonly bytes: number;
}
