import { describe, expect, it } from 'vitest';
import { RATE_WINDOW_MS, RateMeter, ZERO_RATES } from './rate-meter';

const c = (rxBytes: number, rxFrames = 0, txBytes = 0, txFrames = 0) => ({ rxBytes, rxFrames, txBytes, txFrames });

describe('RateMeter', () => {
  it('measures bytes and frames per second over the window', () => {
    const meter = new RateMeter();
    expect(meter.sample(0, c(0))).toEqual(ZERO_RATES);
    for (let t = 250; t <= 4_000; t += 250) meter.sample(t, c(t * 10, t / 10, t, t / 100));
    const rates = meter.sample(4_250, c(42_500, 425, 4_250, 42.5));
    expect(rates).toEqual({ rxBytesPerSecond: 10_000, rxFramesPerSecond: 100, txBytesPerSecond: 1_000, txFramesPerSecond: 10 });
  });

  it('forgets samples older than the window, so a stop shows as zero', () => {
    const meter = new RateMeter();
    meter.sample(0, c(0));
    meter.sample(1_000, c(5_000));
    meter.sample(1_000 + RATE_WINDOW_MS + 10, c(5_000));
    expect(meter.sample(1_000 + RATE_WINDOW_MS + 20, c(5_000)).rxBytesPerSecond).toBe(0);
  });

  it('starts over after a reset instead of showing a negative rate', () => {
    const meter = new RateMeter();
    meter.sample(0, c(1_000));
    meter.sample(500, c(2_000));
    expect(meter.sample(1_000, c(0))).toEqual(ZERO_RATES);
    expect(meter.sample(2_000, c(300)).rxBytesPerSecond).toBe(300);
  });
});
