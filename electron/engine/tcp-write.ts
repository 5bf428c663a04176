import type { Socket } from 'node:net';
import { fail, ok, type Result } from '@shared';
import { asBuffer } from './frame-bytes';
import type { InflightSends } from './inflight-sends';

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

/**
 * Write to a TCP socket with backpressure: refuse (QUEUE_FULL) when Node's write buffer already holds
 * `maxQueuedBytes`, otherwise resolve when the write callback says the bytes went to the OS. `onWritten` runs
 * first, so the tx frame is counted only for bytes the OS accepted. A connection that dies first
 * (user close, FIN + EPIPE, RST) resolves CLOSED_DURING_SEND.
 */
export function writeWithBackpressure(
  socket: Socket,
  bytes: Uint8Array,
  maxQueuedBytes: number,
  inflight: InflightSends,
  onWritten: () => void,
): Promise<Result<{ bytesSent: number }>> {
  const queued = socket.writableLength;
  if (queued + bytes.length > maxQueuedBytes) {
    return Promise.resolve(
      fail('QUEUE_FULL', 'Too much data is still waiting to be sent on this connection', { queued, size: bytes.length, max: maxQueuedBytes }),
    );
  }
  if (bytes.length === 0) return Promise.resolve(ok({ bytesSent: 0 }));
  return inflight.track((settle) => {
    corkForThisTick(socket);
    socket.write(asBuffer(bytes), (error) => {
      // Node calls back WITHOUT an error for a write the OS never took when the socket was destroyed
      // meanwhile (stream_base_commons onWriteComplete), so `destroyed` is checked as well.
      if (error || socket.destroyed) {
        settle(fail('CLOSED_DURING_SEND', 'The connection closed before the data was sent', undefined, error?.message));
        return;
      }
      onWritten();
      settle(ok({ bytesSent: bytes.length }));
    });
  });
}
