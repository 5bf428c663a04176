import { describe, expect, it } from 'vitest';
import { localizeError } from '../i18n/localize-error';
import { DEFAULT_FRAMING_FORM, delimiterInMode, formFromFramingConfig, framingFromForm, type FramingForm } from './framing-form';

const form = (patch: Partial<FramingForm>): FramingForm => ({ ...DEFAULT_FRAMING_FORM, ...patch });

describe('the 分帧 controls → FramingConfig', () => {
  it.each([
    [form({}), { kind: 'none' }],
    [form({ framingKind: 'delimiter' }), { kind: 'delimiter', delimiter: [13, 10], keep: 'strip' }],
    [form({ framingKind: 'delimiter', framingDelimiter: '0d 0A', framingDelimiterMode: 'hex', framingKeep: 'keep', framingMaxSize: ' 4096 ' }), { kind: 'delimiter', delimiter: [13, 10], keep: 'keep', maxMessageBytes: 4096 }],
    [form({ framingKind: 'fixed', framingFixedSize: '16', framingMaxSize: '4' }), { kind: 'fixed', size: 16 }],
    [
      form({ framingKind: 'length', framingLengthOffset: '4', framingLengthWidth: 4, framingLengthOrder: 'le', framingLengthAdjust: '−2', framingLengthIncludesHeader: true }),
      { kind: 'length', offset: 4, width: 4, order: 'le', adjust: -2, includesHeader: true },
    ],
    [form({ framingKind: 'idle', framingIdleGapMs: '+20' }), { kind: 'idle', gapMs: 20 }],
  ])('%o', (controls, config) => {
    expect(framingFromForm(controls)).toEqual({ ok: true, value: config });
  });

  it.each([
    [form({ framingKind: 'delimiter', framingDelimiter: '' }), 'framing.delimiter', 'empty', 'Enter a delimiter, e.g. \\r\\n (text) or 0D 0A (HEX)', '请输入分隔符，例如 \\r\\n（文本）或 0D 0A（HEX）'],
    [form({ framingKind: 'delimiter', framingDelimiter: '\\q' }), 'framing.delimiter', undefined, 'Bad escape "\\q" at character 1 (supported: \\r \\n \\t \\0 \\\\ \\{ \\} \\xHH)', undefined],
    [
      form({ framingKind: 'delimiter', framingDelimiter: '\\r\\n', framingMaxSize: '1' }),
      'framing.delimiter',
      'exceeds-max-message',
      'The delimiter (2 bytes) is longer than the maximum message size (1 byte)',
      '分隔符（2 字节）比最大消息长度（1 字节）还长',
    ],
    [form({ framingKind: 'fixed', framingFixedSize: 'abc' }), 'framing.size', 'not-an-integer', 'The fixed size must be a whole number from 1 to 1,048,576', '固定长度必须是 1 到 1,048,576 之间的整数'],
    [form({ framingKind: 'idle', framingIdleGapMs: '0' }), 'framing.gapMs', 'out-of-range', 'The idle gap must be a whole number from 1 to 60,000', '空闲间隔必须是 1 到 60,000 之间的整数'],
    [form({ framingKind: 'length', framingLengthOffset: '65' }), 'framing.offset', 'out-of-range', 'The length field’s offset must be a whole number from 0 to 64', '长度字段偏移必须是 0 到 64 之间的整数'],
    [
      form({ framingKind: 'length', framingLengthOffset: '6', framingMaxSize: '7' }),
      'framing.offset',
      'exceeds-max-message',
      'The length field ends after byte 8, beyond the maximum message size (7 bytes)',
      '长度字段结束于第 8 字节，超过了最大消息长度（7 字节）',
    ],
    [form({ framingKind: 'idle', framingMaxSize: '0x10' }), 'framing.maxMessageBytes', 'not-an-integer', 'The maximum message size must be a whole number from 1 to 16,777,216', '最大消息长度必须是 1 到 16,777,216 之间的整数'],
  ])('refuses %o at %s (%s) and says why', (controls, field, reason, en, zh) => {
    const result = framingFromForm(controls);
    if (result.ok) throw new Error('accepted');
    expect(result.error.params).toMatchObject({ field, ...(reason ? { reason } : {}) });
    expect(localizeError(result.error, 'en')).toBe(en);
    if (zh) expect(localizeError(result.error, 'zh-CN')).toBe(zh);
  });

  it('a HEX delimiter that does not parse is INVALID_HEX at the delimiter', () => {
    const result = framingFromForm(form({ framingKind: 'delimiter', framingDelimiter: '0D 0', framingDelimiterMode: 'hex' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_HEX', params: { field: 'framing.delimiter' } } });
  });

  it('rewrites the delimiter for the other mode when it parses, and keeps it as typed when not', () => {
    expect(delimiterInMode('\\r\\n', 'text', 'hex')).toBe('0D 0A');
    expect(delimiterInMode('03 5c', 'hex', 'text')).toBe('\\x03\\\\');
    expect(delimiterInMode('\\', 'text', 'hex')).toBe('\\');
    expect(delimiterInMode('abc', 'text', 'text')).toBe('abc');
  });

  it('shows an engine framing in the controls (a session another page opened) and checks the same again', () => {
    const config = { kind: 'length', offset: 6, width: 2, order: 'be', adjust: 0, includesHeader: false, maxMessageBytes: 1_048_576 } as const;
    const controls = form(formFromFramingConfig(config));
    expect(framingFromForm(controls)).toEqual({ ok: true, value: { kind: 'length', offset: 6, width: 2, order: 'be', adjust: 0, includesHeader: false } });
    const delimited = form(formFromFramingConfig({ kind: 'delimiter', delimiter: [0x03], keep: 'keep', maxMessageBytes: 64 }));
    expect(delimited).toMatchObject({ framingDelimiter: '\\x03', framingDelimiterMode: 'text', framingMaxSize: '64' });
  });

  it('the engine\'s and the host\'s framing errors get the same sentences (config.framing.* and not-tcp)', () => {
    const host = { code: 'INVALID_ARGUMENT', message: 'x', params: { field: 'config.framing.width', reason: 'not-one-of', allowed: '1, 2, 4' } } as const;
    expect(localizeError(host, 'en')).toBe('The length field’s width must be one of 1, 2, 4');
    const udp = { code: 'INVALID_ARGUMENT', message: 'x', params: { field: 'framing', reason: 'not-tcp' } } as const;
    expect(localizeError(udp, 'zh-CN')).toBe('分帧只适用于 TCP：UDP 的每个数据报本身就是一条消息');
    const unknown = { code: 'INVALID_ARGUMENT', message: 'x', params: { field: 'framing.size', reason: 'unknown-field', kind: 'none' } } as const;
    expect(localizeError(unknown, 'en')).toBe('This framing has no option “size”');
  });
});
