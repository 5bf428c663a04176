import type { Socket } from 'node:net';
import { fail, formatEndpoint, ok, type Endpoint, type Result } from '@shared';
import { asBuffer } from './frame-bytes';
import type { InflightSends } from './inflight-sends';
import { closedDuringSend, isResetError, type SendEndReason } from './send-end';

/** Sockets corked until the current tick ends. */
const corked = new WeakSet<Socket>();

/**
 * Coalesce the writes of one tick: the first write corks the socket and a nextTick uncorks it, so N sends issued
 * together (a burst of commands, a cyclic send catching up) leave as one writev(2) instead of N write(2) calls.
 * Nothing waits longer than the current tick (the pattern Node's own http uses), so latency does not change.
 * Each write keeps its own callback, so per-send completion is unchanged.
 */
function corkForThisTick(socket: Socket): void {
  if (corked.has(socket)) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(() => {
    corked.delete(socket);
    socket.uncork();
  });
}

/** Where a write goes and how it may end, as the session knows it. */
export interface WriteTarget {
  /** Bytes Node's write buffer of this socket may hold; past it a send is refused (QUEUE_FULL). */
  readonly maxQueuedBytes: number;
  readonly inflight: InflightSends;
  /** Whom the bytes go to: named in QUEUE_FULL and CLOSED_DURING_SEND. */
  readonly peer: Endpoint;
  /**
   * Why the connection ended, as far as the session has seen it, asked once a write failed without an error that
   * says so itself. Omitted: the error names no reason.
   */
  readonly whyEnded?: () => SendEndReason | undefined;
}

/**
 * Write to a TCP socket with backpressure: refuse (QUEUE_FULL) when Node's write buffer already holds
 * `maxQueuedBytes` (the peer is not reading: that many bytes wait, and memory stays bounded per connection),
 * otherwise resolve when the write callback says the bytes went to the OS. `onWritten` runs first, so the tx frame
 * is counted only for bytes the OS accepted: a send cut short by the connection's end is not counted at all, though
 * its first bytes may have reached the peer. A connection that dies first (user close, FIN + EPIPE, RST) resolves
 * CLOSED_DURING_SEND with the reason (send-end.ts).
 */
export function writeWithBackpressure(
  socket: Socket,
  bytes: Uint8Array,
  target: WriteTarget,
  onWritten: () => void,
): Promise<Result<{ bytesSent: number }>> {
  const { maxQueuedBytes, inflight, peer } = target;
  const queued = socket.writableLength;
  if (queued + bytes.length > maxQueuedBytes) {
    return Promise.resolve(
      fail('QUEUE_FULL', 'The peer is not reading: too much data is still waiting to be sent on this connection', {
        queued,
        size: bytes.length,
        max: maxQueuedBytes,
        endpoint: formatEndpoint(peer),
      }),
    );
  }
  if (bytes.length === 0) return Promise.resolve(ok({ bytesSent: 0 }));
  return inflight.track((settle) => {
    corkForThisTick(socket);
    socket.write(asBuffer(bytes), (error) => {
      // Node calls back WITHOUT an error for a write the OS never took when the socket was destroyed
      // meanwhile (stream_base_commons onWriteComplete), so `destroyed` is checked as well.
      if (!error && !socket.destroyed) {
        onWritten();
        settle(ok({ bytesSent: bytes.length }));
        return;
      }
      if (isResetError(error)) {
        settle({ ok: false, error: closedDuringSend('reset', peer, error?.message) });
        return;
      }
      // Writes still buffered are failed (ERR_STREAM_DESTROYED) in the same turn as the destroy, before the socket's
      // 'error' that tells the session why: ask a turn later. The session's own close may settle it first (abortAll).
      setImmediate(() => settle({ ok: false, error: closedDuringSend(target.whyEnded?.(), peer, error?.message) }));
    });
  });
}
