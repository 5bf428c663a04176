import { LatencyHistogram, type LatencySummary } from './latency-histogram';

/**
 * 往返时间 (round-trip time) from the log's own rows, O(1) per row: for every received row, the time since the last
 * row sent to the same peer (address:port, as the log interns it). The tab's figures (min / median / p99) take one
 * sample per request: the first reply after each send, so a reply that arrives in several pieces, or a peer that
 * also talks unasked, does not count its later rows as round trips. The times are the engine's (when the bytes left
 * and arrived at the socket), so the page's own delays do not enter them. The log runs it only while the tab's
 * 显示往返时间 is on (LogStore.setRoundTrip).
 */
export class RoundTripMeter {
  /** Per peer id: ts of the last row sent to it (NaN: none yet). */
  private lastTx = new Float64Array(16).fill(Number.NaN);
  /** Per peer id: 1 while its latest send has had no reply yet. */
  private awaiting = new Uint8Array(16);
  private readonly histogram = new LatencyHistogram();

  /** A row sent to `peer` at `ts` (ms). */
  sent(peer: number, ts: number): void {
    this.ensure(peer);
    this.lastTx[peer] = ts;
    this.awaiting[peer] = 1;
  }

  /** A row received from `peer` at `ts`: its round-trip time (ms, ≥ 0), or NaN when nothing was sent to it yet. */
  received(peer: number, ts: number): number {
    if (peer >= this.lastTx.length) return Number.NaN;
    const sentAt = this.lastTx[peer]!;
    if (Number.isNaN(sentAt)) return Number.NaN;
    // Both times are the engine's; a reply stamped a hair before its send's completion is a round trip of ~0.
    const rtt = Math.max(0, ts - sentAt);
    if (this.awaiting[peer] === 1) {
      this.awaiting[peer] = 0;
      this.histogram.add(rtt);
    }
    return rtt;
  }

  summary(): LatencySummary | null {
    return this.histogram.summary();
  }

  /** How many round trips the figures hold; moves with every sample (a cheap "did it change"). */
  get samples(): number {
    return this.histogram.count;
  }

  /** A new session, or a cleared log: the figures start again; nothing sent before counts. */
  reset(): void {
    this.lastTx.fill(Number.NaN);
    this.awaiting.fill(0);
    this.histogram.clear();
  }

  private ensure(peer: number): void {
    if (peer < this.lastTx.length) return;
    const size = Math.max(peer + 1, this.lastTx.length * 2);
    const lastTx = new Float64Array(size).fill(Number.NaN);
    lastTx.set(this.lastTx);
    const awaiting = new Uint8Array(size);
    awaiting.set(this.awaiting);
    this.lastTx = lastTx;
    this.awaiting = awaiting;
  }
}
