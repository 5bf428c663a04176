import { describe, expect, it } from 'vitest';
import { frameBytes, nowMs } from './frame-bytes';

describe('frameBytes', () => {
  it('keeps a view of a buffer that owns its backing store (no copy)', () => {
    const owned = Buffer.alloc(4096, 7);
    const bytes = frameBytes(owned);
    expect(bytes.buffer).toBe(owned.buffer);
    expect(bytes.byteLength).toBe(4096);
  });

  it('copies a small slice of a large (pooled) backing store so the frame does not pin it', () => {
    const pooled = Buffer.from('abc'); // small Buffer.from() allocations come from Node's shared pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength * 2);
    const bytes = frameBytes(pooled);
    expect(bytes.buffer).not.toBe(pooled.buffer);
    expect(bytes.buffer.byteLength).toBe(3);
    expect(Buffer.from(bytes).toString()).toBe('abc');
  });

  it('keeps the view when the slice is most of the backing store', () => {
    const backing = new Uint8Array(100);
    const slice = backing.subarray(10, 90);
    expect(frameBytes(slice).buffer).toBe(backing.buffer);
  });
});

describe('nowMs', () => {
  it('is epoch milliseconds with a sub-ms fraction available', () => {
    const t = nowMs();
    expect(Math.abs(t - Date.now())).toBeLessThan(1000);
    const samples = Array.from({ length: 50 }, () => nowMs());
    expect(samples.some((s) => !Number.isInteger(s))).toBe(true);
  });
});
