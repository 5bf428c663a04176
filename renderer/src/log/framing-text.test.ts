import { describe, expect, it } from 'vitest';
import { delimiterText, describeFraming } from './framing-text';
import { formatEvent } from './format-row';

describe('framing in words (event rows)', () => {
  it('writes a delimiter the way the text box takes it', () => {
    expect(delimiterText([0x0d, 0x0a])).toBe('\\r\\n');
    expect(delimiterText([0x03, 0x5c, 0x41, 0x00, 0x09, 0xff])).toBe('\\x03\\\\A\\0\\t\\xFF');
  });

  it.each([
    [{ kind: 'none' } as const, 'none (each read as received)', '不分帧（按接收原样）'],
    [{ kind: 'delimiter', delimiter: [13, 10], keep: 'strip' } as const, 'delimiter \\r\\n, stripped', '分隔符 \\r\\n，去掉分隔符'],
    [{ kind: 'fixed', size: 1, maxMessageBytes: 1_048_576 } as const, 'fixed size 1 byte', '固定长度 1 字节'],
    [
      { kind: 'length', offset: 4, width: 2, order: 'be', adjust: -2, includesHeader: false } as const,
      'length field after 4 bytes, 2 bytes big-endian, adjust −2, counting what follows it',
      '长度字段偏移 4 字节，2 字节大端，修正 −2，长度不含报头',
    ],
    [{ kind: 'idle', gapMs: 1500, maxMessageBytes: 4096 } as const, 'idle gap 1,500 ms, at most 4,096 bytes per message', '空闲 1,500 毫秒断帧，每条消息最多 4,096 字节'],
  ])('%o', (framing, en, zh) => {
    expect(describeFraming(framing, 'en')).toBe(en);
    expect(describeFraming(framing, 'zh-CN')).toBe(zh);
  });

  it('formats the message-cut and framing-changed rows in both languages', () => {
    const cut = { event: { type: 'message-cut', reason: 'max-size', bytes: 1024 } } as const;
    expect(formatEvent(cut, 'en')).toBe('↑ Message cut at the maximum size (1,024 bytes): the next message from this peer continues it');
    expect(formatEvent(cut, 'zh-CN')).toBe('↑ 消息达到最大长度被截断（1,024 字节）：此对端的下一条消息是它的后续');
    const flushed = { event: { type: 'message-cut', reason: 'flush', bytes: 1 } } as const;
    expect(formatEvent(flushed, 'en')).toBe('↑ Unfinished message (1 byte) flushed: the connection ended or the framing changed');
    const changed = { event: { type: 'framing-changed', framing: { kind: 'fixed', size: 8, maxMessageBytes: 1_048_576 } } } as const;
    expect(formatEvent(changed, 'en')).toBe('Framing is now: fixed size 8 bytes (from the next byte received)');
    expect(formatEvent(changed, 'zh-CN')).toBe('分帧方式改为：固定长度 8 字节（从下一个收到的字节起）');
  });
});
