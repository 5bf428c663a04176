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
  | { kind: 'hang-up' };

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

export type LoadReply = UdpFloodReply | UdpPacedReply | TcpClientsReply | TcpBlastReply | { kind: 'hung-up'; sockets: number };

export type ReplyOf<K extends LoadRequest['kind']> = Extract<LoadReply, { kind: K extends 'hang-up' ? 'hung-up' : K }>;
