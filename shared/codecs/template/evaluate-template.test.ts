import { describe, expect, it } from 'vitest';
import { compileHexTemplate, compileTextTemplate, run } from './template-test-support';

describe('templates: counter', () => {
  it.each([
    ['{{counter}}', 0, '00 00 00 01'],
    ['{{counter}}', 2, '00 00 00 03'],
    ['{{counter width=2}}', 0, '00 01'],
    ['{{counter width=2 order=le start=0x1234}}', 0, '34 12'],
    ['{{counter width=1 start=255}}', 1, '00'],
    ['{{counter width=1 start=0 step=-1}}', 1, 'FF'],
    ['{{counter width=8 start=0 step=3}}', 5, '00 00 00 00 00 00 00 0F'],
  ])('%s at send %i is %s', (template, sendIndex, expected) => {
    expect(run(compileHexTemplate(template), { sendIndex })).toBe(expected);
  });

  it('writes decimal and hex text, zero-padded to pad, wrapping at the width', () => {
    expect(run(compileTextTemplate('n={{counter format=dec}}'), { sendIndex: 41 })).toBe('6E 3D 34 32'); // n=42
    expect(run(compileTextTemplate('{{counter format=dec pad=3}}'), { sendIndex: 6 })).toBe('30 30 37'); // 007
    expect(run(compileTextTemplate('{{counter format=hex pad=4 start=0xabc}}'))).toBe('30 41 42 43'); // 0ABC
    expect(run(compileTextTemplate('{{counter format=dec width=1 start=250 step=10}}'), { sendIndex: 1 })).toBe('34'); // 260 mod 256 = 4
  });
});

describe('templates: time and random', () => {
  const now = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
  const text = (s: string) => Array.from(new TextEncoder().encode(s), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

  it('writes the time as text', () => {
    const local = new Date(now);
    const hms = [local.getHours(), local.getMinutes(), local.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    expect(run(compileTextTemplate('{{time}}'), { now })).toBe(text(hms));
    expect(run(compileTextTemplate('{{time format=iso}}'), { now })).toBe(text('2024-01-02T03:04:05.678Z'));
    expect(run(compileTextTemplate('{{time format=unix}}'), { now })).toBe(text('1704164645'));
    expect(run(compileTextTemplate('{{time format=unix-ms}}'), { now })).toBe(text('1704164645678'));
  });

  it('writes the time as binary', () => {
    expect(run(compileHexTemplate('{{time format=unix type=bin}}'), { now })).toBe('65 93 7D 25');
    expect(run(compileHexTemplate('{{time format=unix type=bin order=le}}'), { now })).toBe('25 7D 93 65');
    expect(run(compileHexTemplate('{{time format=unix-ms type=bin}}'), { now })).toBe('00 00 01 8C C8 20 DB 2E');
  });

  it('takes random bytes from the context', () => {
    expect(run(compileHexTemplate('AA {{random}} {{random bytes=2}}'))).toBe('AA 00 01 02 03 00 01');
  });
});

describe('templates: len and crc', () => {
  it('Modbus RTU read holding registers with a counter address and its CRC-16/MODBUS', () => {
    const template = compileHexTemplate('01 03 {{counter width=2 start=0}} 00 0A {{crc model=crc-16/modbus}}');
    expect(run(template)).toBe('01 03 00 00 00 0A C5 CD');
  });

  it('counts the bytes after the field by default, and a given range with adjust', () => {
    expect(run(compileHexTemplate('AA {{len}} 01 02 03'))).toBe('AA 03 01 02 03');
    expect(run(compileHexTemplate('AA {{len width=2 from=0 to=end}} 01 02 03'))).toBe('AA 00 06 01 02 03');
    expect(run(compileHexTemplate('AA {{len width=2 order=le adjust=-1}} 01 02 03'))).toBe('AA 02 00 01 02 03');
    expect(run(compileTextTemplate('L{{len format=dec width=3}}abcd'))).toBe('4C 30 30 34 61 62 63 64'); // L004abcd
  });

  it('a len before a crc: the crc covers the filled length', () => {
    // STX len payload crc8 over len..payload
    expect(run(compileHexTemplate('02 {{len to=end-1}} 31 32 33 {{crc model=xor8 from=1}}'))).toBe('02 03 31 32 33 33');
  });

  it('NMEA: xor8 between $ and *, written as ASCII hex', () => {
    const sentence = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,';
    const template = compileTextTemplate(`${sentence}*{{crc model=xor8 from=1 to=here-1 output=ascii-hex}}`);
    expect(run(template)).toBe(Array.from(new TextEncoder().encode(`${sentence}*47`), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' '));
  });

  it('a crc sees later crc fields as zeros, earlier ones filled', () => {
    expect(run(compileHexTemplate('01 {{crc model=sum8}} {{crc model=sum8 from=0}}'))).toBe('01 01 02');
  });

  it('refuses ranges outside the payload, and a crc over itself', () => {
    expect(run(compileHexTemplate('01 02 {{crc model=sum8 from=5}}'))).toMatchObject({ reason: 'template', problem: 'range', position: 7, from: 5, to: 2, length: 3 });
    expect(run(compileHexTemplate('01 {{len to=end+1}}'))).toMatchObject({ problem: 'range', to: 3, length: 2 });
    expect(run(compileHexTemplate('01 {{crc model=sum8 to=end}}'))).toMatchObject({ problem: 'rangeSelf', position: 4 });
  });

  it('refuses a length that does not fit its field', () => {
    const long = `{{len}} ${'00 '.repeat(256)}`;
    expect(run(compileHexTemplate(long))).toMatchObject({ problem: 'valueTooLarge', name: 'len', value: 256, max: 255 });
    expect(run(compileHexTemplate('{{len adjust=-1}}'))).toMatchObject({ problem: 'valueTooLarge', value: -1 });
  });
});

describe('template errors name the character that is wrong', () => {
  it.each([
    ['01 {{counter', { problem: 'unclosed', position: 4 }],
    ['01 {{counter {{crc}}', { problem: 'unclosed', position: 4 }],
    ['{{ }}', { problem: 'empty', position: 1 }],
    ['01 {{count}}', { problem: 'unknownField', position: 6, name: 'count' }],
    ['{{counter widht=2}}', { problem: 'unknownOption', position: 11, name: 'counter', option: 'widht' }],
    ['{{counter width=2 width=1}}', { problem: 'duplicateOption', position: 19, option: 'width' }],
    ['{{counter width}}', { problem: 'badOption', position: 11, option: 'width' }],
    ['{{counter width=3}}', { problem: 'badValue', position: 17, option: 'width', value: '3', expected: '1|2|4|8' }],
    ['{{counter format=oct}}', { problem: 'badValue', option: 'format', expected: 'bin|dec|hex' }],
    ['{{counter pad=2}}', { problem: 'badValue', option: 'pad' }],
    ['{{random bytes=0}}', { problem: 'badValue', option: 'bytes' }],
    ['{{time format=hms type=bin}}', { problem: 'badValue', option: 'format' }],
    ['{{time format=unix-ms type=bin width=4}}', { problem: 'badValue', option: 'width', expected: '8' }],
    ['{{time width=4}}', { problem: 'badValue', option: 'width' }],
    ['{{len from=middle}}', { problem: 'badValue', option: 'from' }],
    ['{{crc model=crc-99/nope}}', { problem: 'unknownModel', position: 13, model: 'crc-99/nope' }],
  ])('%s', (template, params) => {
    expect(run(compileHexTemplate(template))).toMatchObject({ field: 'data', reason: 'template', ...params });
  });

  it('counts characters, not UTF-16 units, before the mistake', () => {
    expect(run(compileTextTemplate('😀 {{nope}}'))).toMatchObject({ problem: 'unknownField', position: 5 });
  });

  it('accepts names, keys and keyword values in any case, and model aliases', () => {
    expect(run(compileHexTemplate('01 03 00 00 00 0A {{CRC Model=MODBUS Output=RAW}}'))).toBe('01 03 00 00 00 0A C5 CD');
  });

  it('refuses a bad context instead of throwing', () => {
    expect(run(compileHexTemplate('{{counter}}'), { sendIndex: -1 })).toMatchObject({ field: 'sendIndex' });
    expect(run(compileHexTemplate('{{time}}'), { now: Number.NaN })).toMatchObject({ field: 'now' });
    expect(run(compileHexTemplate('{{random}}'), { random: () => new Uint8Array(1) })).toMatchObject({ field: 'random' });
  });
});
