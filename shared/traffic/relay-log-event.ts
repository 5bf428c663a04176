import { RELAY_TRANSPORTS, type RelayTransport } from '../contract/relay';

/*
 * The log rows of a relay (转发) session: pairs coming and going, which side closed and how, pausing. Each travels
 * like every SessionLogEvent (log-event.ts: JSON in an 'event' frame); its frame's peer is the pair's client, or the
 * relay's own endpoint for rows about the whole relay (paused, resumed, refused). Endpoints inside an event are
 * already spelled ("127.0.0.1:9000"), so the sentence can name the side it is about without the header.
 */

/** How one side of a TCP pair ended: FIN, RST, or another socket error (`code` says which). */
export type RelayCloseHow = 'fin' | 'reset' | 'error';
export const RELAY_CLOSE_HOWS: readonly RelayCloseHow[] = ['fin', 'reset', 'error'];

/** Why an upstream could not be had: refused (RST / ICMP port unreachable), no answer in time, no route, other. */
export type RelayUpstreamFailure = 'refused' | 'timeout' | 'unreachable' | 'error';
export const RELAY_UPSTREAM_FAILURES: readonly RelayUpstreamFailure[] = ['refused', 'timeout', 'unreachable', 'error'];

/**
 * Why a pair (TCP) or mapping (UDP) is gone: both sides ended (done), the user closed it (kicked), the relay closed
 * (relay-closed), no datagram for the idle time-out (idle), its upstream could not be made (failed).
 */
export type RelayPairEnd = 'done' | 'kicked' | 'relay-closed' | 'idle' | 'failed';
export const RELAY_PAIR_ENDS: readonly RelayPairEnd[] = ['done', 'kicked', 'relay-closed', 'idle', 'failed'];

export type RelayLogEvent =
  /** A client came (TCP: accepted; UDP: its first datagram): its pair forwards to `server`. */
  | { readonly type: 'relay-pair-opened'; readonly transport: RelayTransport; readonly server: string }
  /**
   * The pair's upstream socket is up; `via` is its local end, the address the server sees. UDP: `dropped` datagrams
   * came faster than the socket could connect (more than a mapping keeps meanwhile) and were not forwarded.
   */
  | { readonly type: 'relay-upstream-connected'; readonly transport: RelayTransport; readonly via: string; readonly dropped?: number }
  /**
   * TCP: the upstream connection could not be made, so the client was closed (RST); `heldBytes` it had sent meanwhile
   * were not forwarded. UDP: the server answered ICMP port unreachable; later datagrams are still forwarded.
   */
  | {
      readonly type: 'relay-upstream-failed';
      readonly transport: RelayTransport;
      readonly reason: RelayUpstreamFailure;
      readonly server: string;
      readonly heldBytes: number;
      readonly code?: string;
    }
  /**
   * TCP: one side of a pair ended. FIN is passed on as FIN (the other side may still send: half-close), RST as RST,
   * an error closes the other side. `endpoint`: the side's address.
   */
  | { readonly type: 'relay-side-closed'; readonly side: 'client' | 'server'; readonly how: RelayCloseHow; readonly endpoint: string; readonly code?: string }
  /** The pair or mapping is gone; bytes forwarded each way over its life. */
  | {
      readonly type: 'relay-pair-closed';
      readonly reason: RelayPairEnd;
      readonly clientToServer: number;
      readonly serverToClient: number;
      /** idle: the time-out in force (ms). */
      readonly idleMs?: number;
    }
  /** Forwarding paused. UDP: datagrams are held up to `maxDatagrams` (and `maxBytes`). */
  | { readonly type: 'relay-paused'; readonly transport: RelayTransport; readonly maxDatagrams?: number; readonly maxBytes?: number }
  /** Forwarding resumed. UDP: `delivered` held datagrams went out in order; `dropped` did not fit (or lost their mapping). */
  | { readonly type: 'relay-resumed'; readonly transport: RelayTransport; readonly delivered: number; readonly dropped: number; readonly droppedBytes: number }
  /** UDP, paused: the hold queue is full; later datagrams are dropped (and counted) until the user resumes. */
  | { readonly type: 'relay-queue-full'; readonly maxDatagrams: number; readonly maxBytes: number }
  /**
   * Refused since the previous such row, the relay having its `limit` pairs (TCP: connections, closed at once) or
   * mappings (UDP: datagrams of new peers, not forwarded).
   */
  | { readonly type: 'relay-refused'; readonly transport: RelayTransport; readonly count: number; readonly limit: number };

export type RelayLogEventType = RelayLogEvent['type'];

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const oneOf = <T extends string>(known: readonly T[], value: unknown): T | undefined => known.find((item) => item === value);
/** An endpoint or OS code as the engine spelled it: short, printable, no line breaks. */
const isShortText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64 && !/[\u0000-\u001f]/.test(value);
const optionalCode = (value: unknown): { code?: string } => (isShortText(value) ? { code: value } : {});

export function isRelayLogEvent(event: { readonly type: string }): event is RelayLogEvent {
  return event.type.startsWith('relay-');
}

/** The relay event an event frame's JSON holds, or undefined when it is not one this build knows. Never throws. */
export function decodeRelayLogEvent(event: Readonly<Record<string, unknown>>): RelayLogEvent | undefined {
  const transport = oneOf(RELAY_TRANSPORTS, event.transport);
  switch (event.type) {
    case 'relay-pair-opened':
      return transport && isShortText(event.server) ? { type: event.type, transport, server: event.server } : undefined;
    case 'relay-upstream-connected':
      if (!transport || !isShortText(event.via)) return undefined;
      return { type: event.type, transport, via: event.via, ...(isCount(event.dropped) && event.dropped > 0 ? { dropped: event.dropped } : {}) };
    case 'relay-upstream-failed': {
      const reason = oneOf(RELAY_UPSTREAM_FAILURES, event.reason);
      if (!transport || !reason || !isShortText(event.server) || !isCount(event.heldBytes)) return undefined;
      return { type: event.type, transport, reason, server: event.server, heldBytes: event.heldBytes, ...optionalCode(event.code) };
    }
    case 'relay-side-closed': {
      const side = oneOf(['client', 'server'] as const, event.side);
      const how = oneOf(RELAY_CLOSE_HOWS, event.how);
      if (!side || !how || !isShortText(event.endpoint)) return undefined;
      return { type: event.type, side, how, endpoint: event.endpoint, ...optionalCode(event.code) };
    }
    case 'relay-pair-closed': {
      const reason = oneOf(RELAY_PAIR_ENDS, event.reason);
      if (!reason || !isCount(event.clientToServer) || !isCount(event.serverToClient)) return undefined;
      const idle = isCount(event.idleMs) ? { idleMs: event.idleMs } : {};
      return { type: event.type, reason, clientToServer: event.clientToServer, serverToClient: event.serverToClient, ...idle };
    }
    case 'relay-paused': {
      if (!transport) return undefined;
      const bounds = isCount(event.maxDatagrams) && isCount(event.maxBytes) ? { maxDatagrams: event.maxDatagrams, maxBytes: event.maxBytes } : {};
      return { type: event.type, transport, ...bounds };
    }
    case 'relay-resumed':
      if (!transport || !isCount(event.delivered) || !isCount(event.dropped) || !isCount(event.droppedBytes)) return undefined;
      return { type: event.type, transport, delivered: event.delivered, dropped: event.dropped, droppedBytes: event.droppedBytes };
    case 'relay-queue-full':
      return isCount(event.maxDatagrams) && isCount(event.maxBytes) ? { type: event.type, maxDatagrams: event.maxDatagrams, maxBytes: event.maxBytes } : undefined;
    case 'relay-refused':
      return transport && isCount(event.count) && isCount(event.limit) ? { type: event.type, transport, count: event.count, limit: event.limit } : undefined;
    default:
      return undefined;
  }
}
