import type { AppError, RepeatStopReason, Result } from '@shared';
import { Throttle } from './throttle';

/**
 * When the timer wakes up late (setTimeout's 1 ms floor, a busy event loop), it sends the sends that are due, up
 * to this many per wake-up; anything older is skipped and counted, so a stall never turns into a burst.
 */
const MAX_CATCH_UP_SENDS = 10;
/**
 * Sends issued but not finished beyond which due sends are skipped (and counted) instead of piling up, e.g. when
 * every send waits for a slow name lookup.
 */
const MAX_IN_FLIGHT = 256;
/** repeat.state progress while running: at most this often (ms), i.e. ≤ 4 events/s. */
const PROGRESS_INTERVAL_MS = 250;

export interface RepeatProgress {
  readonly running: boolean;
  readonly sent: number;
  readonly skipped: number;
  readonly reason?: RepeatStopReason;
  readonly error?: AppError;
}

export interface RepeatTimerOptions {
  readonly periodMs: number;
  /** Stop after this many sends; absent = until stopped. */
  readonly count?: number;
  /**
   * One send through the session's normal send path (logged, counted). `sendIndex` counts the sends issued before
   * this one (0 for the first): sends skipped by the schedule get no number, so a counter template stays gapless.
   */
  readonly send: (sendIndex: number) => Promise<Result<unknown>>;
  readonly onState: (state: RepeatProgress) => void;
}

/**
 * 循环发送: one send every `periodMs`. Due times are absolute (start + n × period, on the monotonic clock), and
 * each wake-up sleeps only the time left until the next one, so lateness never accumulates: the mean period
 * equals `periodMs` even though every single wake-up is a little late.
 */
export class RepeatTimer {
  private readonly startedAt = performance.now();
  /** Index of the next due send: it is due at startedAt + next × periodMs. */
  private next = 0;
  private issued = 0;
  private sent = 0;
  private skipped = 0;
  private inFlight = 0;
  private resolveFinalReported!: () => void;
  private readonly finalReported = new Promise<void>((resolve) => (this.resolveFinalReported = resolve));
  /** Set by stop() until its final state has gone out. */
  private stopped: { readonly reason: RepeatStopReason; readonly error?: AppError } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private isRunning = true;
  private readonly progress = new Throttle(PROGRESS_INTERVAL_MS, () => this.report());
  private readonly firstResult: Promise<Result<unknown>>;

  constructor(private readonly options: RepeatTimerOptions) {
    this.options.onState({ running: true, sent: 0, skipped: 0 });
    // The first send goes out at once (as NetAssist does when cyclic send is switched on).
    this.next = 1;
    this.firstResult = this.sendOne();
    this.schedule();
  }

  get running(): boolean {
    return this.isRunning;
  }

  /** The first send's result: a start whose first send fails (no target, not connected) reports that error. */
  first(): Promise<Result<unknown>> {
    return this.firstResult;
  }

  /**
   * No more sends start. The final state goes out once the sends already in flight have settled, so its `sent`
   * matches what the peer gets and what the tx counter says; the promise resolves when it has gone out.
   * `immediately` reports at once instead (a restart: the new timer's start must not be followed by this one's end).
   */
  stop(reason: RepeatStopReason, error?: AppError, immediately = false): Promise<void> {
    if (!this.isRunning) return this.finalReported;
    this.isRunning = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.progress.cancel();
    this.stopped = { reason, ...(error ? { error } : {}) };
    if (this.inFlight === 0 || immediately) this.reportStopped();
    return this.finalReported;
  }

  private reportStopped(): void {
    const stopped = this.stopped;
    if (!stopped) return;
    this.stopped = undefined;
    this.options.onState({ running: false, sent: this.sent, skipped: this.skipped, ...stopped });
    this.resolveFinalReported();
  }

  private schedule(): void {
    if (!this.isRunning || this.isCountIssued()) return;
    const dueAt = this.startedAt + this.next * this.options.periodMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, dueAt - performance.now()));
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.isRunning) return;
    const elapsed = performance.now() - this.startedAt;
    const dueNow = Math.floor(elapsed / this.options.periodMs) + 1;
    let due = dueNow - this.next;
    if (due > MAX_CATCH_UP_SENDS) {
      this.skipped += due - MAX_CATCH_UP_SENDS;
      this.next += due - MAX_CATCH_UP_SENDS;
      due = MAX_CATCH_UP_SENDS;
    }
    for (let i = 0; i < due && this.isRunning && !this.isCountIssued(); i++) {
      this.next++;
      if (this.inFlight >= MAX_IN_FLIGHT) this.skipped++;
      else void this.sendOne();
    }
    this.schedule();
  }

  private sendOne(): Promise<Result<unknown>> {
    const sendIndex = this.issued++;
    this.inFlight++;
    return this.options.send(sendIndex).then((result) => {
      this.inFlight--;
      if (result.ok) this.sent++;
      if (!this.isRunning) {
        if (this.inFlight === 0) this.reportStopped();
        return result;
      }
      if (!result.ok) {
        void this.stop('error', result.error);
        return result;
      }
      if (this.isCountIssued() && this.inFlight === 0) void this.stop('count');
      else this.progress.request();
      return result;
    });
  }

  private isCountIssued(): boolean {
    return this.options.count !== undefined && this.issued >= this.options.count;
  }

  private report(): void {
    if (this.isRunning) this.options.onState({ running: true, sent: this.sent, skipped: this.skipped });
  }
}
