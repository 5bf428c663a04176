import { describe, expect, it } from 'vitest';
import { buildSendPayload } from '@shared/codecs/send-payload';
import { plainSendSpec, type SendSpec } from '@shared/contract/send-spec';
import { localizeError } from '../i18n/localize-error';

/** What a person reads when the send box cannot be sent, in both languages: the codec's error through localizeError. */
function sentences(spec: Partial<SendSpec> & { text: string }): [en: string, zh: string] {
  const result = buildSendPayload({ ...plainSendSpec(spec.text), ...spec }, { sendIndex: 0, now: 0, random: (n) => new Uint8Array(n) });
  if (result.ok) throw new Error(`expected an error for ${JSON.stringify(spec.text)}`);
  return [localizeError(result.error, 'en'), localizeError(result.error, 'zh-CN')];
}

describe('send box errors in words', () => {
  it.each<[string, Partial<SendSpec> & { text: string }, string, string]>([
    [
      'bad HEX after a field',
      { text: '01 {{counter}} 0G', mode: 'hex' },
      'Invalid HEX: character 17 "G" is not a hex digit',
      'HEX 格式错误：第 17 个字符“G”不是十六进制数字',
    ],
    [
      'an odd HEX group',
      { text: '01 123', mode: 'hex' },
      'Invalid HEX: "123" at character 4 has an odd number of digits; each byte needs two',
      'HEX 格式错误：从第 4 个字符开始的“123”位数为奇数，每个字节需要两位',
    ],
    [
      'a bad escape',
      { text: 'ab\\q', escapes: true },
      'Bad escape "\\q" at character 3 (supported: \\r \\n \\t \\0 \\\\ \\{ \\} \\xHH)',
      '转义符错误：第 3 个字符处的“\\q”无法识别（支持 \\r \\n \\t \\0 \\\\ \\{ \\} \\xHH）',
    ],
    [
      'an unencodable character',
      { text: 'AT+温度€😀', encoding: 'gbk' },
      'Character "😀" (U+1F600) at character 7 cannot be encoded in GBK: choose another encoding, or send its bytes as \\xHH escapes',
      '第 7 个字符“😀”（U+1F600）无法用 GBK 编码：请换一种编码，或用 \\xHH 转义符发送它的字节',
    ],
    [
      'an unknown checksum model',
      { text: 'A', checksum: { model: 'crc-99/x', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } },
      'Unknown checksum model "crc-99/x"',
      '未知的校验算法“crc-99/x”',
    ],
    [
      'a checksum range outside the payload',
      { text: 'AB', checksum: { model: 'xor8', order: 'be', output: 'raw', skipStart: 2, skipEnd: 1 } },
      'The checksum cannot skip 2 + 1 bytes of a 2-byte payload',
      '校验无法在 2 字节的数据中跳过开头 2 字节和结尾 1 字节',
    ],
    [
      'an unclosed field',
      { text: 'AT{{counter' },
      'Template error at character 3: “{{” is not closed with “}}” (to send “{{” itself, type \\{{ with escapes on, or 7B 7B in HEX)',
      '模板错误（第 3 个字符）：“{{”没有用“}}”结束（要发送“{{”本身，请在开启转义符时输入 \\{{，或在 HEX 模式下输入 7B 7B）',
    ],
    ['an empty field', { text: 'x{{ }}' }, 'Template error at character 2: the field is empty', '模板错误（第 2 个字符）：字段为空'],
    [
      'an unknown field',
      { text: '{{count}}' },
      'Template error at character 3: there is no field "count" (fields: counter, time, random, len, crc)',
      '模板错误（第 3 个字符）：没有名为“count”的字段（可用字段：counter, time, random, len, crc）',
    ],
    [
      'an unknown option',
      { text: '{{random size=2}}' },
      'Template error at character 10: random has no option "size" (options: bytes)',
      '模板错误（第 10 个字符）：random 没有选项“size”（可用选项：bytes）',
    ],
    ['a word that is not name=value', { text: '{{len 2}}' }, 'Template error at character 7: "2" should be name=value', '模板错误（第 7 个字符）：“2”应写成 名称=值'],
    ['an option given twice', { text: '{{len to=end to=3}}' }, 'Template error at character 14: option "to" is given twice', '模板错误（第 14 个字符）：选项“to”重复'],
    [
      'a bad value',
      { text: '{{counter width=3}}' },
      'Template error at character 17: width=3 is not valid (expected 1|2|4|8)',
      '模板错误（第 17 个字符）：width=3 无效（应为 1|2|4|8）',
    ],
    [
      'an unknown model in a field',
      { text: '01 {{crc model=crc-7/nope}}', mode: 'hex' },
      'Template error at character 16: unknown checksum model "crc-7/nope"',
      '模板错误（第 16 个字符）：未知的校验算法“crc-7/nope”',
    ],
    [
      'a range outside the payload',
      { text: '01 {{crc model=sum8 from=4}}', mode: 'hex' },
      'Template error at character 4: the crc range 4–1 is outside the 2-byte payload',
      '模板错误（第 4 个字符）：crc 的范围 4–1 超出了 2 字节的数据',
    ],
    [
      'a crc over itself',
      { text: '01 {{crc model=sum8 to=end}}', mode: 'hex' },
      'Template error at character 4: a crc field cannot include its own bytes (range 0–2)',
      '模板错误（第 4 个字符）：crc 字段的范围不能包含它自己的字节（范围 0–2）',
    ],
    [
      'a length too large for its field',
      { text: `{{len}} ${'00 '.repeat(300)}`, mode: 'hex' },
      'Template error at character 1: 300 does not fit the len field (0 to 255)',
      '模板错误（第 1 个字符）：300 超出了 len 字段的范围（0 到 255）',
    ],
    ['nothing to send', { text: '' }, 'Nothing to send: the send box is empty', '发送内容为空'],
  ])('%s', (_what, spec, en, zh) => {
    expect(sentences(spec)).toEqual([en, zh]);
  });
});
