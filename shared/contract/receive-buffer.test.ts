import { describe, expect, it } from 'vitest';
import { formatReceiveBufferSize, parseReceiveBufferSize, RECEIVE_BUFFER_LIMITS } from './receive-buffer';

describe('接收缓冲区 as typed (issue 11)', () => {
  it.each([
    ['', undefined],
    ['   ', undefined],
    ['1', 1024],
    ['512', 512 * 1024],
    ['1.5', 1536],
    ['1,5', 1536],
    ['4M', 4 * 1024 * 1024],
    ['4 MiB', 4 * 1024 * 1024],
    ['4mb', 4 * 1024 * 1024],
    ['0.5m', 512 * 1024],
    ['64K', 65_536],
    [' 64 kib ', 65_536],
    ['256M', 256 * 1024 * 1024],
    ['262144', 256 * 1024 * 1024],
  ])('%j is %s bytes', (text, bytes) => {
    expect(parseReceiveBufferSize(text)).toEqual({ ok: true, value: bytes });
  });

  it.each(['0', '0.5', '0.9k', '256.001M', '262145', '257M', '1G', '-4', '4 M B', '4x', '0x10', '1e3', '4,5,6', '１２'])('%j is refused with the bounds, by the field', (text) => {
    const parsed = parseReceiveBufferSize(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? undefined : parsed.error).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'recvBuffer', reason: 'recvBufferSize', minKiB: 1, maxKiB: 262_144 } });
  });

  it('shows a size as the field would take it back', () => {
    for (const bytes of [RECEIVE_BUFFER_LIMITS.minBytes, 1536, 65_536, 425_984, 4 * 1024 * 1024, RECEIVE_BUFFER_LIMITS.maxBytes]) {
      expect(parseReceiveBufferSize(formatReceiveBufferSize(bytes))).toEqual({ ok: true, value: bytes });
    }
    expect(formatReceiveBufferSize(4 * 1024 * 1024)).toBe('4M');
    expect(formatReceiveBufferSize(65_536)).toBe('64');
  });
});
