import type { AppError } from './errors';
import type { Endpoint } from './endpoint';
import type { RelayConfig, RelayPairInfo } from './relay';
import type { sessionConfigSchema, tcpClientConfigSchema, tcpServerConfigSchema, udpConfigSchema } from './schemas';
import type { z } from 'zod';

import { CLOSE_REASONS, PROTOCOLS } from './constants';

export { CLOSE_REASONS, PROTOCOLS };
export type Protocol = (typeof PROTOCOLS)[number];

export type SessionConfig = z.infer<typeof sessionConfigSchema>;
export type UdpConfig = z.infer<typeof udpConfigSchema>;
export type TcpClientConfig = z.infer<typeof tcpClientConfigSchema>;
export type TcpServerConfig = z.infer<typeof tcpServerConfigSchema>;
export type { RelayConfig };


export type SessionState = 'opening' | 'open' | 'closing' | 'closed';

/** Why a session reached `closed`: by the user, by the peer (FIN), by a reset (RST), a timeout or an error. */
export type CloseReason = (typeof CLOSE_REASONS)[number];

export interface SessionStateEvent {
  readonly sessionId: string;
  readonly state: SessionState;
  readonly local?: Endpoint;
  readonly remote?: Endpoint;
  readonly reason?: CloseReason;
  readonly error?: AppError;
  /** 'open', TCP client: the peer finished sending (FIN, a half-close); this end may still send until it closes. */
  readonly peerFinished?: boolean;
}

/** One TCP client of a server session. `key` is formatEndpoint(address, port) and names it in send/kick. */
export interface ServerClientInfo extends Endpoint {
  readonly key: string;
  /** ms since epoch. */
  readonly connectedAt: number;
  /** ms since epoch of the last byte received from or sent to this client; connectedAt until the first one. */
  readonly lastActivityAt: number;
  readonly rxBytes: number;
  readonly txBytes: number;
  /** Relay: the pair's upstream side (rxBytes = client → server, txBytes = server → client). */
  readonly relay?: RelayPairInfo;
  /** The client finished sending (FIN, a half-close): it stays listed, and may still be sent to, until it closes. */
  readonly peerFinished?: boolean;
}

export interface ServerClientsEvent {
  readonly sessionId: string;
  readonly clients: readonly ServerClientInfo[];
}

/** Exact totals since the session opened (or since the last counter reset). */
export interface TrafficCounters {
  readonly rxBytes: number;
  readonly rxFrames: number;
  readonly txBytes: number;
  readonly txFrames: number;
  /**
   * UDP (issue 11): datagrams the kernel dropped for the session's socket because its receive buffer was full, read
   * from the OS. Absent where the OS does not say (not Linux, no /proc) or the session has no UDP socket.
   */
  readonly rxDropped?: number;
}

export const ZERO_COUNTERS: TrafficCounters = { rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 };
