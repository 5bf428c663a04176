import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatch, MESSAGE_MATCH_KINDS, parseHexPattern, type MessageMatchSpec } from './message-match';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function matcher(spec: MessageMatchSpec, encoding: Parameters<typeof compileMatch>[1] = 'utf-8') {
  const compiled = compileMatch(spec, encoding);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value;
}

describe('message matching (rules and sequence expects)', () => {
  it('any, exact, contains and starts-with compare bytes; text patterns read escapes', () => {
    expect(matcher({ kind: 'any' }).test(utf8('x'))?.captures).toEqual(['x']);
    const exact = matcher({ kind: 'exact', pattern: 'PING\\r\\n', mode: 'text' });
    expect(exact.test(utf8('PING\r\n'))).toBeDefined();
    expect(exact.test(utf8('PING\r\n!'))).toBeUndefined();
    expect(exact.test(utf8('PING'))).toBeUndefined();
    const contains = matcher({ kind: 'contains', pattern: 'OK', mode: 'text' });
    expect(contains.test(utf8('+OK ready'))).toBeDefined();
    expect(contains.test(utf8('O K'))).toBeUndefined();
    const starts = matcher({ kind: 'starts-with', pattern: '01 03', mode: 'hex' });
    expect(starts.test(Uint8Array.of(1, 3, 0, 0, 0, 10))).toBeDefined();
    expect(starts.test(Uint8Array.of(1, 6))).toBeUndefined();
  });

  it('encodes a text pattern in the tab\'s encoding: 你好 in GBK matches C4 E3 BA C3, not the UTF-8 bytes', () => {
    const gbk = matcher({ kind: 'contains', pattern: '你好', mode: 'text' }, 'gbk');
    expect(gbk.test(Uint8Array.of(0x41, 0xc4, 0xe3, 0xba, 0xc3))?.captures).toEqual(['A你好']);
    expect(gbk.test(utf8('你好'))).toBeUndefined();
  });

  it('regex runs on the decoded text and gives its groups as captures; ignore case on request', () => {
    const hello = matcher({ kind: 'regex', source: '^name=(\\w+)', ignoreCase: true });
    expect(hello.test(utf8('NAME=Ada\n'))?.captures).toEqual(['NAME=Ada', 'Ada']);
    expect(matcher({ kind: 'regex', source: '^name=(\\w+)', ignoreCase: false }).test(utf8('NAME=Ada'))).toBeUndefined();
    expect(matcher({ kind: 'regex', source: 'a(b)?c', ignoreCase: false }).test(utf8('ac'))?.captures).toEqual(['ac', '']);
  });

  it('a HEX pattern matches the whole message with ?? for any byte', () => {
    const modbus = matcher({ kind: 'hex-pattern', pattern: '01 03 ?? ?? 00 0A ?? ??' });
    expect(modbus.test(Uint8Array.of(1, 3, 0, 0, 0, 10, 0xc5, 0xcd))).toBeDefined();
    expect(modbus.test(Uint8Array.of(1, 3, 0, 0, 0, 11, 0xc5, 0xcd))).toBeUndefined();
    expect(modbus.test(Uint8Array.of(1, 3, 0, 0, 0, 10, 0xc5))).toBeUndefined();
  });

  it('length matches min ≤ bytes ≤ max', () => {
    const len = matcher({ kind: 'length', min: 2, max: 3 });
    expect([1, 2, 3, 4].map((n) => len.test(new Uint8Array(n)) !== undefined)).toEqual([false, true, true, false]);
  });

  it('bad input is an error that says where, never a throw', () => {
    const error = (spec: MessageMatchSpec) => {
      const compiled = compileMatch(spec, 'utf-8');
      return compiled.ok ? 'ok' : { field: compiled.error.params?.field, reason: compiled.error.params?.reason, position: compiled.error.params?.position };
    };
    expect(error({ kind: 'regex', source: 'a(b', ignoreCase: false })).toEqual({ field: 'source', reason: 'invalid-regex', position: 2 });
    expect(error({ kind: 'hex-pattern', pattern: '01 0G' })).toEqual({ field: 'pattern', reason: 'invalid-hex-pattern', position: 5 });
    expect(error({ kind: 'contains', pattern: '01 ZZ', mode: 'hex' })).toMatchObject({ field: 'pattern', position: 4 });
    expect(error({ kind: 'contains', pattern: '', mode: 'text' })).toMatchObject({ field: 'pattern', reason: 'empty' });
    expect(error({ kind: 'length', min: 5, max: 2 })).toMatchObject({ field: 'min', reason: 'min-above-max' });
    expect(error({ kind: 'length', min: -1, max: 2 })).toMatchObject({ field: 'min', reason: 'out-of-range' });
    expect(compileMatch({ kind: 'any' }, 'klingon' as never).ok).toBe(false);
  });

  it('parseHexPattern reads separators and wildcards', () => {
    expect(parseHexPattern('01,03:??-ff')).toEqual({ ok: true, value: [1, 3, -1, 255] });
  });

  it('never throws, whatever the spec text and the message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MESSAGE_MATCH_KINDS), fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 64 }), fc.nat(100), (kind, text, bytes, n) => {
        const spec = { kind, pattern: text, source: text, mode: n % 2 ? 'hex' : 'text', ignoreCase: n % 3 === 0, min: n % 10, max: n } as MessageMatchSpec;
        const compiled = compileMatch(spec, n % 2 ? 'gbk' : 'utf-8');
        if (compiled.ok) compiled.value.test(bytes);
        return true;
      }),
    );
  });
});
