import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '@shared/contract/endpoint';
import type { TrafficFrame } from '@shared/traffic/frame';
import { encodeLogEvent } from '@shared/traffic/log-event';
import { LatencyHistogram } from './latency-histogram';
import { LogStore } from './log-store';
import { RoundTripMeter } from './round-trip';
import { rowHeader, type RowLook } from './row-text';

const a: Endpoint = { address: '127.0.0.1', port: 7000, family: 'IPv4' };
const b: Endpoint = { address: '127.0.0.1', port: 7001, family: 'IPv4' };
let seq = 0;
const frame = (dir: 'rx' | 'tx', ts: number, peer: Endpoint = a): TrafficFrame => ({ seq: ++seq, ts, dir, peer, bytes: Uint8Array.of(1) });
const event = (ts: number): TrafficFrame => ({ seq: ++seq, ts, dir: 'event', peer: a, bytes: encodeLogEvent({ type: 'connected' }) });
const now = (cb: () => void): void => cb();

/** The exact nearest-rank quantile of `values`. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

describe('LatencyHistogram', () => {
  it('is empty at first, and exact for min, max and a single value', () => {
    const h = new LatencyHistogram();
    expect(h.summary()).toBeNull();
    h.add(0.35);
    expect(h.summary()).toEqual({ count: 1, minMs: 0.35, medianMs: 0.35, p99Ms: 0.35, maxMs: 0.35 });
    h.add(Number.NaN);
    h.add(-1);
    expect(h.count).toBe(1);
  });

  it('answers every quantile within 1 % of the exact sample, whatever the spread (1 µs … 1 h)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 3_600_000, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const h = new LatencyHistogram();
        for (const value of values) h.add(value);
        const exact = exactQuantile(values, q);
        return Math.abs(h.quantile(q) - exact) <= exact * 0.0101;
      }),
    );
  });

  it('keeps median and p99 of a long skewed run in fixed memory', () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    // 100 000 round trips: most near 0.3 ms, a tail to 50 ms.
    for (let i = 0; i < 100_000; i++) {
      const value = i % 100 === 0 ? 5 + (i % 4500) / 100 : 0.25 + (i % 97) / 970;
      values.push(value);
      h.add(value);
    }
    const summary = h.summary()!;
    expect(summary.count).toBe(100_000);
    expect(summary.minMs).toBe(0.25);
    expect(summary.medianMs).toBeCloseTo(exactQuantile(values, 0.5), 2);
    expect(Math.abs(summary.p99Ms - exactQuantile(values, 0.99)) / exactQuantile(values, 0.99)).toBeLessThan(0.01);
  });
});

describe('RoundTripMeter', () => {
  it('gives each received row the time since the last send to its peer; the figures take the first reply per send', () => {
    const meter = new RoundTripMeter();
    expect(meter.received(0, 5)).toBeNaN(); // nothing sent yet
    meter.sent(0, 10);
    expect(meter.received(0, 12.5)).toBe(2.5);
    expect(meter.received(0, 14)).toBe(4); // the rest of the reply: shown, not a new round trip
    meter.sent(3, 20); // another peer, with a larger id
    meter.sent(0, 30);
    expect(meter.received(3, 21)).toBe(1);
    expect(meter.received(0, 31)).toBe(1);
    expect(meter.summary()).toMatchObject({ count: 3, minMs: 1, maxMs: 2.5 });
    meter.reset();
    expect(meter.summary()).toBeNull();
    expect(meter.received(0, 40)).toBeNaN();
  });

  it('counts a reply stamped a hair before its send completed as ~0, not negative', () => {
    const meter = new RoundTripMeter();
    meter.sent(0, 10);
    expect(meter.received(0, 9.9)).toBe(0);
  });
});

describe('LogStore round-trip column', () => {
  it('stores each received row its RTT, O(1) per row, kept through growth and a capacity change; events and sends have none', () => {
    const log = new LogStore(100_000, now);
    log.setRoundTrip(true);
    const frames: TrafficFrame[] = [];
    // More rows than the first allocation (1024), so the columns grow and are copied.
    for (let i = 0; i < 1500; i++) frames.push(frame('tx', i * 10), frame('rx', i * 10 + 0.5 + (i % 3)));
    log.ingest([event(0), ...frames]);
    const rx = log.at(2);
    expect(rx).toMatchObject({ kind: 'frame', dir: 'rx', rttMs: 0.5 });
    expect(log.at(1)).not.toHaveProperty('rttMs');
    expect(log.at(0)).not.toHaveProperty('rttMs');
    expect(log.at(6)).toMatchObject({ dir: 'rx', rttMs: 2.5 });
    log.setCapacity(1000);
    expect(log.at(log.size - 1)).toMatchObject({ dir: 'rx', rttMs: 0.5 + (1499 % 3) });
    expect(log.roundTrip.summary()).toMatchObject({ count: 1500, minMs: 0.5, maxMs: 2.5 });
  });

  it('measures nothing while off (no column, no figures); on, from then on', () => {
    const log = new LogStore(1000, now);
    log.ingest([frame('tx', 0), frame('rx', 3)]);
    expect(log.at(1)).not.toHaveProperty('rttMs');
    expect(log.roundTrip.summary()).toBeNull();
    log.setRoundTrip(true);
    expect(log.at(1)).not.toHaveProperty('rttMs');
    log.ingest([frame('tx', 10), frame('rx', 14)]);
    expect(log.at(3)).toMatchObject({ rttMs: 4 });
    expect(log.roundTrip.samples).toBe(1);
    log.setRoundTrip(false);
    expect(log.at(3)).not.toHaveProperty('rttMs');
    expect(log.roundTrip.samples).toBe(0);
  });

  it('counts what hide-received and pause leave out of the view; a clear or a new session starts the figures again', () => {
    const log = new LogStore(1000, now);
    log.setRoundTrip(true);
    log.setFilter({ hideRx: true, paused: false });
    log.ingest([frame('tx', 0), frame('rx', 3)]);
    expect(log.size).toBe(1);
    expect(log.roundTrip.summary()).toMatchObject({ count: 1, medianMs: 3 });
    log.clear();
    expect(log.roundTrip.summary()).toBeNull();
    log.setFilter({ hideRx: false, paused: false });
    log.ingest([frame('tx', 10, b), frame('rx', 11, b)]);
    expect(log.roundTrip.samples).toBe(1);
    log.resetRoundTrip();
    expect(log.roundTrip.samples).toBe(0);
    expect(log.at(1)).toMatchObject({ rttMs: 1 }); // rows already shown keep their time
  });

  it('shows the RTT in a received row\'s header when asked, in both languages', () => {
    const log = new LogStore(1000, now);
    log.setRoundTrip(true);
    log.ingest([frame('tx', 1_700_000_000_000), frame('rx', 1_700_000_000_012.25)]);
    const look: RowLook = { mode: 'ascii', logMode: true, wrap: false, delta: false, rtt: true, lang: 'en', dumpLines: 4, encoding: 'utf-8' };
    const rx = log.at(1)!;
    if (rx.kind === 'gap') throw new Error('not a row');
    expect(rowHeader(rx, undefined, look)).toMatch(/← 127\.0\.0\.1:7000 · 1 B · RTT 12\.250 ms$/);
    expect(rowHeader(rx, undefined, { ...look, lang: 'zh-CN' })).toMatch(/· 往返 12\.250 毫秒$/);
    expect(rowHeader(rx, undefined, { ...look, rtt: false })).not.toMatch(/RTT/);
    const tx = log.at(0)!;
    if (tx.kind === 'gap') throw new Error('not a row');
    expect(rowHeader(tx, undefined, look)).not.toMatch(/RTT/);
  });
});
