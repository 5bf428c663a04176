import { describe, expect, it } from 'vitest';
import { countOpenDescriptors, readDescriptorLimit, softLimitFromProcLimits } from './descriptor-budget';

describe('descriptor budget', () => {
  it('reads the soft limit from /proc/self/limits text, and nothing from an unlimited one', () => {
    const text = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 1048576              files\n';
    expect(softLimitFromProcLimits(text)).toBe(1024);
    expect(softLimitFromProcLimits(text.replace('1024  ', 'unlimited'))).toBeUndefined();
    expect(softLimitFromProcLimits('')).toBeUndefined();
  });

  it.runIf(process.platform === 'linux')('counts this process’s descriptors below its limit (Linux)', () => {
    const limit = readDescriptorLimit();
    expect(limit).toBeGreaterThan(0);
    const inUse = countOpenDescriptors(limit!);
    expect(inUse).toBeGreaterThan(2);
    expect(inUse).toBeLessThanOrEqual(limit!);
  });
});
