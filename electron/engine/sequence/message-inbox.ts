import type { Endpoint } from '@shared';
import type { ReceivedMessage } from '../session';

/** A received message as a sequence keeps it: its bytes copied (an observer's may be a socket buffer's view). */
export interface InboxMessage {
  readonly peer: Endpoint;
  /** The rx frame's time (ms since epoch, sub-ms). */
  readonly ts: number;
  readonly bytes: Uint8Array;
}

export type MessageTest = (message: InboxMessage) => boolean;

/**
 * Messages a peer sends while nothing waits for them (the answer arrives during a wait step, or before the expect
 * after two sends) are kept for the next expect, up to these bounds; beyond, the oldest go. A run against a peer
 * that floods keeps a bounded backlog, not every message.
 */
const MAX_KEPT_MESSAGES = 1024;
const MAX_KEPT_BYTES = 4 * 1024 * 1024;

/**
 * What a running sequence has received and not yet matched. An expect first looks at what is kept (oldest first)
 * and then waits for what arrives, until its timeout; only the message that matched is taken, so a later expect
 * may still match one that an earlier expect passed over.
 */
export class MessageInbox {
  private kept: InboxMessage[] = [];
  private keptBytes = 0;
  private waiter: { readonly test: MessageTest; readonly done: (message: InboxMessage) => void } | undefined;

  /** A message arrived (in arrival order, after its rx row). A waiting expect that it matches takes it at once. */
  push(message: ReceivedMessage): void {
    const waiter = this.waiter;
    // Tested on the socket's bytes without a copy; copied only when kept.
    if (waiter && waiter.test(message)) {
      this.waiter = undefined;
      waiter.done({ peer: message.peer, ts: message.ts, bytes: Uint8Array.from(message.bytes) });
      return;
    }
    this.kept.push({ peer: message.peer, ts: message.ts, bytes: Uint8Array.from(message.bytes) });
    this.keptBytes += message.bytes.length;
    while (this.kept.length > MAX_KEPT_MESSAGES || (this.keptBytes > MAX_KEPT_BYTES && this.kept.length > 1)) {
      this.keptBytes -= this.kept.shift()!.bytes.length;
    }
  }

  /** Forget what was kept: the messages before a new exchange are stale. */
  clear(): void {
    this.kept = [];
    this.keptBytes = 0;
  }

  /** The oldest kept message that passes `test`, taken out; undefined when none does. */
  take(test: MessageTest): InboxMessage | undefined {
    const at = this.kept.findIndex(test);
    if (at < 0) return undefined;
    const [message] = this.kept.splice(at, 1);
    this.keptBytes -= message!.bytes.length;
    return message;
  }

  /**
   * The next message that passes `test` (a kept one first), or 'timeout' after `timeoutMs`. One waiter at a time:
   * a sequence runs one step at a time. `cancel` ends a wait early (the run stopped); it then resolves 'cancelled'.
   */
  wait(test: MessageTest, timeoutMs: number): { readonly result: Promise<InboxMessage | 'timeout' | 'cancelled'>; readonly cancel: () => void } {
    const kept = this.take(test);
    if (kept) return { result: Promise.resolve(kept), cancel: () => undefined };
    let finish!: (outcome: InboxMessage | 'timeout' | 'cancelled') => void;
    const result = new Promise<InboxMessage | 'timeout' | 'cancelled'>((resolve) => (finish = resolve));
    const timer = setTimeout(() => end('timeout'), timeoutMs);
    const end = (outcome: InboxMessage | 'timeout' | 'cancelled'): void => {
      clearTimeout(timer);
      if (this.waiter === waiter) this.waiter = undefined;
      finish(outcome);
    };
    const waiter = { test, done: (message: InboxMessage) => end(message) };
    this.waiter = waiter;
    return { result, cancel: () => end('cancelled') };
  }
}
