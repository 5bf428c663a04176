import { describe, expect, it } from 'vitest';
import { formatEvent, formatGap, formatHeader, formatPayload, formatTimestamp, MAX_DIMMED_RUNS_PER_ROW, MAX_ROW_BYTES } from './format-row';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (s: string) => new TextEncoder().encode(s);

describe('formatTimestamp', () => {
  it('shows local date and time with milliseconds', () => {
    const ts = new Date(2026, 10, 22, 10, 31, 5, 123).getTime();
    expect(formatTimestamp(ts)).toBe('2026-11-22 10:31:05.123');
    expect(formatTimestamp(new Date(2026, 0, 2, 3, 4, 5, 6).getTime() + 0.75)).toBe('2026-01-02 03:04:05.006');
  });
});

describe('formatHeader', () => {
  const ts = new Date(2026, 10, 22, 10, 31, 5, 123).getTime();
  it('writes the NetAssist-style header in both languages', () => {
    const rx = { ts, dir: 'rx' as const, peer: { address: '127.0.0.1', port: 9000, family: 'IPv4' as const } };
    expect(formatHeader(rx, 'zh-CN')).toBe('[2026-11-22 10:31:05.123]# 接收 ← 127.0.0.1:9000');
    expect(formatHeader(rx, 'en')).toBe('[2026-11-22 10:31:05.123]# RECV ← 127.0.0.1:9000');
  });
  it('brackets IPv6 peers and points tx the other way', () => {
    const tx = { ts, dir: 'tx' as const, peer: { address: '::1', port: 7, family: 'IPv6' as const } };
    expect(formatHeader(tx, 'en')).toBe('[2026-11-22 10:31:05.123]# SEND → [::1]:7');
    expect(formatHeader(tx, 'zh-CN')).toBe('[2026-11-22 10:31:05.123]# 发送 → [::1]:7');
  });
});

describe('formatEvent', () => {
  it('says how many clients were refused and why, in both languages, with singular and plural', () => {
    const many = { event: { type: 'clients-refused' as const, count: 12, reason: 'EMFILE' as const, limit: 1024 } };
    const one = { event: { type: 'clients-refused' as const, count: 1, reason: 'EMFILE' as const } };
    expect(formatEvent(many, 'en')).toBe('Refused 12 client connections: too many open files (limit 1,024 descriptors)');
    expect(formatEvent(many, 'zh-CN')).toBe('已拒绝 12 个客户端连接：打开的文件过多（上限 1,024 个文件描述符）');
    expect(formatEvent(one, 'en')).toBe('Refused 1 client connection: too many open files');
    expect(formatEvent(one, 'zh-CN')).toBe('已拒绝 1 个客户端连接：打开的文件过多');
  });
  it('says who connected, who left and why, and why clients were refused, in both languages', () => {
    expect(formatEvent({ event: { type: 'client-connected' } }, 'en')).toBe('Client connected');
    expect(formatEvent({ event: { type: 'client-disconnected', reason: 'kicked' } }, 'zh-CN')).toBe('客户端已断开：已被踢出');
    expect(formatEvent({ event: { type: 'client-disconnected', reason: 'finished-idle' } }, 'en')).toBe(
      'Client disconnected: it had finished sending, and nothing was sent to it for 30 s, so the server closed its side too',
    );
    expect(formatEvent({ event: { type: 'client-disconnected', reason: 'reset' } }, 'en')).toBe('Client disconnected: it reset the connection');
    expect(formatEvent({ event: { type: 'disconnected', reason: 'peer-closed' } }, 'en')).toBe('Disconnected: the peer closed the connection');
    expect(formatEvent({ event: { type: 'connected' } }, 'zh-CN')).toBe('已连接');
    expect(formatEvent({ event: { type: 'clients-refused', count: 1, reason: 'max-clients', limit: 2 } }, 'en')).toBe(
      'Refused 1 client connection: the server already has its maximum of 2 clients',
    );
  });
  it('names an event it cannot show instead of dropping the row', () => {
    expect(formatEvent({ event: undefined }, 'en')).toBe('An event this version of SocketDesk cannot show');
  });
  it('heads an event row with its time, the word for event and its endpoint', () => {
    const ts = new Date(2026, 10, 22, 10, 31, 5, 123).getTime();
    const event = { ts, dir: 'event' as const, peer: { address: '0.0.0.0', port: 8080, family: 'IPv4' as const } };
    expect(formatHeader(event, 'zh-CN')).toBe('[2026-11-22 10:31:05.123]# 事件 0.0.0.0:8080');
    expect(formatHeader(event, 'en')).toBe('[2026-11-22 10:31:05.123]# EVENT 0.0.0.0:8080');
  });
});

describe('formatPayload', () => {
  it('shows HEX as upper-case pairs', () => {
    expect(formatPayload(bytes(0x01, 0xab, 0x0a), 'hex', false)).toMatchObject({ text: '01 AB 0A', omittedBytes: 0 });
  });
  it('shows text with a trailing line break dropped', () => {
    expect(formatPayload(text('hello\r\n'), 'ascii', false).text).toBe('hello');
    expect(formatPayload(text('hello\n'), 'ascii', true).text).toBe('hello');
  });
  it('keeps one line per row without wrap, real lines with wrap', () => {
    expect(formatPayload(text('a\r\nb\nc'), 'ascii', false).text).toBe('a↵b↵c');
    expect(formatPayload(text('a\r\nb\rc'), 'ascii', true).text).toBe('a\nb\nc');
  });
  it('decodes in the tab’s receive encoding, and shows bytes that do not decode as escapes', () => {
    expect(formatPayload(bytes(0xd6, 0xd0, 0xce, 0xc4), 'ascii', false, 4, 'gbk').text).toBe('中文');
    expect(formatPayload(bytes(0xd6, 0xd0, 0xce, 0xc4), 'ascii', false).text).toBe('\\xD6\\xD0\\xCE\\xC4');
    expect(formatPayload(bytes(0xa4, 0xa4, 0xff), 'ascii', false, 3, 'big5').segments).toEqual([
      { text: '中', isEscape: false },
      { text: '\\xFF', isEscape: true },
    ]);
  });
  it('makes control characters visible and decodes UTF-8', () => {
    const payload = formatPayload(bytes(0x00, 0x41, 0x1b, 0x7f, 0x09), 'ascii', false);
    expect(payload.text).toBe('\\x00A\\x1B\\x7F\t');
    expect(payload.segments).toEqual([
      { text: '\\x00', isEscape: true },
      { text: 'A', isEscape: false },
      { text: '\\x1B\\x7F', isEscape: true },
      { text: '\t', isEscape: false },
    ]);
    expect(formatPayload(text('你好'), 'ascii', false).text).toBe('你好');
  });
  it('draws at most MAX_ROW_BYTES and says how many it left out', () => {
    const big = new Uint8Array(MAX_ROW_BYTES + 10).fill(0x41);
    const formatted = formatPayload(big, 'hex', false);
    expect(formatted.omittedBytes).toBe(10);
    expect(formatted.text.length).toBe(MAX_ROW_BYTES * 3 - 1);
  });
  it('formats an empty frame as an empty line', () => {
    expect(formatPayload(new Uint8Array(0), 'hex', false).text).toBe('');
    expect(formatPayload(new Uint8Array(0), 'ascii', false).text).toBe('');
  });
});

describe('formatGap', () => {
  it('says frames were not displayed and counters stay exact', () => {
    expect(formatGap({ frames: 12_345, bytes: 67_890, cause: 'engine' }, 'en')).toBe('12,345 frames not displayed (67,890 bytes; counters stay exact)');
    expect(formatGap({ frames: 12_345, bytes: 67_890, cause: 'engine' }, 'zh-CN')).toBe('12,345 帧未显示（67,890 字节；计数器仍然精确）');
    expect(formatGap({ frames: 3, bytes: 9, cause: 'paused' }, 'en')).toContain('while paused');
  });
});

describe('a binary row in the ASCII view', () => {
  it('draws at most MAX_DIMMED_RUNS_PER_ROW dimmed runs, adjacent escapes joined, and loses no escape text', () => {
    const bytes = Uint8Array.from({ length: 65_536 }, (_, i) => (i * 7919 + 13) & 0xff);
    const payload = formatPayload(bytes, 'ascii', false);
    expect(payload.segments.filter((s) => s.isEscape).length).toBeLessThanOrEqual(MAX_DIMMED_RUNS_PER_ROW);
    expect(payload.segments.map((s) => s.text).join('')).toBe(payload.text);
    // Every byte that does not decode is still written as \xHH, dimmed or not.
    expect((payload.text.match(/\\x[0-9A-F]{2}/g) ?? []).length).toBeGreaterThan(10_000);
    const few = formatPayload(Uint8Array.of(0x41, 0x01, 0x02, 0x42), 'ascii', false);
    expect(few.segments).toEqual([
      { text: 'A', isEscape: false },
      { text: '\\x01\\x02', isEscape: true },
      { text: 'B', isEscape: false },
    ]);
  });
});
