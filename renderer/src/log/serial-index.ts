import type { LogStore } from './log-store';

/** Past this many dead entries at the front (and more dead than alive), the list is compacted. */
const COMPACT_AFTER = 4096;

/**
 * Serials (LogStore id − 1) of the rows of one log that pass some test, oldest first. It is brought up to date on
 * read and tests only the rows that arrived since it last looked (typed-array reads, no entry objects), so a test
 * over a million rows costs one pass when it is made and almost nothing per batch after. Rows that left the log
 * (ring, budget, clear) drop off the front and are counted, so positions turn into ids that keep increasing.
 * The base of the filtered views (FilteredLog) and of search hits (SearchHits).
 */
export abstract class SerialIndex {
  private serials: number[] = [];
  private head = 0;
  /** Matching rows that left the log since the index was made. */
  private dropped = 0;
  /** Next serial to test. */
  private scannedTo = 0;
  /** The log's first serial at the last refresh: a clear or an eviction moves it without a new row. */
  private seenFirstSerial = -1;

  constructor(protected readonly log: LogStore) {}

  /**
   * Appends to `out`, in increasing order, the serials of the rows at positions [fromIndex, toIndex) of the log
   * that pass; the row at position i has serial firstSerial + i.
   */
  protected abstract scan(fromIndex: number, toIndex: number, firstSerial: number, out: number[]): void;

  /** Rows that pass and are still in the log. */
  get count(): number {
    this.refresh();
    return this.serials.length - this.head;
  }

  /** Passing rows that have left the log: the id of position i is dropped + i + 1. */
  get droppedCount(): number {
    this.refresh();
    return this.dropped;
  }

  /** Serial of the passing row at `position` (0 = oldest still in the log), or -1. */
  serialAt(position: number): number {
    this.refresh();
    return position >= 0 ? (this.serials[this.head + position] ?? -1) : -1;
  }

  /** Position of the first passing row whose serial is ≥ `serial` (`count` when none). Binary search. */
  positionAtOrAfter(serial: number): number {
    this.refresh();
    let lo = this.head;
    let hi = this.serials.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.serials[mid]! < serial) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }

  /** Whether the row with this serial passes (and is still in the log). */
  has(serial: number): boolean {
    return this.serialAt(this.positionAtOrAfter(serial)) === serial;
  }

  /** Brings the list up to date with the log; cheap when nothing moved (two comparisons). */
  protected refresh(): void {
    const firstSerial = this.log.firstId - 1;
    const endSerial = firstSerial + this.log.size;
    if (this.scannedTo === endSerial && firstSerial === this.seenFirstSerial) return;
    this.seenFirstSerial = firstSerial;
    while (this.head < this.serials.length && this.serials[this.head]! < firstSerial) {
      this.head++;
      this.dropped++;
    }
    if (this.head > COMPACT_AFTER && this.head * 2 > this.serials.length) {
      this.serials = this.serials.slice(this.head);
      this.head = 0;
    }
    const from = Math.max(this.scannedTo, firstSerial);
    // Set first: a scan that reads another index (search hits) never comes back here, but a re-entrant read must
    // not scan the same rows twice.
    this.scannedTo = endSerial;
    if (from < endSerial) this.scan(from - firstSerial, endSerial - firstSerial, firstSerial, this.serials);
  }
}
