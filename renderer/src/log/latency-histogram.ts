/**
 * Quantiles of a stream of durations in O(1) per sample and fixed memory: a histogram with logarithmic buckets,
 * each GROWTH (2 %) wider than the one below, from 1 µs to an hour. A quantile is read as the geometric middle of
 * the bucket that holds its rank, so it is within about 1 % of the true sample, whatever the spread and however many
 * samples (a reservoir would instead forget most of a long run and answer differently each time). Min and max are
 * kept exactly, and a quantile never lies outside them.
 */
const MIN_MS = 0.001;
const MAX_MS = 3_600_000;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Bucket 0 holds everything ≤ MIN_MS; the last one everything ≥ MAX_MS. */
const BUCKETS = Math.ceil(Math.log(MAX_MS / MIN_MS) / LOG_GROWTH) + 2;

export interface LatencySummary {
  readonly count: number;
  readonly minMs: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private min = Infinity;
  private max = -Infinity;

  get count(): number {
    return this.total;
  }

  add(ms: number): void {
    if (!(ms >= 0)) return; // NaN or negative: not a duration
    this.counts[bucketOf(ms)]!++;
    this.total++;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  /** The sample of rank ceil(q · count) (nearest rank), within a bucket's precision; NaN when empty. */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.min(this.total, Math.max(1, Math.ceil(q * this.total)));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, middleOf(i)));
    }
    return this.max;
  }

  summary(): LatencySummary | null {
    if (this.total === 0) return null;
    return { count: this.total, minMs: this.min, medianMs: this.quantile(0.5), p99Ms: this.quantile(0.99), maxMs: this.max };
  }

  clear(): void {
    this.counts.fill(0);
    this.total = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}

function bucketOf(ms: number): number {
  if (ms <= MIN_MS) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(ms / MIN_MS) / LOG_GROWTH));
}

/** Bucket i ≥ 1 holds [MIN_MS·GROWTH^(i−1), MIN_MS·GROWTH^i): its geometric middle. */
function middleOf(bucket: number): number {
  if (bucket === 0) return MIN_MS;
  return MIN_MS * GROWTH ** (bucket - 0.5);
}
