import { describe, expect, it } from 'vitest';
import { translate } from './i18n';
import { formatByteRate, formatBytes } from './format-units';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [100 * 1024, '100 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
    [NaN, '0 B'],
  ])('%d bytes → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
  it('adds /s for a rate', () => expect(formatByteRate(2048)).toBe('2.0 KiB/s'));
});

describe('plurals', () => {
  it('says 1 entry, 2 entries, 1 frame, 0 frames in English and has no plural in Chinese', () => {
    expect(translate('en', 'log.entries', { count: 1 })).toBe('1 entry');
    expect(translate('en', 'log.entries', { count: 2 })).toBe('2 entries');
    expect(translate('en', 'log.gap', { frames: 1, bytes: 1 })).toBe('1 frame not displayed (1 byte; counters stay exact)');
    expect(translate('en', 'counter.rx', { bytes: '0 B', frames: 0 })).toBe('RX 0 B / 0 frames');
    expect(translate('en', 'status.open.tcp-server', { local: ':1', clients: 1 })).toBe('TCP server listening on :1, 1 connection');
    expect(translate('zh-CN', 'log.entries', { count: 1 })).toBe('1 条');
  });
});
