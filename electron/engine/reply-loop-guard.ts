import type { LoopGuardPhase, LoopGuardState } from '@shared';

/** ms: the guard counts replies per second. */
const WINDOW_MS = 1000;

export interface LoopGuardReport {
  readonly phase: LoopGuardPhase;
  readonly limit: number;
  /** Replies dropped in the episode ('cleared'); 0 when it trips. */
  readonly dropped: number;
}

/**
 * 自动应答's loop guard: at most `limit` replies per second per session. Two sessions (or a session and a peer) that
 * answer each other would otherwise reply forever at full speed; beyond the limit replies are dropped. An episode
 * starts with the first reply dropped ('tripped') and ends once a whole second passes without one ('cleared',
 * with the count), so a storm makes two log rows, not one per dropped reply. Counted in fixed one-second windows.
 */
export class ReplyLoopGuard {
  private windowStart = -Infinity;
  private inWindow = 0;
  private droppedInEpisode = 0;
  private droppedTotal = 0;
  private isTripped = false;
  private clearTimer: NodeJS.Timeout | undefined;

  constructor(
    private limit: number,
    private readonly report: (report: LoopGuardReport) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A new limit from the next reply on; the counts and any episode carry on. */
  setLimit(limit: number): void {
    this.limit = limit;
  }

  /** May one more reply go out now? False (and counted as dropped) beyond the limit. */
  allow(): boolean {
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (this.inWindow < this.limit) {
      this.inWindow++;
      return true;
    }
    this.droppedInEpisode++;
    this.droppedTotal++;
    if (!this.isTripped) {
      this.isTripped = true;
      this.report({ phase: 'tripped', limit: this.limit, dropped: 0 });
      this.watchForCalm();
    }
    return false;
  }

  state(): LoopGuardState {
    return { limit: this.limit, tripped: this.isTripped, dropped: this.droppedTotal };
  }

  dispose(): void {
    if (this.clearTimer !== undefined) clearInterval(this.clearTimer);
    this.clearTimer = undefined;
  }

  /** Once per second while tripped: a second that dropped nothing ends the episode (also when traffic just stops). */
  private watchForCalm(): void {
    let droppedBefore = this.droppedInEpisode;
    this.clearTimer = setInterval(() => {
      if (this.droppedInEpisode !== droppedBefore) {
        droppedBefore = this.droppedInEpisode;
        return;
      }
      this.dispose();
      const dropped = this.droppedInEpisode;
      this.isTripped = false;
      this.droppedInEpisode = 0;
      this.report({ phase: 'cleared', limit: this.limit, dropped });
    }, WINDOW_MS);
    // A guard waiting for calm must not keep a process alive that has nothing else to do.
    this.clearTimer.unref();
  }
}
