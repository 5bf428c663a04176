import type { z } from 'zod';
import type { Endpoint } from './endpoint';
import type { relayConfigSchema } from './relay-schemas';

/*
 * 转发 (relay, man in the middle): a session that listens on a local address and forwards what each client sends to
 * a remote server, and what the server answers back to that client. The types and bounds the page and the engine
 * share; the runtime schemas are in relay-schemas.ts (hosts only).
 *
 * How the session's two counters map onto the relay (the log's rows and the status bar follow the same rule):
 *   rx = client → server: every byte that went toward the server (forwarded from a client, or injected by the user);
 *   tx = server → client: every byte that went toward a client (forwarded from the server, or injected).
 * A frame's mark says which of the two (relay:client-to-server / relay:server-to-client) or that it was injected
 * (relay:inject-to-server / relay:inject-to-client). The peer of every row is the pair's client ("ip:port"), so the
 * client filter shows one pair's traffic both ways.
 */

/** TCP: one upstream connection per accepted client. UDP: one upstream socket per client peer (a mapping). */
export const RELAY_TRANSPORTS = ['tcp', 'udp'] as const;
export type RelayTransport = (typeof RELAY_TRANSPORTS)[number];

/** Which side the send box injects toward: the server (through a pair's upstream) or the client(s). */
export const RELAY_SIDES = ['server', 'client'] as const;
export type RelaySide = (typeof RELAY_SIDES)[number];

export type RelayConfig = z.infer<typeof relayConfigSchema>;

export const RELAY_LIMITS = {
  /** Pairs (TCP) or mappings (UDP) kept at once when the config gives no cap: each TCP pair takes two descriptors. */
  defaultMaxPairs: 1_000,
  maxPairs: 10_000,
  /** A UDP mapping closes after this long without a datagram either way (ms). */
  defaultUdpIdleTimeoutMs: 60_000,
  minUdpIdleTimeoutMs: 1_000,
  maxUdpIdleTimeoutMs: 86_400_000,
  /**
   * Bytes a TCP client may send before its upstream is connected; beyond it the relay stops reading the client (the
   * client's kernel buffers and then the client itself wait), so nothing is dropped.
   */
  maxHeldBytesBeforeConnect: 256 * 1024,
  /** UDP while forwarding is paused: datagrams held (both ways, in arrival order); beyond it they are dropped and counted. */
  defaultPauseQueueDatagrams: 1_000,
  defaultPauseQueueBytes: 4 * 1024 * 1024,
} as const;

/** How one pair (TCP) or mapping (UDP) stands, as the client list shows it (ServerClientInfo.relay). */
export interface RelayPairInfo {
  /**
   * connecting: the upstream connection is being made (TCP). open: forwarding. half-closed: one side ended (FIN),
   * the other can still send (TCP).
   */
  readonly state: 'connecting' | 'open' | 'half-closed';
  /** The local end of the pair's upstream socket (what the server sees as its client); absent while connecting. */
  readonly upstream?: Endpoint;
}

/** A relay session's own state, in its snapshot. */
export interface RelaySnapshot {
  /** Forwarding is paused (relay.pause): TCP reads stop, UDP datagrams are held. */
  readonly paused: boolean;
}
