import { describe, expect, it } from 'vitest';
import { encodeUtf8 } from '../codecs/text';
import { decodeLogEvent, encodeLogEvent } from './log-event';

describe('a UDP socket’s log rows (issue 11)', () => {
  it('round-trips the receive buffer granted and the kernel’s drops', () => {
    for (const event of [
      { type: 'receive-buffer', requested: 65_536, granted: 131_072 },
      { type: 'kernel-drops', count: 19_991 },
    ] as const) {
      expect(decodeLogEvent(encodeLogEvent(event))).toEqual(event);
    }
  });

  it('refuses rows whose numbers are not counts, and keeps only the fields it knows', () => {
    for (const bad of [
      { type: 'kernel-drops' },
      { type: 'kernel-drops', count: -1 },
      { type: 'kernel-drops', count: 1.5 },
      { type: 'kernel-drops', count: '3' },
      { type: 'receive-buffer', requested: 4096 },
      { type: 'receive-buffer', requested: 4096, granted: Number.MAX_SAFE_INTEGER + 2 },
    ]) {
      expect(decodeLogEvent(encodeUtf8(JSON.stringify(bad))), JSON.stringify(bad)).toBeUndefined();
    }
    expect(decodeLogEvent(encodeUtf8(JSON.stringify({ type: 'kernel-drops', count: 3, extra: '<b>' })))).toEqual({ type: 'kernel-drops', count: 3 });
  });
});
