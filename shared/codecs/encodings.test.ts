import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENCODINGS, decodeForDisplay as decodeRuns, encodeText, isEncoding, type TextEncoding } from './encodings';
import { formatDisplaySegments as formatRuns, formatDisplayText, type DisplaySegment } from './text';

/** Escape runs split back into one segment per byte, so the tables below can name each byte. */
function perByte(segments: readonly DisplaySegment[]): DisplaySegment[] {
  return segments.flatMap((segment) =>
    segment.isEscape ? (segment.text.match(/\\x[0-9A-F]{2}/g) ?? []).map((one) => ({ text: one, isEscape: true })) : [segment],
  );
}
const decodeForDisplay = (bytes: Uint8Array, encoding: TextEncoding): DisplaySegment[] => perByte(decodeRuns(bytes, encoding));
const formatDisplaySegments = (bytes: Uint8Array): DisplaySegment[] => perByte(formatRuns(bytes));

const ALL = ENCODINGS.map((encoding) => encoding.value);
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
const bytesOf = (spaced: string): Uint8Array => Uint8Array.from(spaced.split(' ').filter(Boolean), (pair) => parseInt(pair, 16));
const text = (value: string): DisplaySegment => ({ text: value, isEscape: false });
const esc = (value: string): DisplaySegment => ({ text: value, isEscape: true });

const encoded = (value: string, encoding: TextEncoding): string => {
  const result = encodeText(value, encoding);
  if (!result.ok) throw new Error(result.error.message);
  return hex(result.value);
};

// Node 20.18.3 and later read windows-1252 as Latin-1 (nodejs/node#60888): 0x80 comes out as U+0080, not €.
// Browsers follow the standard. Where the display depends on it, the test says so instead of pretending.
const platformWindows1252IsStandard = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) === '€';

describe('ENCODINGS and isEncoding', () => {
  it('lists the encodings devices speak, with the names the selects show', () => {
    expect(ENCODINGS.map((e) => [e.value, e.name])).toEqual([
      ['utf-8', 'UTF-8'],
      ['gbk', 'GBK'],
      ['gb18030', 'GB18030'],
      ['big5', 'Big5'],
      ['shift_jis', 'Shift_JIS'],
      ['euc-kr', 'EUC-KR'],
      ['windows-1252', 'Windows-1252 (Latin-1)'],
      ['utf-16le', 'UTF-16LE'],
      ['utf-16be', 'UTF-16BE'],
    ]);
  });

  it('accepts exactly those values', () => {
    for (const value of ALL) expect(isEncoding(value)).toBe(true);
    for (const value of ['UTF-8', 'utf8', 'latin1', 'ascii', '', undefined, 8, null]) expect(isEncoding(value)).toBe(false);
  });

  it('knows each encoding in the platform decoder', () => {
    for (const value of ALL) expect(() => new TextDecoder(value, { fatal: true })).not.toThrow();
  });
});

// Published code points: GBK/GB18030 (GB 2312 row 54/46), Big5, JIS X 0208 via Shift_JIS, KS X 1001 via EUC-KR,
// the Windows-1252 and GB18030 euro, UTF-16 code units.
const VECTORS: readonly [TextEncoding, string, string][] = [
  ['gbk', '中文', 'D6 D0 CE C4'],
  ['gbk', '€', '80'],
  ['gb18030', '中文', 'D6 D0 CE C4'],
  ['gb18030', '€', 'A2 E3'],
  ['gb18030', '\u{10000}', '90 30 81 30'],
  ['big5', '中文', 'A4 A4 A4 E5'],
  ['shift_jis', '日本', '93 FA 96 7B'],
  ['shift_jis', 'ｱ', 'B1'],
  ['euc-kr', '한국', 'C7 D1 B1 B9'],
  ['windows-1252', '€', '80'],
  ['windows-1252', 'é', 'E9'],
  ['utf-16be', 'A中', '00 41 4E 2D'],
  ['utf-16le', 'A中', '41 00 2D 4E'],
  ['utf-16le', '😀', '3D D8 00 DE'],
  ['utf-8', '中', 'E4 B8 AD'],
  ['utf-8', '😀', 'F0 9F 98 80'],
];

describe('encodeText', () => {
  it.each(VECTORS)('encodes in %s %j as %s', (encoding, value, expected) => {
    expect(encoded(value, encoding)).toBe(expected);
  });

  it('returns a plain Uint8Array (not a Node Buffer) and adds no BOM to UTF-16', () => {
    for (const encoding of ALL) {
      const result = encodeText('A', encoding);
      expect(result.ok && Object.getPrototypeOf(result.value)).toBe(Uint8Array.prototype);
    }
    expect(encoded('A', 'utf-16le')).toBe('41 00');
    expect(encoded('A', 'utf-16be')).toBe('00 41');
    expect(encoded('', 'gbk')).toBe('');
  });

  it.each([
    ['windows-1252', 'ab中', '中', 3],
    ['gbk', '😀', '😀', 1],
    ['gbk', '中文😀', '😀', 3],
    ['big5', '中文한', '한', 3],
    ['shift_jis', 'ab¥', '¥', 3], // written as 0x5C, which reads back as '\': not what was typed
    ['windows-1252', 'é😀中', '😀', 2], // positions count characters: the emoji once
    ['gb18030', '😀x\uD800', '\uD800', 3],
    ['utf-8', '😀a\uDC00', '\uDC00', 3],
    ['utf-16le', 'a\uD800b', '\uD800', 2],
    ['utf-16be', '\uDBFF', '\uDBFF', 1],
  ] as const)('refuses in %s %j at the character that cannot be encoded', (encoding, value, char, position) => {
    const result = encodeText(value, encoding);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.params).toMatchObject({ reason: 'unencodable', char, position, encoding });
    }
  });

  it('refuses in EUC-KR a character it has no code for (Thai) and names its code point', () => {
    const result = encodeText('한국ก', 'euc-kr');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.params).toEqual({ reason: 'unencodable', char: 'ก', codePoint: 'U+0E01', position: 3, encoding: 'euc-kr' });
  });

  it('names an unknown encoding', () => {
    const result = encodeText('A', 'koi8-r' as TextEncoding);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGUMENT');
      expect(result.error.params).toEqual({ reason: 'unknownEncoding', encoding: 'koi8-r' });
      expect(result.error.message).toContain('koi8-r');
    }
  });

  it('never throws on any text in any encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...ALL), (value, encoding) => typeof encodeText(value, encoding).ok === 'boolean'),
    );
  });
});

describe('decodeForDisplay', () => {
  it('draws a run of escaped bytes as one segment (a binary row is one dimmed run, not a span per byte)', () => {
    expect(decodeRuns(bytesOf('41 FF 00 1B 42'), 'utf-8')).toEqual([text('A'), esc('\\xFF\\x00\\x1B'), text('B')]);
    const binary = decodeRuns(new Uint8Array(65_536).map((_, i) => (i * 7 + 0x80) & 0xff | 0x80), 'utf-8');
    expect(binary.length).toBeLessThan(10_000);
  });

  it.each(VECTORS.filter(([encoding, value]) => platformWindows1252IsStandard || !(encoding === 'windows-1252' && value === '€')))(
    'reads in %s %j from %s',
    (encoding, value, spaced) => {
      expect(decodeForDisplay(bytesOf(spaced), encoding)).toEqual([text(value)]);
    },
  );

  it.skipIf(!platformWindows1252IsStandard)('reads Windows-1252 0x80–0x9F as the standard does (browsers; not Node ≥ 20.18.3)', () => {
    expect(decodeForDisplay(bytesOf('80 93 94 99'), 'windows-1252')).toEqual([text('€“”™')]);
    expect(decodeForDisplay(bytesOf('41 81 42'), 'windows-1252')).toEqual([text('A'), esc('\\x81'), text('B')]);
  });

  it.each([
    ['gbk', 'D6 D0 FF 41', [text('中'), esc('\\xFF'), text('A')]],
    ['gb18030', 'FF D6 D0', [esc('\\xFF'), text('中')]],
    ['big5', '80 A4 A4', [esc('\\x80'), text('中')]],
    ['shift_jis', 'A0 93 FA FD', [esc('\\xA0'), text('日'), esc('\\xFD')]],
    ['euc-kr', 'C7 D1 FF', [text('한'), esc('\\xFF')]],
    ['utf-8', '41 FF 42 C0 AF', [text('A'), esc('\\xFF'), text('B'), esc('\\xC0'), esc('\\xAF')]],
    ['utf-8', 'ED A0 80 41', [esc('\\xED'), esc('\\xA0'), esc('\\x80'), text('A')]], // an encoded surrogate
    ['utf-16le', '00 D8 41 00', [esc('\\x00'), esc('\\xD8'), text('A')]], // a lone high surrogate
    ['utf-16be', 'DC 00 00 41', [esc('\\xDC'), esc('\\x00'), text('A')]], // a lone low surrogate
  ] as const)('shows in %s bytes %s that do not decode as escapes, one per byte', (encoding, spaced, expected) => {
    expect(decodeForDisplay(bytesOf(spaced), encoding)).toEqual(expected);
  });

  it.each([
    ['gbk', 'D6 D0 CE', [text('中'), esc('\\xCE')]],
    ['gb18030', '41 90 30 81', [text('A'), esc('\\x90'), text('0'), esc('\\x81')]], // four-byte cut after three
    ['big5', 'A4 A4 A4', [text('中'), esc('\\xA4')]],
    ['shift_jis', '93 FA 96', [text('日'), esc('\\x96')]],
    ['euc-kr', 'C7', [esc('\\xC7')]],
    ['utf-8', '41 E4 B8', [text('A'), esc('\\xE4'), esc('\\xB8')]],
    ['utf-16le', '41 00 2D', [text('A'), esc('\\x2D')]],
    ['utf-16be', '00 41 D8 3D DE', [text('A'), esc('\\xD8'), esc('\\x3D'), esc('\\xDE')]],
  ] as const)('shows in %s a character cut at the end of the frame (%s) as escapes', (encoding, spaced, expected) => {
    expect(decodeForDisplay(bytesOf(spaced), encoding)).toEqual(expected);
  });

  it('reads on after a lead byte whose trail is ASCII, as the standard decoders do', () => {
    // A lead byte followed by a byte out of its trail range: the lead is an error, the ASCII byte a character.
    expect(decodeForDisplay(bytesOf('D6 20 D6 D0'), 'gbk')).toEqual([esc('\\xD6'), text(' 中')]);
    // Shift_JIS 85 40 has the form of a character but none is assigned: 0x85 is the error, '@' is read again.
    expect(decodeForDisplay(bytesOf('85 40 93 FA'), 'shift_jis')).toEqual([esc('\\x85'), text('@日')]);
  });

  it('shows control characters as the escapes of their bytes, in every encoding', () => {
    expect(decodeForDisplay(bytesOf('41 00 1B 0D 0A 09 7F'), 'utf-8')).toEqual([text('A'), esc('\\x00'), esc('\\x1B'), text('\r\n\t'), esc('\\x7F')]);
    expect(decodeForDisplay(bytesOf('93 FA 1B 96 7B'), 'shift_jis')).toEqual([text('日'), esc('\\x1B'), text('本')]);
    expect(decodeForDisplay(bytesOf('D6 D0 00 CE C4'), 'gbk')).toEqual([text('中'), esc('\\x00'), text('文')]);
    expect(decodeForDisplay(bytesOf('41 00 00 00 0A 00'), 'utf-16le')).toEqual([text('A'), esc('\\x00'), esc('\\x00'), text('\n')]);
    expect(decodeForDisplay(bytesOf('00 1B 4E 2D'), 'utf-16be')).toEqual([esc('\\x00'), esc('\\x1B'), text('中')]);
    // C1 controls: invisible in every font, so escapes too.
    expect(decodeForDisplay(bytesOf('41 C2 85 42'), 'utf-8')).toEqual([text('A'), esc('\\xC2'), esc('\\x85'), text('B')]);
    // …also where the frame does not decode as a whole.
    expect(decodeForDisplay(bytesOf('FF 00 41 C2 85'), 'utf-8')).toEqual([esc('\\xFF'), esc('\\x00'), text('A'), esc('\\xC2'), esc('\\x85')]);
    expect(decodeForDisplay(bytesOf('00 D8 1B 00 41 00'), 'utf-16le')).toEqual([esc('\\x00'), esc('\\xD8'), esc('\\x1B'), esc('\\x00'), text('A')]);
  });

  it('keeps a byte order mark as the character it is instead of dropping it', () => {
    expect(decodeForDisplay(bytesOf('EF BB BF 41'), 'utf-8')).toEqual([text('\uFEFFA')]);
    expect(decodeForDisplay(bytesOf('FF FE 41 00'), 'utf-16le')).toEqual([text('\uFEFFA')]);
  });

  it('gives no segments for no bytes, and reads an unknown encoding as UTF-8', () => {
    for (const encoding of ALL) expect(decodeForDisplay(new Uint8Array(), encoding)).toEqual([]);
    expect(decodeForDisplay(bytesOf('E4 B8 AD 00'), 'koi8-r' as TextEncoding)).toEqual([text('中'), esc('\\x00')]);
  });

  it('keeps formatDisplaySegments and formatDisplayText as the UTF-8 view', () => {
    expect(formatDisplaySegments(bytesOf('E4 B8 AD FF 1B'))).toEqual([text('中'), esc('\\xFF'), esc('\\x1B')]);
    expect(formatDisplayText(bytesOf('41 00 42'))).toBe('A\\x00B');
    expect(formatDisplayText(bytesOf('D6 D0 FF'), 'gbk')).toBe('中\\xFF');
  });

  it('never throws, and gives only non-empty segments, on any bytes in any encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...ALL), (bytes, encoding) => {
        const segments = decodeForDisplay(bytes, encoding);
        return segments.every((segment) => segment.text.length > 0 && (!segment.isEscape || /^\\x[0-9A-F]{2}$/.test(segment.text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('never drops or invents a byte: in UTF-8 and UTF-16 the segments spell the frame again', () => {
    // An escape is its byte; text is its encoding (exact for these two: every scalar value, no table).
    const spell = (segments: readonly DisplaySegment[], encoding: TextEncoding): string =>
      segments.map((segment) => (segment.isEscape ? segment.text.slice(2) : encoded(segment.text, encoding).replace(/ /g, ''))).join('');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom<TextEncoding>('utf-8', 'utf-16le', 'utf-16be'), (bytes, encoding) => {
        expect(spell(decodeForDisplay(bytes, encoding), encoding)).toBe(hex(bytes).replace(/ /g, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back what encodeText wrote, for text each encoding represents', () => {
    const printableAscii = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('') + '\t\r\n';
    // Small alphabets every decoder agrees on: the standard's tables, iconv-lite's and Node's ICU ones.
    const alphabets: Readonly<Record<TextEncoding, string>> = {
      'utf-8': '中文日本語한국어éß€😀𐀀',
      gbk: '中文汉字测试数据你好，。€',
      gb18030: '中文汉字测试你好€😀𐀀',
      big5: '中文測試資料繁體，。',
      shift_jis: '日本語テストｱｲｳ、。ー',
      'euc-kr': '한국어테스트가나다',
      // Not 0x80–0x9F (€, “, ™): Node reads them as Latin-1 C1 controls (see platformWindows1252IsStandard).
      'windows-1252': 'éèàüßñçÆØ©°±',
      'utf-16le': '中文日本語한국어éß€😀𐀀',
      'utf-16be': '中文日本語한국어éß€😀𐀀',
    };
    for (const encoding of ALL) {
      const chars = [...(printableAscii + alphabets[encoding])];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 40 }), (picked) => {
          const value = picked.join('');
          const result = encodeText(value, encoding);
          expect(result.ok).toBe(true);
          if (result.ok) expect(formatDisplayText(result.value, encoding)).toBe(value);
        }),
        { numRuns: 300 },
      );
    }
  });
});
