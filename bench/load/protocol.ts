/** Requests and replies between the bench orchestrator and its load-generator process (node:* only). */

/** Hard caps the load generator enforces whatever it is asked: no job is unbounded. */
export const LOAD_LIMITS = {
  /** ms: the longest any single job may run (B5 floods for 30 s). */
  maxDurationMs: 35_000,
  /** Datagrams, clients or writes per job. */
  maxCount: 20_000_000,
} as const;

export type LoadRequest =
  | { kind: 'udp-flood'; host: string; port: number; size: number; count: number; durationMs: number }
  | { kind: 'udp-paced'; host: string; port: number; size: number; count: number; durationMs: number; ratePerSec: number }
  | { kind: 'tcp-clients'; host: string; port: number; clients: number; message: string; timeoutMs: number }
  | { kind: 'tcp-blast'; host: string; port: number; totalBytes: number; chunkBytes: number; timeoutMs: number }
  | { kind: 'hang-up' }
  /** A TCP server that counts what it receives until stopped (bounded: stops itself after maxDurationMs). */
  | { kind: 'tcp-sink-start'; host: string }
  | { kind: 'tcp-sink-stop' };

export interface UdpFloodReply {
  kind: 'udp-flood';
  sent: number;
  elapsedMs: number;
}
export interface UdpPacedReply {
  kind: 'udp-paced';
  sent: number;
  elapsedMs: number;
}
export interface TcpClientsReply {
  kind: 'tcp-clients';
  connected: number;
  failed: number;
  /** ms from the first connect() to the last 'connect' event. */
  lastConnectMs: number;
}
export interface TcpBlastReply {
  kind: 'tcp-blast';
  written: number;
  elapsedMs: number;
}

export interface TcpSinkReply {
  kind: 'tcp-sink';
  port: number;
  bytes: number;
  /** performance.timeOrigin-based ms of the first and last byte (comparable across processes). */
  firstAt: number;
  lastAt: number;
}

export type LoadReply = UdpFloodReply | UdpPacedReply | TcpClientsReply | TcpBlastReply | TcpSinkReply | { kind: 'hung-up'; sockets: number };

type ReplyKind<K extends LoadRequest['kind']> = K extends 'hang-up' ? 'hung-up' : K extends 'tcp-sink-start' | 'tcp-sink-stop' ? 'tcp-sink' : K;
export type ReplyOf<K extends LoadRequest['kind']> = Extract<LoadReply, { kind: ReplyKind<K> }>;

/** What the B4 stand-in renderer (renderer-sim.ts) counts and reports back to bench/cases/b4-transport.ts. */
export interface FanOutTally {
  frames: number;
  gapFrames: number;
  messages: number;
  /** ms (performance.now() of the reporting process) of the first and last batch. */
  firstAt: number;
  lastAt: number;
  /** Batches received in each whole second of the run. */
  perSecond: number[];
}
