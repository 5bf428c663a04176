import type { Readable } from 'node:stream';

/**
 * Why a relay does not read a socket now. Each reason is held and released on its own; the socket reads only when
 * none is held, so one reason ending (the user resumes) cannot undo another (the other side's write buffer is full).
 * - user: forwarding is paused (relay.pause).
 * - drain: the other side's socket has more queued than it takes in: wait for its 'drain' (TCP back-pressure).
 * - held: a client sent the most a pair holds before its upstream is connected.
 * - capture: the capture file is behind (client → server bytes are what it records).
 */
export type ReadHold = 'user' | 'drain' | 'held' | 'capture';

export class ReadGate {
  private readonly holds = new Set<ReadHold>();

  constructor(private readonly stream: Readable) {}

  hold(reason: ReadHold): void {
    if (this.holds.has(reason)) return;
    this.holds.add(reason);
    if (this.holds.size === 1) this.stream.pause();
  }

  release(reason: ReadHold): void {
    if (!this.holds.delete(reason)) return;
    if (this.holds.size === 0) this.stream.resume();
  }

  set(reason: ReadHold, on: boolean): void {
    if (on) this.hold(reason);
    else this.release(reason);
  }

  isHeld(reason: ReadHold): boolean {
    return this.holds.has(reason);
  }
}
