/** Runs `run` after `ms` (never synchronously) and returns a cancel; a parameter so tests drive time themselves. */
export type Schedule = (run: () => void, ms: number) => () => void;

export const scheduleWithTimers: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Spread around each delay, as a fraction (0.2 = ±20 %). */
  readonly jitter: number;
}

/**
 * Quick enough that a host restart or a network blip is bridged within a second, capped so a host that stays
 * down costs one attempt (and one token check) every few seconds, not a busy loop.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 5_000, jitter: 0.2 };

/**
 * Delay before the retry that follows `failures` earlier failures (0: the first retry): doubling from
 * `initialMs` up to `maxMs`, then jittered around that value so pages that lost the same host do not all knock
 * at once. `random` returns [0, 1), as Math.random does.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  // The exponent stops growing long before 2 ** n loses precision; the cap has been reached by then anyway.
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(failures, 30));
  return Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
}
