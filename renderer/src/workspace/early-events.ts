/** Events held for sessions not (yet) claimed by a tab, in all. Past it the oldest are dropped. */
const MAX_HELD = 10_000;
/**
 * How long an unclaimed session's events are held (ms): the `session.open` answer that names the session comes
 * right after its first events; anything not claimed by then belongs to no tab of this page.
 */
export const EARLY_EVENT_TTL_MS = 10_000;

interface Held {
  readonly sessionId: string;
  readonly at: number;
  readonly apply: () => void;
}

/**
 * The engine may emit a session's first events (state, traffic) before the `session.open` reply names it to the
 * tab that asked, and several tabs may be opening at once. Events of a session no tab has claimed wait here, per
 * session id, for a limited time; when a tab claims the id they are replayed in order.
 */
export class EarlyEvents {
  private held: Held[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  hold(sessionId: string, apply: () => void): void {
    this.expire();
    if (this.held.length >= MAX_HELD) this.held.shift();
    this.held.push({ sessionId, at: this.now(), apply });
  }

  /** Replays the held events of `sessionId` (in arrival order) and forgets them. */
  claim(sessionId: string): void {
    this.expire();
    const mine = this.held.filter((e) => e.sessionId === sessionId);
    if (mine.length === 0) return;
    this.held = this.held.filter((e) => e.sessionId !== sessionId);
    for (const event of mine) event.apply();
  }

  get size(): number {
    return this.held.length;
  }

  private expire(): void {
    const oldest = this.now() - EARLY_EVENT_TTL_MS;
    if (this.held.length > 0 && this.held[0]!.at < oldest) this.held = this.held.filter((e) => e.at >= oldest);
  }
}
