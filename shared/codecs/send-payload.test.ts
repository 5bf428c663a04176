import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppError, Result } from '../contract/errors';
import { plainSendSpec, type SendSpec } from '../contract/send-spec';
import { CHECKSUM_MODELS } from './checksum';
import { ENCODINGS } from './encoding-list';
import { encodeText } from './encodings';
import { parseEscapesWith } from './escapes';
import { parseHex } from './hex';
import { buildSendPayload, compileSendSpec, evaluateSendSpec, type SendContext } from './send-payload';

const context: SendContext = { sendIndex: 0, now: Date.UTC(2024, 0, 2, 3, 4, 5), random: (n) => new Uint8Array(n).fill(0xee) };
const hexOf = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
const ascii = (s: string) => hexOf(new TextEncoder().encode(s));
const build = (spec: Partial<SendSpec> & { text: string }, ctx: Partial<SendContext> = {}): string | AppError['params'] => {
  const bytes = buildSendPayload({ ...plainSendSpec(spec.text), ...spec }, { ...context, ...ctx });
  return bytes.ok ? hexOf(bytes.value) : { code: bytes.error.code, ...bytes.error.params };
};
const modbus = { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } as const;

describe('buildSendPayload: the send box as bytes', () => {
  it('Modbus RTU: 01 03 00 00 00 0A with CRC-16/MODBUS, low byte first', () => {
    expect(build({ text: '01 03 00 00 00 0A', mode: 'hex', checksum: modbus })).toBe('01 03 00 00 00 0A C5 CD');
    expect(build({ text: '01 03 00 00 00 0A', mode: 'hex', checksum: { ...modbus, order: 'be' } })).toBe('01 03 00 00 00 0A CD C5');
  });

  it('NMEA with the checksum option: xor8 between $ and *, ASCII hex, then CR LF', () => {
    const sentence = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*';
    const checksum = { model: 'xor8', order: 'be', output: 'ascii-hex', skipStart: 1, skipEnd: 1 } as const;
    expect(build({ text: sentence, checksum, appendCrlf: true })).toBe(ascii(`${sentence}47\r\n`));
  });

  it('NMEA with a template field instead', () => {
    const sentence = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,';
    const text = `${sentence}*{{crc model=xor8 from=1 to=here-1 output=ascii-hex}}`;
    expect(build({ text, appendCrlf: true })).toBe(ascii(`${sentence}*47\r\n`));
  });

  it('encodes text in the chosen encoding; HEX ignores it', () => {
    expect(build({ text: '中文', encoding: 'gbk' })).toBe('D6 D0 CE C4');
    expect(build({ text: '中文' })).toBe('E4 B8 AD E6 96 87');
    expect(build({ text: 'Aé', encoding: 'windows-1252' })).toBe('41 E9');
    expect(build({ text: 'A\\r', encoding: 'utf-16be', escapes: true, appendCrlf: true })).toBe('00 41 0D 00 0D 00 0A');
    expect(build({ text: '41', mode: 'hex', encoding: 'utf-16le', appendCrlf: true })).toBe('41 0D 0A');
  });

  it('writes template text fields in UTF-16 when the text is UTF-16', () => {
    expect(build({ text: 'n{{counter format=dec}}', encoding: 'utf-16le' }, { sendIndex: 9 })).toBe('6E 00 31 00 30 00');
  });

  it('names an unencodable character with its place in the whole text', () => {
    expect(build({ text: 'AB{{counter}}c😀', encoding: 'gbk' })).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'unencodable', char: '😀', position: 15 });
    expect(build({ text: '😀x\\r€한', encoding: 'gbk', escapes: true })).toMatchObject({ reason: 'unencodable', position: 1 });
    expect(build({ text: 'ok\\r한', encoding: 'gbk', escapes: true })).toMatchObject({ reason: 'unencodable', char: '한', position: 5 });
    expect(build({ text: '\\0中', encoding: 'windows-1252', escapes: true })).toMatchObject({ reason: 'unencodable', char: '中', position: 3 });
  });

  it('places HEX and escape errors after a field in the whole text', () => {
    expect(build({ text: '01 {{counter}} 0G', mode: 'hex' })).toMatchObject({ code: 'INVALID_HEX', position: 17, char: 'G' });
    expect(build({ text: '01 {{counter}} 123', mode: 'hex' })).toMatchObject({ code: 'INVALID_HEX', position: 16, group: '123' });
    expect(build({ text: '😀{{counter}}\\q', escapes: true })).toMatchObject({ code: 'INVALID_ARGUMENT', escape: '\\q', position: 13 });
  });

  it('sends a literal {{ as \\{ with escapes on, or in HEX', () => {
    expect(build({ text: '\\{{x}}', escapes: true })).toBe(ascii('{{x}}'));
    expect(build({ text: '7B 7B', mode: 'hex' })).toBe('7B 7B');
    expect(build({ text: '{{x}}' })).toMatchObject({ reason: 'template', problem: 'unknownField', position: 3 });
  });

  it('refuses a checksum model it does not know, and a skip larger than the payload', () => {
    expect(build({ text: 'A', checksum: { ...modbus, model: 'crc-99' } })).toMatchObject({ field: 'checksum', reason: 'unknownChecksum', model: 'crc-99' });
    expect(build({ text: 'AB', checksum: { ...modbus, skipStart: 2, skipEnd: 1 } })).toMatchObject({
      field: 'checksum',
      reason: 'checksumRange',
      length: 2,
      skipStart: 2,
      skipEnd: 1,
    });
  });

  it('refuses to send nothing, but CR LF alone is something', () => {
    expect(build({ text: '' })).toMatchObject({ reason: 'empty' });
    expect(build({ text: '  ', mode: 'hex' })).toMatchObject({ reason: 'empty' });
    expect(build({ text: '', appendCrlf: true })).toBe('0D 0A');
  });

  it('compiles once and evaluates per send: a counter and its CRC change together', () => {
    const compiled = compileSendSpec({ ...plainSendSpec('01 06 00 01 {{counter width=2}}', 'hex'), checksum: modbus });
    if (!compiled.ok) throw new Error(compiled.error.message);
    const sends = [0, 1, 2].map((sendIndex) => {
      const bytes = evaluateSendSpec(compiled.value, { ...context, sendIndex });
      return bytes.ok ? hexOf(bytes.value) : '?';
    });
    expect(sends.map((s) => s.slice(0, 17))).toEqual(['01 06 00 01 00 01', '01 06 00 01 00 02', '01 06 00 01 00 03']);
    expect(new Set(sends.map((s) => s.slice(18))).size).toBe(3);
  });
});

/** The bytes without templates: the whole text as HEX, or escapes and the encoding, then CR LF (as text in ASCII mode). */
function plainBuild(spec: SendSpec): Result<Uint8Array> {
  const body = spec.mode === 'hex' ? parseHex(spec.text) : spec.escapes ? parseEscapesWith(spec.text, (run) => encodeText(run, spec.encoding)) : encodeText(spec.text, spec.encoding);
  if (!body.ok || !spec.appendCrlf) return body;
  const crlf = spec.mode === 'hex' ? { ok: true as const, value: Uint8Array.of(0x0d, 0x0a) } : encodeText('\r\n', spec.encoding);
  return { ok: true, value: Uint8Array.from([...body.value, ...(crlf.ok ? crlf.value : [])]) };
}

const specArbitrary = (text: fc.Arbitrary<string>) =>
  fc.record({
    text,
    mode: fc.constantFrom('ascii' as const, 'hex' as const),
    escapes: fc.boolean(),
    appendCrlf: fc.boolean(),
    encoding: fc.constantFrom(...ENCODINGS.map((e) => e.value)),
    checksum: fc.constant(null),
  });

describe('send payload properties', () => {
  it('a text without fields gives the same bytes as the plain build', () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: fc.constantFrom('0', '1', 'a', 'F', ' ', ',', 'x', '\\', 'r', '中', '{', '}'), maxLength: 40 }));
    fc.assert(
      fc.property(specArbitrary(text.filter((t) => !t.includes('{{'))), (spec) => {
        const plain = plainBuild(spec);
        const built = buildSendPayload(spec, context);
        if (plain.ok && plain.value.length > 0) return built.ok && hexOf(built.value) === hexOf(plain.value);
        if (plain.ok) return !built.ok && built.error.params?.reason === 'empty';
        // Both refuse, at the same character. The plain parsers count UTF-16 units (equal without astral characters),
        // and with escapes on the encoder counts from the start of its run, not of the text: compared only without both.
        const plainCountsFromRun = spec.escapes && plain.error.params?.reason === 'unencodable';
        const samePlace = /[\uD800-\uDFFF]/.test(spec.text) || plainCountsFromRun || built.ok || built.error.params?.position === plain.error.params?.position;
        return !built.ok && built.error.code === plain.error.code && samePlace;
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any spec, checksum and context', () => {
    const ids = Object.keys(CHECKSUM_MODELS);
    const checksum = fc.option(
      fc.record({
        model: fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 8 })),
        order: fc.constantFrom('le' as const, 'be' as const),
        output: fc.constantFrom('raw' as const, 'ascii-hex' as const),
        skipStart: fc.nat({ max: 8 }),
        skipEnd: fc.nat({ max: 8 }),
      }),
    );
    const text = fc.array(fc.constantFrom('{{counter}}', '{{crc model=sum8}}', '{{len}}', '01', ' ', 'A', '\\', '{{', '}}', '😀'), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(specArbitrary(text), checksum, fc.integer(), (spec, check, sendIndex) => {
        const result = buildSendPayload({ ...spec, checksum: check }, { ...context, sendIndex });
        return result.ok ? result.value.length > 0 : typeof result.error.code === 'string';
      }),
      { numRuns: 2000 },
    );
  });
});
