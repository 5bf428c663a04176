import type { Socket } from 'node:net';
import { TCP_KEEPALIVE_IDLE_MS } from '@shared';

/** The TCP options of a session config (client or server); absent fields are the defaults. */
export interface TcpSocketOptions {
  readonly keepAlive?: boolean | undefined;
  readonly noDelay?: boolean | undefined;
}

/**
 * No-delay is on unless turned off: a debugging tool sends what the user typed now, not after Nagle's delay.
 * Keep-alive is off unless turned on; on, the first probe goes after TCP_KEEPALIVE_IDLE_MS of silence (libuv then
 * sets a probe every second, ten at most: TCP_KEEPINTVL 1, TCP_KEEPCNT 10), so a peer that no longer answers (or
 * answers with a reset) ends the connection with an error within about 20 s instead of a silent hang.
 */
export function applyTcpSocketOptions(socket: Socket, options: TcpSocketOptions): void {
  socket.setNoDelay(options.noDelay ?? true);
  if (options.keepAlive === true) socket.setKeepAlive(true, TCP_KEEPALIVE_IDLE_MS);
}

/** The same options as net.createServer takes them, for the clients a server accepts. */
export function serverSocketOptions(options: TcpSocketOptions): { noDelay: boolean; keepAlive: boolean; keepAliveInitialDelay: number } {
  return { noDelay: options.noDelay ?? true, keepAlive: options.keepAlive === true, keepAliveInitialDelay: TCP_KEEPALIVE_IDLE_MS };
}
