import type { TrafficCounters } from '@shared/contract/session';

/** How far back a rate looks (ms): long enough to smooth batch-sized steps, short enough to follow a change. */
export const RATE_WINDOW_MS = 2_000;

export interface Rates {
  readonly rxBytesPerSecond: number;
  readonly rxFramesPerSecond: number;
  readonly txBytesPerSecond: number;
  readonly txFramesPerSecond: number;
}

export const ZERO_RATES: Rates = { rxBytesPerSecond: 0, rxFramesPerSecond: 0, txBytesPerSecond: 0, txFramesPerSecond: 0 };

interface Sample {
  readonly at: number;
  readonly counters: TrafficCounters;
}

/**
 * Rates from the exact counters: the difference between the newest sample and the oldest within RATE_WINDOW_MS,
 * per second. A counter that went down (复位计数) starts the window over rather than showing a negative rate.
 */
export class RateMeter {
  private samples: Sample[] = [];

  sample(at: number, counters: TrafficCounters): Rates {
    const last = this.samples[this.samples.length - 1];
    if (last && (counters.rxBytes < last.counters.rxBytes || counters.txBytes < last.counters.txBytes)) this.samples = [];
    this.samples.push({ at, counters });
    while (this.samples.length > 2 && this.samples[1]!.at <= at - RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    if (seconds <= 0) return ZERO_RATES;
    const per = (now: number, then: number): number => (now - then) / seconds;
    return {
      rxBytesPerSecond: per(counters.rxBytes, first.counters.rxBytes),
      rxFramesPerSecond: per(counters.rxFrames, first.counters.rxFrames),
      txBytesPerSecond: per(counters.txBytes, first.counters.txBytes),
      txFramesPerSecond: per(counters.txFrames, first.counters.txFrames),
    };
  }
}
