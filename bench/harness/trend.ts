/**
 * Is a memory series flat? (B10 soak.) A least-squares line through the series, its slope with a 95 % confidence
 * interval, and a verdict.
 *
 * The series is first reduced to the floor of each bucket (the minimum of the samples in it): a JS heap rises between
 * collections and drops at each, so single samples are a saw-tooth whose phase says nothing; the floor of a bucket
 * longer than a collection cycle is what stays alive, which is what a leak raises. The same reduction is used for
 * the host's RSS so both are read alike.
 *
 * "Flat" here: the drift the fitted slope implies over the measured window, |slope| × window, is under 5 % of the
 * series' mean. That is a bound on size, not a test of zero: with hundreds of samples a confidence interval can
 * exclude 0 for a drift far too small to matter, and with few a wide interval contains 0 while hiding a leak. The
 * interval is reported beside it, and whether it contains 0.
 */

/** Under this share of the mean, the drift over the window counts as flat. */
export const FLAT_DRIFT_FRACTION = 0.05;

export interface Point {
  /** Minutes (any origin). */
  readonly t: number;
  readonly v: number;
}

export interface Trend {
  readonly n: number;
  /** Units of v per minute. */
  readonly slope: number;
  /** 95 % confidence interval of the slope (NaN with fewer than 3 points). */
  readonly ciLow: number;
  readonly ciHigh: number;
  readonly mean: number;
  /** Minutes from the first point to the last. */
  readonly windowMin: number;
  /** |slope| × window / mean. */
  readonly driftFraction: number;
  readonly flat: boolean;
  /** Undefined without an interval (fewer than 3 points). */
  readonly ciContainsZero: boolean | undefined;
}

/** Two-sided 95 % quantile of Student's t with `df` degrees of freedom (Cornish–Fisher expansion; within 1 % for df ≥ 3). */
export function t975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  if (df === 1) return 12.706;
  if (df === 2) return 4.303;
  const z = 1.959964;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

export function fitTrend(points: readonly Point[]): Trend {
  const n = points.length;
  const meanT = points.reduce((a, p) => a + p.t, 0) / n;
  const mean = points.reduce((a, p) => a + p.v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.t - meanT) ** 2;
    sxy += (p.t - meanT) * (p.v - mean);
  }
  const slope = n >= 2 && sxx > 0 ? sxy / sxx : Number.NaN;
  let half = Number.NaN;
  if (n >= 3 && sxx > 0) {
    let ssr = 0;
    for (const p of points) ssr += (p.v - (mean + slope * (p.t - meanT))) ** 2;
    half = t975(n - 2) * Math.sqrt(ssr / (n - 2) / sxx);
  }
  const windowMin = n > 0 ? points[n - 1]!.t - points[0]!.t : 0;
  const driftFraction = Math.abs(slope * windowMin) / Math.abs(mean);
  return {
    n,
    slope,
    ciLow: slope - half,
    ciHigh: slope + half,
    mean,
    windowMin,
    driftFraction,
    flat: driftFraction < FLAT_DRIFT_FRACTION,
    ciContainsZero: Number.isNaN(half) ? undefined : slope - half <= 0 && slope + half >= 0,
  };
}

/**
 * The floor of each bucket of `bucketS` seconds: samples `[seconds, value]` (NaN values skipped) → one point per
 * bucket that has any, at the bucket's middle, in minutes.
 */
export function bucketFloors(samples: readonly (readonly [number, number])[], bucketS: number): Point[] {
  const floors = new Map<number, number>();
  for (const [s, v] of samples) {
    if (Number.isNaN(v)) continue;
    const b = Math.floor(s / bucketS);
    floors.set(b, Math.min(floors.get(b) ?? Number.POSITIVE_INFINITY, v));
  }
  return [...floors.entries()].sort((a, b) => a[0] - b[0]).map(([b, v]) => ({ t: ((b + 0.5) * bucketS) / 60, v }));
}
