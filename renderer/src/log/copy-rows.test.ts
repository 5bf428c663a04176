import { describe, expect, it } from 'vitest';
import type { TrafficFrame } from '@shared/traffic/frame';
import { copySelectedRows } from './copy-rows';
import { FilteredLog } from './filtered-log';
import { formatHeader } from './format-row';
import { LogStore } from './log-store';
import type { RowLook } from './row-text';

const peer = { address: '10.0.0.2', port: 502, family: 'IPv4' as const };
const frame = (seq: number, dir: 'rx' | 'tx', text: string): TrafficFrame => ({ seq, ts: 1_700_000_000_000 + seq * 10, dir, peer, bytes: new TextEncoder().encode(text) });
const look: RowLook = { mode: 'ascii', logMode: false, wrap: false, delta: false, lang: 'en', dumpLines: 4, encoding: 'utf-8' };

describe('copySelectedRows', () => {
  const log = new LogStore(100, () => undefined);
  log.ingest([frame(1, 'rx', 'one'), frame(2, 'tx', 'two'), frame(3, 'rx', 'three'), frame(4, 'tx', 'four')]);

  it('copies the rows between two log ids, in either order, as shown', () => {
    expect(copySelectedRows(log, 3, 2, look)).toEqual({ text: 'two\nthree', rows: 2, total: 2 });
    expect(copySelectedRows(log, 2, 2, { ...look, mode: 'hex' }).text).toBe('74 77 6F');
  });

  it('writes the header line with the byte count and Δt in log mode', () => {
    const copied = copySelectedRows(log, 2, 3, { ...look, logMode: true, delta: true });
    expect(copied.text.split('\n')).toEqual([
      formatHeader({ ts: 1_700_000_000_020, dir: 'tx', peer }, 'en', { length: 3, deltaMs: 10 }),
      'two',
      formatHeader({ ts: 1_700_000_000_030, dir: 'rx', peer }, 'en', { length: 5, deltaMs: 10 }),
      'three',
    ]);
  });

  it('copies only the rows the view shows, and stops at the cap saying how many there were', () => {
    const txOnly = new FilteredLog(log, { dir: 'tx' });
    expect(copySelectedRows(txOnly, 1, 4, look)).toEqual({ text: 'two\nfour', rows: 2, total: 2 });
    expect(copySelectedRows(log, 1, 4, look, 3)).toEqual({ text: 'one\ntwo\nthree', rows: 3, total: 4 });
  });
});
