/**
 * Runs `fire` at most once per `intervalMs` (ms): the first request at once, requests inside the interval once at
 * its end (trailing), so the latest state always goes out and a burst of changes costs one event per interval.
 */
export class Throttle {
  private lastFiredAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly fire: () => void,
  ) {}

  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.lastFiredAt + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, wait);
  }

  /** Drop a pending trailing call (the owner is about to send a final state itself). */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.lastFiredAt = performance.now();
    this.fire();
  }
}
