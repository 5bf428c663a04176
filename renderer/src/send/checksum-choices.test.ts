import { describe, expect, it } from 'vitest';
import { CHECKSUM_MODELS } from '@shared/codecs/checksum';
import { CHECKSUM_GROUPS, naturalOrderOf } from './checksum-choices';

describe('the checksum select', () => {
  it('lists every model once, the common ones first', () => {
    const ids = CHECKSUM_GROUPS.flatMap((g) => g.choices.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(CHECKSUM_MODELS).sort());
    expect(ids.slice(0, 4)).toEqual(['crc-16/modbus', 'crc-16/ibm-3740', 'crc-16/kermit', 'crc-16/xmodem']);
    expect(CHECKSUM_GROUPS.map((g) => g.group)).toEqual(['common', 'sums', 'crc8', 'crc16', 'crc32', 'otherCrc']);
    expect(CHECKSUM_GROUPS[0]!.choices[1]).toEqual({ id: 'crc-16/ibm-3740', label: 'CRC-16/IBM-3740 (CCITT-FALSE)' });
    for (const id of ['crc-32/iso-hdlc', 'sum8', 'xor8', 'lrc8']) expect(CHECKSUM_GROUPS[0]!.choices.map((c) => c.id)).toContain(id);
  });

  it('knows the order each model is usually sent in', () => {
    expect(naturalOrderOf('crc-16/modbus')).toBe('le');
    expect(naturalOrderOf('crc-16/xmodem')).toBe('be');
  });
});
