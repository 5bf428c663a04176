/*
 * The log rows of a UDP socket's own state (issue 11, "Data is never lost silently"): what the OS granted for its
 * receive buffer, and datagrams the kernel dropped because that buffer was full. They travel like every
 * SessionLogEvent (log-event.ts: JSON in an 'event' frame) with the session's own endpoint as their peer.
 */

export type UdpSocketLogEvent =
  /** At open: the receive buffer the user asked for (bytes) and what the OS reports it set (SO_RCVBUF, bytes). */
  | { readonly type: 'receive-buffer'; readonly requested: number; readonly granted: number }
  /** The kernel dropped `count` more datagrams for this socket (its receive buffer was full) since the last row. */
  | { readonly type: 'kernel-drops'; readonly count: number };

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A row of untrusted JSON whose `type` is one of these, checked field by field; undefined when it does not hold. */
export function decodeUdpSocketLogEvent(event: Record<string, unknown>): UdpSocketLogEvent | undefined {
  if (event.type === 'receive-buffer') {
    return isCount(event.requested) && isCount(event.granted) ? { type: 'receive-buffer', requested: event.requested, granted: event.granted } : undefined;
  }
  if (event.type === 'kernel-drops') return isCount(event.count) ? { type: 'kernel-drops', count: event.count } : undefined;
  return undefined;
}

export function isUdpSocketLogEvent(event: { readonly type: string }): event is UdpSocketLogEvent {
  return event.type === 'receive-buffer' || event.type === 'kernel-drops';
}
