import type { LogStore } from '../log-store';

/** First row at or after `first` (below `to`) in a different arena block than `first`; `to` when none. */
export function endOfBlock(log: LogStore, first: number, to: number): number {
  const id = log.blockIdAt(first);
  let lo = first;
  let step = 1;
  while (lo + step < to && log.blockIdAt(lo + step) === id) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step, to);
  // blockIdAt(lo) === id; the answer is in (lo, hi].
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (log.blockIdAt(mid) === id) lo = mid;
    else hi = mid;
  }
  return hi;
}
