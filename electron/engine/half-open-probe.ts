import type { Socket } from 'node:net';

/**
 * After a peer finished sending (FIN), the socket no longer reads, so a reset the peer's system answers our data
 * with (the peer had closed completely, or is gone) is not seen until the next write. So after each send to such a
 * peer, an empty write goes out a little later: it sends nothing, but it reports the pending reset at once (EPIPE),
 * and the connection ends as the peer's doing instead of looking open until the user sends again. Twice, because
 * the reset takes a round trip to come back: soon for a LAN, later for a slow link.
 */
const PROBE_DELAYS_MS = [250, 2000] as const;
const EMPTY = Buffer.alloc(0);

export class HalfOpenProbe {
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly socket: Socket) {}

  /** Bytes just went to a peer that finished sending: look again shortly whether it is still there. */
  afterSend(): void {
    this.stop();
    this.timers = PROBE_DELAYS_MS.map((delay) =>
      setTimeout(() => {
        if (!this.socket.destroyed && this.socket.writable) this.socket.write(EMPTY);
      }, delay),
    );
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}
