import { describe, expect, it } from 'vitest';
import { plainSendSpec } from '@shared/contract/send-spec';
import { previewSend } from './send-preview';

const context = { sendIndex: 4, now: Date.UTC(2024, 0, 1), random: (n: number) => new Uint8Array(n) };

describe('previewSend', () => {
  it('shows the exact bytes of send #n, with the count', () => {
    const spec = { ...plainSendSpec('01 06 00 01 {{counter width=2 start=0}}', 'hex'), checksum: { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } as const };
    expect(previewSend(spec, context)).toEqual({ kind: 'bytes', sendIndex: 4, hex: '01 06 00 01 00 04 D9 C9', count: 8, isTruncated: false, isExample: false, hasCounter: true });
  });

  it('says time and random bytes are an example', () => {
    expect(previewSend(plainSendSpec('t={{time format=unix}}'), context)).toMatchObject({ kind: 'bytes', isExample: true, hasCounter: false });
    expect(previewSend(plainSendSpec('{{random bytes=2}}'), context)).toMatchObject({ hex: '00 00', isExample: true });
  });

  it('shows at most PREVIEW_BYTES bytes, and the exact count', () => {
    const preview = previewSend(plainSendSpec('x'.repeat(300)), context);
    expect(preview).toMatchObject({ kind: 'bytes', count: 300, isTruncated: true });
    expect(preview.kind === 'bytes' && preview.hex.split(' ')).toHaveLength(256);
  });

  it('shows the error with its position, and nothing for an empty box', () => {
    expect(previewSend(plainSendSpec('01 {{count}}', 'hex'), context)).toMatchObject({ kind: 'error', error: { params: { problem: 'unknownField', position: 6 } } });
    expect(previewSend(plainSendSpec(''), context)).toEqual({ kind: 'empty' });
  });
});
