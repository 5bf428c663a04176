/**
 * The bare cyclic baseline: a setTimeout loop whose k-th tick is scheduled against start + k·period, not against
 * "now", so lateness does not accumulate (what a careful hand-written sender does). Calls `tick` once per wake-up
 * with the time it woke; resolves after `seconds`.
 */
export function driftCorrectedLoop(periodMs: number, seconds: number, tick: (now: number) => void): Promise<void> {
  const start = performance.now();
  const end = start + seconds * 1000;
  return new Promise<void>((resolve) => {
    let k = 0;
    const wake = (): void => {
      const now = performance.now();
      if (now >= end) return resolve();
      tick(now);
      k++;
      setTimeout(wake, Math.max(0, start + k * periodMs - performance.now()));
    };
    wake();
  });
}
