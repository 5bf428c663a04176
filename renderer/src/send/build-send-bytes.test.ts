import { describe, expect, it } from 'vitest';
import type { Result } from '@shared/contract/errors';
import { localizeError } from '../i18n/localize-error';
import { buildSendBytes, convertSendText, type SendOptions } from './build-send-bytes';

const ascii: SendOptions = { mode: 'ascii', escapes: false, appendCrlf: false };
const hex: SendOptions = { mode: 'hex', escapes: false, appendCrlf: false };
const arr = (r: Result<Uint8Array>) => (r.ok ? Array.from(r.value) : r.error);
const sentence = (r: Result<Uint8Array>, lang: 'en' | 'zh-CN' = 'en') => (r.ok ? 'ok' : localizeError(r.error, lang));

describe('buildSendBytes', () => {
  it('sends ASCII text as UTF-8', () => {
    expect(arr(buildSendBytes('Hi', ascii))).toEqual([0x48, 0x69]);
    expect(arr(buildSendBytes('é', ascii))).toEqual([0xc3, 0xa9]);
  });

  it('sends backslashes literally when escapes are off', () => {
    expect(arr(buildSendBytes('a\\r', ascii))).toEqual([0x61, 0x5c, 0x72]);
  });

  it('parses escapes when on', () => {
    expect(arr(buildSendBytes('AT\\r\\n\\x02\\\\', { ...ascii, escapes: true }))).toEqual([0x41, 0x54, 0x0d, 0x0a, 0x02, 0x5c]);
  });

  it('reports a bad escape with its position, in words', () => {
    const r = buildSendBytes('ab\\q', { ...ascii, escapes: true });
    expect(r.ok).toBe(false);
    expect(sentence(r)).toBe('Bad escape "\\q" at character 3 (supported: \\r \\n \\t \\0 \\\\ \\xHH)');
    expect(sentence(r, 'zh-CN')).toContain('第 3 个字符');
  });

  it('appends CR LF for AT commands', () => {
    expect(arr(buildSendBytes('AT', { ...ascii, appendCrlf: true }))).toEqual([0x41, 0x54, 0x0d, 0x0a]);
    expect(arr(buildSendBytes('41 54', { ...hex, appendCrlf: true }))).toEqual([0x41, 0x54, 0x0d, 0x0a]);
  });

  it('parses HEX in the usual spellings', () => {
    expect(arr(buildSendBytes('01 02 0a FF', hex))).toEqual([1, 2, 10, 255]);
    expect(arr(buildSendBytes('0x01,0x02', hex))).toEqual([1, 2]);
    expect(arr(buildSendBytes('DEADBEEF', hex))).toEqual([0xde, 0xad, 0xbe, 0xef]);
  });

  it('reports bad HEX with the position, in both languages', () => {
    const bad = buildSendBytes('01 0G', hex);
    expect(sentence(bad)).toBe('Invalid HEX: character 5 "G" is not a hex digit');
    expect(sentence(bad, 'zh-CN')).toBe('HEX 格式错误：第 5 个字符“G”不是十六进制数字');
    const odd = buildSendBytes('01 123', hex);
    expect(sentence(odd)).toContain('"123" at character 4');
  });

  it('refuses to send nothing', () => {
    expect(sentence(buildSendBytes('', ascii))).toBe('Nothing to send: the send box is empty');
    expect(sentence(buildSendBytes('  ', hex), 'zh-CN')).toBe('发送内容为空');
    expect(arr(buildSendBytes('', { ...ascii, appendCrlf: true }))).toEqual([0x0d, 0x0a]);
  });
});

describe('convertSendText', () => {
  it('turns ASCII into HEX and back', () => {
    expect(convertSendText('Hi\n', 'ascii', false)).toBe('48 69 0A');
    expect(convertSendText('48 69 0A', 'hex', false)).toBe('Hi\n');
  });
  it('keeps HEX that is not printable text as it is, unless escapes can spell it', () => {
    expect(convertSendText('00 01', 'hex', false)).toBeUndefined();
    expect(convertSendText('00 41 0D 5C FF', 'hex', true)).toBe('\\0A\\r\\\\\\xFF');
    expect(convertSendText('zz', 'hex', false)).toBeUndefined();
  });
});
