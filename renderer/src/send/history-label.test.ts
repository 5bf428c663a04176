import { describe, expect, it } from 'vitest';
import { plainSendSpec } from '@shared/contract/send-spec';
import { historyLabel } from './history-label';

describe('historyLabel', () => {
  it('names the mode and every option that shapes the bytes, then the start of the text', () => {
    expect(historyLabel({ ...plainSendSpec('AT'), appendCrlf: true })).toBe('[ASCII CRLF] AT');
    expect(historyLabel({ ...plainSendSpec('A\\x42'), escapes: true })).toBe('[ASCII \\] A\\x42');
    expect(historyLabel(plainSendSpec('01 02', 'hex'))).toBe('[HEX] 01 02');
    expect(historyLabel({ ...plainSendSpec('你好'), encoding: 'gbk', appendCrlf: true })).toBe('[ASCII GBK CRLF] 你好');
    const modbus = { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } as const;
    expect(historyLabel({ ...plainSendSpec('01 03', 'hex'), encoding: 'gbk', checksum: modbus })).toBe('[HEX +CRC-16/MODBUS] 01 03');
    expect(historyLabel(plainSendSpec('x'.repeat(50)))).toBe(`[ASCII] ${'x'.repeat(40)}…`);
  });
});
