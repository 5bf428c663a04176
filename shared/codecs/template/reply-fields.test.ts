import { describe, expect, it } from 'vitest';
import { compileSendSpec, evaluateSendSpec } from '../send-payload';
import type { TextEncoding } from '../encoding-list';
import type { ReplyContext } from './reply-fields';
import { changeCaseOfBytes } from './reply-fields';
import { CONTEXT, hexOf } from './template-test-support';

/** The reply fields of auto-reply rules (issue 10): what a reply takes from the message it answers. */

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function reply(text: string, context: ReplyContext, options: { groups?: number; encoding?: TextEncoding; mode?: 'ascii' | 'hex' } = {}) {
  const encoding = options.encoding ?? 'utf-8';
  const compiled = compileSendSpec(
    { text, mode: options.mode ?? 'ascii', escapes: true, appendCrlf: false, encoding, checksum: null },
    { reply: { groups: options.groups ?? 0, encoding } },
  );
  if (!compiled.ok) return compiled.error.params;
  const bytes = evaluateSendSpec(compiled.value, { ...CONTEXT, reply: context });
  return bytes.ok ? bytes.value : bytes.error.params;
}

const context = (message: string | Uint8Array, captures: readonly string[] = [], peer = '127.0.0.1:5000'): ReplyContext => {
  const bytes = typeof message === 'string' ? utf8(message) : message;
  return { message: bytes, captures: captures.length > 0 ? captures : [new TextDecoder().decode(bytes)], peer };
};

describe('reply template fields', () => {
  it('$0…$9 are the captures as text, in the case asked for', () => {
    expect(reply('Hello, {{$1}}!', context('name=Ada', ['name=Ada', 'Ada']), { groups: 1 })).toEqual(utf8('Hello, Ada!'));
    expect(reply('{{$1 case=upper}}-{{$2 case=lower}}-{{$0}}', context('x', ['ab=CD', 'ab', 'CD']), { groups: 2 })).toEqual(utf8('AB-cd-ab=CD'));
    // A group that took no part is empty text.
    expect(reply('[{{$1}}]', context('x', ['x', '']), { groups: 1 })).toEqual(utf8('[]'));
  });

  it('{{msg}} is the message exactly as received, binary included; {{peer}} is the sender', () => {
    const binary = Uint8Array.of(0, 0xff, 0x80, 0x0d, 0x0a);
    expect(reply('>{{msg}}<', context(binary))).toEqual(Uint8Array.of(0x3e, ...binary, 0x3c));
    expect(reply('AA {{msg}} {{peer}}', context(binary, [], '[::1]:9'), { mode: 'hex' })).toEqual(Uint8Array.of(0xaa, ...binary, ...utf8('[::1]:9')));
  });

  it('text goes out in the rule set\'s encoding: a GBK capture comes back as GBK bytes', () => {
    const gbk = Uint8Array.of(0xc4, 0xe3, 0xba, 0xc3); // 你好
    expect(hexOf(reply('{{$0}}!', { message: gbk, captures: ['你好'], peer: 'p' }, { encoding: 'gbk' }) as Uint8Array)).toBe('C4 E3 BA C3 21');
    expect(hexOf(reply('{{msg case=upper}}', { message: Uint8Array.of(0x61, ...gbk), captures: [], peer: 'p' }, { encoding: 'gbk' }) as Uint8Array)).toBe('41 C4 E3 BA C3');
  });

  it('case on a message that does not decode changes ASCII letters only and keeps every other byte', () => {
    expect(changeCaseOfBytes(Uint8Array.of(0x61, 0xff, 0x7a, 0xc3), 'utf-8', 'upper')).toEqual(Uint8Array.of(0x41, 0xff, 0x5a, 0xc3));
    expect(changeCaseOfBytes(Uint8Array.of(0x41, 0, 0x42, 0x01), 'utf-16le', 'lower')).toEqual(Uint8Array.of(0x61, 0, 0x42, 0x01));
    expect(changeCaseOfBytes(utf8('straße é'), 'utf-8', 'upper')).toEqual(utf8('STRASSE É'));
  });

  it('is checked where it is written: a capture the match has no group for, an option it does not take', () => {
    expect(reply('x {{$3}}', context('a'), { groups: 1 })).toMatchObject({ reason: 'template', problem: 'noCapture', name: '$3', groups: 1, position: 5 });
    expect(reply('{{peer case=upper}}', context('a'))).toMatchObject({ problem: 'unknownOption', option: 'case' });
    expect(reply('{{msg case=title}}', context('a'))).toMatchObject({ problem: 'badValue', option: 'case' });
  });

  it('a capture its encoding cannot write is an error at the field, not a silent ?', () => {
    expect(reply('ab{{$0}}', { message: utf8('😀'), captures: ['😀'], peer: 'p' }, { encoding: 'gbk' })).toMatchObject({ reason: 'unencodable', position: 3 });
  });

  it('the send box does not know them: there, {{msg}} is an unknown field', () => {
    const compiled = compileSendSpec({ text: '{{msg}}', mode: 'ascii', escapes: false, appendCrlf: false, encoding: 'utf-8', checksum: null });
    expect(compiled.ok ? undefined : compiled.error.params).toMatchObject({ problem: 'unknownField', name: 'msg' });
  });

  it('len and crc see the reply fields\' bytes like any other', () => {
    expect(hexOf(reply('{{len}}{{msg}}', context('abc'), { mode: 'hex' }) as Uint8Array)).toBe('03 61 62 63');
  });
});
