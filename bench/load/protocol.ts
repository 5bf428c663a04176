/** Requests and replies between the bench orchestrator and its load-generator process (node:* only). */

/** Hard caps the load generator enforces whatever it is asked: no job is unbounded. */
export const LOAD_LIMITS = {
  /** ms: the longest any single job may run (B5 floods for 30 s). */
  maxDurationMs: 35_000,
  /** Datagrams, clients or writes per job. */
  maxCount: 20_000_000,
  /** Targets of one udp-paced-multi job (B9 drives 8). */
  maxTargets: 64,
  /** ms: the longest soak job (B10: 10 minutes by default, SOAK_MINUTES up to 30). */
  maxSoakDurationMs: 31 * 60_000,
  /** Messages of one soak job, all targets together (4 × 20 000/s × 30 min = 144M). */
  maxSoakCount: 150_000_000,
} as const;

export type LoadRequest =
  | { kind: 'udp-flood'; host: string; port: number; size: number; count: number; durationMs: number }
  | { kind: 'udp-paced'; host: string; port: number; size: number; count: number; durationMs: number; ratePerSec: number }
  /**
   * One paced stream per target, all from one tick loop: every target gets `ratePerTarget` dgram/s of `size` bytes
   * filled with its own `fill` byte, from its own connected socket.
   */
  | {
      kind: 'udp-paced-multi';
      host: string;
      targets: readonly UdpTarget[];
      size: number;
      countPerTarget: number;
      durationMs: number;
      ratePerTarget: number;
      /** Nice value for the sending thread during the job (restored after), e.g. -10; omitted: unchanged. */
      nice?: number;
    }
  /**
   * B10 soak: one pacing loop feeds every UDP target `ratePerTarget` datagrams/s of `size` bytes (from its own connected
   * socket, filled with its `fill` byte) and, if given, one TCP connection to `tcpTarget` the same number of lines per
   * second (`size` bytes each: the fill byte, then '\n'). Replies that come back to the UDP sockets are counted and
   * discarded (nothing is answered: no loop with an auto-reply rule).
   */
  | {
      kind: 'soak-paced';
      host: string;
      udpTargets: readonly UdpTarget[];
      tcpTarget?: UdpTarget;
      size: number;
      ratePerTarget: number;
      durationMs: number;
      nice?: number;
    }
  | { kind: 'tcp-clients'; host: string; port: number; clients: number; message: string; timeoutMs: number }
  | { kind: 'tcp-blast'; host: string; port: number; totalBytes: number; chunkBytes: number; timeoutMs: number }
  | { kind: 'hang-up' }
  /**
   * A TCP server that counts what it receives until stopped (bounded: stops itself after maxDurationMs). `hash`:
   * also a SHA-256 of the bytes in arrival order (one connection; it costs the sink ~1 s/GiB, so not for timed runs).
   */
  | { kind: 'tcp-sink-start'; host: string; hash?: boolean }
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
export interface UdpTarget {
  readonly port: number;
  /** The byte every datagram to this target is filled with (so its rows can be told apart in the UI). */
  readonly fill: number;
}

export interface UdpPacedMultiReply {
  kind: 'udp-paced-multi';
  /** Datagrams sent to each target, in the order of the request's targets. */
  sent: number[];
  /** The local (source) port of each target's socket: the peer the receiver sees. */
  sourcePorts: number[];
  /** First send → last send, ms. */
  elapsedMs: number;
  /** The fewest datagrams (all targets together) sent in any 1 s window of the run, per second. */
  worstWindowPerSec: number;
  /** Ticks of the pacing loop, and the longest gap between two ticks, ms (a starved sender shows here). */
  ticks: number;
  maxTickGapMs: number;
  /** Gaps between ticks longer than 20 ms (when the sender was not scheduled or a catch-up burst ran long): ms into the run, gap ms. */
  stalls: { atMs: number; gapMs: number }[];
  /** CPU the sender used during the job (user + system), ms: ≈ the share of one core it needed. */
  cpuMs: number;
  /** The nice value the sending thread ran at (after applying the request's, if that was allowed). */
  nice: number;
  /** Why the request's nice value could not be applied, if it could not. */
  niceError?: string;
}

export interface SoakPacedReply {
  kind: 'soak-paced';
  /** Datagrams sent to each UDP target, in the order of the request's targets. */
  udpSent: number[];
  /** The local (source) port of each UDP target's socket. */
  udpSourcePorts: number[];
  /** Datagrams that came back to each UDP target's socket (an auto-reply rule's replies), counted and dropped. */
  udpReplies: number[];
  /** Lines written to the TCP target, all handed to the kernel before the reply (0 without a TCP target). */
  tcpLines: number;
  /** The most bytes Node held for the TCP connection at once (the receiver falling behind shows here). */
  tcpMaxQueuedBytes: number;
  /** First send → last send, ms. */
  elapsedMs: number;
  /** The fewest messages (all targets together) sent in any 1 s window of the run, per second. */
  worstWindowPerSec: number;
  ticks: number;
  maxTickGapMs: number;
  /** The 200 longest gaps between ticks over 20 ms: ms into the run, gap ms. */
  stalls: { atMs: number; gapMs: number }[];
  /** Gaps over 20 ms, all of them. */
  stallCount: number;
  cpuMs: number;
  nice: number;
  niceError?: string;
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
  /** Hex SHA-256 of what arrived, when started with `hash` (set by tcp-sink-stop). */
  sha256?: string;
}

export type LoadReply = UdpFloodReply | UdpPacedReply | UdpPacedMultiReply | SoakPacedReply | TcpClientsReply | TcpBlastReply | TcpSinkReply | { kind: 'hung-up'; sockets: number };

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
