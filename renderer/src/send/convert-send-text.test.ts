import { describe, expect, it } from 'vitest';
import { convertSendText } from './convert-send-text';

const utf8 = { escapes: false, encoding: 'utf-8' } as const;
const escapes = { escapes: true, encoding: 'utf-8' } as const;

describe('convertSendText: the ASCII ⇄ HEX switch', () => {
  it('turns ASCII into HEX and back', () => {
    expect(convertSendText('Hi\n', 'ascii', utf8)).toBe('48 69 0A');
    expect(convertSendText('48 69 0A', 'hex', utf8)).toBe('Hi\n');
  });

  it('keeps HEX that is not printable text as it is, unless escapes can spell it', () => {
    expect(convertSendText('00 01', 'hex', utf8)).toBeUndefined();
    expect(convertSendText('00 41 0D 5C FF', 'hex', escapes)).toBe('\\0A\\r\\\\\\xFF');
    expect(convertSendText('zz', 'hex', utf8)).toBeUndefined();
  });

  it('spells text in the send encoding', () => {
    expect(convertSendText('中文', 'ascii', { escapes: false, encoding: 'gbk' })).toBe('D6 D0 CE C4');
    expect(convertSendText('D6 D0 CE C4', 'hex', { escapes: false, encoding: 'gbk' })).toBe('中文');
    expect(convertSendText('E4 B8 AD 0D', 'hex', escapes)).toBe('中\\r');
    expect(convertSendText('41 00', 'hex', { escapes: true, encoding: 'utf-16le' })).toBe('A');
    expect(convertSendText('41', 'hex', { escapes: true, encoding: 'utf-16le' })).toBe('\\x41');
  });

  it('keeps template fields as they are between the converted literals', () => {
    expect(convertSendText('AT{{counter format=dec}}\\r\\n', 'ascii', escapes)).toBe('41 54 {{counter format=dec}} 0D 0A');
    expect(convertSendText('41 54 {{counter format=dec}} 0D 0A', 'hex', escapes)).toBe('AT{{counter format=dec}}\\r\\n');
    expect(convertSendText('01 03 {{crc}}', 'hex', utf8)).toBeUndefined(); // 01 03 spell no text without escapes
  });

  it('never offers text that would read as a field: "{{" is written \\{{ or kept as HEX', () => {
    expect(convertSendText('7B 7B 78 7D 7D', 'hex', escapes)).toBe('\\{{x}}');
    expect(convertSendText('7B 7B', 'hex', utf8)).toBeUndefined();
    expect(convertSendText('\\{{x}}', 'ascii', escapes)).toBe('7B 7B 78 7D 7D');
    expect(convertSendText('7B {{counter}}', 'hex', escapes)).toBe('\\{{{counter}}');
    expect(convertSendText('{"a":1}', 'ascii', utf8)).toBe('7B 22 61 22 3A 31 7D');
    expect(convertSendText('7B 22 61 22 3A 31 7D', 'hex', escapes)).toBe('{"a":1}');
  });

  it('leaves a text with a template mistake as typed', () => {
    expect(convertSendText('AT{{counter', 'ascii', utf8)).toBeUndefined();
  });
});
