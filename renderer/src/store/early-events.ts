/** Events held while a session is opening, before `session.open` has told us its id. */
const MAX_HELD = 10_000;

/**
 * The engine may emit a session's first events (state, traffic) before the `session.open` reply arrives.
 * While opening, events for an unknown id are held here; when the reply names the id they are replayed in
 * order, and the rest (some other window's sessions) are dropped.
 */
export class EarlyEvents {
  private held: Array<{ readonly sessionId: string; readonly apply: () => void }> = [];

  hold(sessionId: string, apply: () => void): void {
    if (this.held.length < MAX_HELD) this.held.push({ sessionId, apply });
  }

  adopt(sessionId: string): void {
    const mine = this.held.filter((e) => e.sessionId === sessionId);
    this.held = [];
    for (const event of mine) event.apply();
  }

  drop(): void {
    this.held = [];
  }
}
