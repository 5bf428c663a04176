import { describe, expect, it } from 'vitest';
import type { FramedMessage, FramingSpec } from './spec';
import { StreamFramer } from './stream-framer';

const b = (...bytes: number[]) => Uint8Array.from(bytes);
const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const crlf = ascii('\r\n');

function framerFor(spec: FramingSpec): StreamFramer {
  const created = StreamFramer.create(spec);
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

/** Messages as [bytes, cut?] rows: what a table can state. */
function rows(messages: readonly FramedMessage[]): (number[] | [number[], string])[] {
  return messages.map((m) => (m.cut ? [Array.from(m.bytes), m.cut] : Array.from(m.bytes)));
}

/** Every chunk pushed at time 0, then a flush. */
function frame(spec: FramingSpec, chunks: readonly Uint8Array[]): ReturnType<typeof rows> {
  const framer = framerFor(spec);
  const out = chunks.flatMap((chunk) => framer.push(chunk, 0));
  return rows([...out, ...framer.flush()]);
}

const text = (s: string) => Array.from(ascii(s));

describe('StreamFramer: none (as received)', () => {
  it('gives each chunk as it came', () => {
    const framer = framerFor({ kind: 'none' });
    const chunk = ascii('ab');
    expect(framer.push(chunk, 0)[0]?.bytes).toBe(chunk);
    expect(framer.push(new Uint8Array(0), 0)).toEqual([]);
    expect(framer.pendingBytes).toBe(0);
    expect(framer.flush()).toEqual([]);
  });

  it('cuts a chunk larger than the limit', () => {
    expect(frame({ kind: 'none', maxMessageBytes: 2 }, [ascii('abcde')])).toEqual([[text('ab'), 'max-size'], [text('cd'), 'max-size'], text('e')]);
  });
});

describe('StreamFramer: delimiter', () => {
  const strip: FramingSpec = { kind: 'delimiter', delimiter: crlf, keep: 'strip' };
  const keep: FramingSpec = { kind: 'delimiter', delimiter: crlf, keep: 'keep' };

  it.each([
    ['two lines in one chunk', strip, ['a\r\nbc\r\n'], [text('a'), text('bc')]],
    ['kept delimiters', keep, ['a\r\nbc\r\n'], [text('a\r\n'), text('bc\r\n')]],
    ['a delimiter split across chunks', strip, ['ab\r', '\ncd\r', '\n'], [text('ab'), text('cd')]],
    ['one message over many chunks', strip, ['a', 'b', 'c', '\r', '\n'], [text('abc')]],
    ['empty lines are messages', strip, ['\r\n\r\nx\r\n'], [[], [], text('x')]],
    ['a lone \\r is data', strip, ['a\rb\r\n'], [text('a\rb')]],
    ['overlapping candidates', { kind: 'delimiter', delimiter: ascii('aab'), keep: 'keep' }, ['aa', 'aab', 'aaab'], [text('aaaab'), text('aaab')]],
    ['the rest comes out on flush', strip, ['a\r\nxyz\r'], [text('a'), [text('xyz\r'), 'flush']]],
  ] as const)('%s', (_name, spec, chunks, expected) => {
    expect(frame(spec, chunks.map(ascii))).toEqual(expected);
  });

  it('finds a 4-byte delimiter spread over four chunks', () => {
    const spec: FramingSpec = { kind: 'delimiter', delimiter: b(0xde, 0xad, 0xbe, 0xef), keep: 'strip' };
    expect(frame(spec, [b(1, 0xde), b(0xad), b(0xbe), b(0xef, 2)])).toEqual([[1], [[2], 'flush']]);
  });

  it('cuts a message whose delimiter does not end within the limit (the limit counts the delimiter)', () => {
    const spec: FramingSpec = { ...strip, maxMessageBytes: 4 };
    expect(frame(spec, [ascii('abcdefghij\r\n'), ascii('kl\r\n')])).toEqual([
      [text('abcd'), 'max-size'],
      [text('efgh'), 'max-size'],
      text('ij'),
      text('kl'),
    ]);
    expect(frame(spec, [ascii('ab\r\n')])).toEqual([text('ab')]);
  });

  it('does not split a delimiter that straddles the limit', () => {
    const spec: FramingSpec = { ...keep, maxMessageBytes: 4 };
    expect(frame(spec, [ascii('abc\r'), ascii('\nd\r\n')])).toEqual([[text('abc'), 'max-size'], text('\r\n'), text('d\r\n')]);
    // When the bytes held back turn out not to be the delimiter, they are simply the start of the next message.
    expect(frame(spec, [ascii('abc\rx\r\n')])).toEqual([[text('abc'), 'max-size'], text('\rx\r\n')]);
    const long: FramingSpec = { kind: 'delimiter', delimiter: ascii('END'), keep: 'strip', maxMessageBytes: 5 };
    expect(frame(long, [ascii('abcdEN'), ascii('Dx')])).toEqual([[text('abcd'), 'max-size'], [], [text('x'), 'flush']]);
  });

  it('holds fewer bytes than the limit', () => {
    const framer = framerFor({ ...strip, maxMessageBytes: 100 });
    for (let i = 0; i < 1000; i++) framer.push(ascii('xyz'), 0);
    expect(framer.pendingBytes).toBeLessThan(100);
  });
});

describe('StreamFramer: fixed size', () => {
  it.each([
    [['abcdefgh'], [text('abc'), text('def'), [text('gh'), 'flush']]],
    [['a', 'b', 'cd', 'ef'], [text('abc'), text('def')]],
  ] as const)('%j in threes', (chunks, expected) => {
    expect(frame({ kind: 'fixed', size: 3 }, chunks.map(ascii))).toEqual(expected);
  });
});

describe('StreamFramer: length field', () => {
  const be2: FramingSpec = { kind: 'length', offset: 0, width: 2, order: 'be', adjust: 0, includesHeader: false };
  const mbap: FramingSpec = { kind: 'length', offset: 4, width: 2, order: 'be', adjust: 0, includesHeader: false };
  // Modbus-TCP read holding registers: transaction 1, protocol 0, length 6 (unit id + 5-byte PDU), unit 0x11.
  const request = [0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x11, 0x03, 0x00, 0x6b, 0x00, 0x03];
  const response = [0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x11, 0x03, 0x06, 0x02, 0x2b, 0x00, 0x00, 0x00, 0x64];

  it.each([
    ['2-byte BE at offset 0, not counting the header', be2, [b(0, 3, 1, 2, 3, 0, 1, 9)], [[0, 3, 1, 2, 3], [0, 1, 9]]],
    ['a header split across chunks', be2, [b(0), b(2, 7), b(8)], [[0, 2, 7, 8]]],
    ['zero length: the header alone', be2, [b(0, 0, 0, 0)], [[0, 0], [0, 0]]],
    ['little-endian', { ...be2, order: 'le' }, [b(2, 0, 7, 8)], [[2, 0, 7, 8]]],
    ['1-byte field after a 1-byte type', { ...be2, offset: 1, width: 1 }, [b(0xa5, 2, 7, 8, 0xa5, 0)], [[0xa5, 2, 7, 8], [0xa5, 0]]],
    ['4-byte LE field', { ...be2, width: 4, order: 'le' }, [b(1, 0, 0, 0, 9)], [[1, 0, 0, 0, 9]]],
    ['length counting the header', { ...be2, includesHeader: true }, [b(0, 4, 7, 8, 0, 3, 9)], [[0, 4, 7, 8], [0, 3, 9]]],
    ['adjust +2 for a CRC the length leaves out', { ...be2, adjust: 2 }, [b(0, 1, 7, 0xc1, 0xc2)], [[0, 1, 7, 0xc1, 0xc2]]],
    ['adjust −1 for a length that counts itself (1 byte)', { ...be2, width: 1, adjust: -1 }, [b(3, 7, 8, 1)], [[3, 7, 8], [1]]],
    ['a declared size shorter than the header counts as the header', { ...be2, includesHeader: true }, [b(0, 1, 0, 0)], [[0, 1], [0, 0]]],
    ['MBAP: length at offset 4 counts the bytes after it', mbap, [Uint8Array.from([...request, ...response])], [request, response]],
    ['MBAP byte by byte', mbap, request.map((byte) => b(byte)), [request]],
    ['an incomplete message comes out on flush', be2, [b(0, 5, 1, 2)], [[[0, 5, 1, 2], 'flush']]],
  ] as const)('%s', (_name, spec, chunks, expected) => {
    expect(frame(spec, chunks)).toEqual(expected);
  });

  it('gives a message longer than the limit in pieces of the limit, and stays in step', () => {
    const spec: FramingSpec = { ...be2, maxMessageBytes: 4 };
    expect(frame(spec, [b(0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 9)])).toEqual([
      [[0, 8, 1, 2], 'max-size'],
      [[3, 4, 5, 6], 'max-size'],
      [7, 8],
      [0, 1, 9],
    ]);
  });

  it('holds no more than the limit for a 4 GiB declared length', () => {
    const framer = framerFor({ ...be2, width: 4, maxMessageBytes: 1024 });
    const out = framer.push(b(0xff, 0xff, 0xff, 0xff), 0);
    for (let i = 0; i < 10; i++) out.push(...framer.push(new Uint8Array(1000), 0));
    expect(out.map((m) => [m.bytes.length, m.cut])).toEqual(Array.from({ length: 9 }, () => [1024, 'max-size']));
    expect(framer.pendingBytes).toBe(10_004 - 9 * 1024);
  });

  it('reads a new header after a flush', () => {
    const framer = framerFor(be2);
    framer.push(b(0, 9, 1), 0);
    expect(rows(framer.flush())).toEqual([[[0, 9, 1], 'flush']]);
    expect(rows(framer.push(b(0, 1, 2), 0))).toEqual([[0, 1, 2]]);
  });
});

describe('StreamFramer: idle gap', () => {
  const idle: FramingSpec = { kind: 'idle', gapMs: 50 };

  it('ends a message when no byte came for gapMs, by tick or by the next push', () => {
    const framer = framerFor(idle);
    expect(framer.nextDeadline()).toBeUndefined();
    expect(framer.push(ascii('ab'), 1000)).toEqual([]);
    expect(framer.push(ascii('cd'), 1030)).toEqual([]);
    expect(framer.nextDeadline()).toBe(1080);
    expect(framer.tick(1079)).toEqual([]);
    expect(rows(framer.tick(1080))).toEqual([[text('abcd'), 'idle']]);
    expect(framer.nextDeadline()).toBeUndefined();
    expect(framer.tick(5000)).toEqual([]);
    // A late timer: the gap is seen when the next chunk comes, and the old message comes out first.
    expect(framer.push(ascii('e'), 6000)).toEqual([]);
    expect(rows(framer.push(ascii('f'), 6050))).toEqual([[text('e'), 'idle']]);
    expect(framer.pendingBytes).toBe(1);
    expect(rows(framer.flush())).toEqual([[text('f'), 'flush']]);
    expect(framer.nextDeadline()).toBeUndefined();
  });

  it('cuts a burst longer than the limit without waiting', () => {
    const framer = framerFor({ ...idle, maxMessageBytes: 4 });
    expect(rows(framer.push(ascii('abcdefghij'), 0))).toEqual([[text('abcd'), 'max-size'], [text('efgh'), 'max-size']]);
    expect(rows(framer.tick(50))).toEqual([[text('ij'), 'idle']]);
  });

  it('does not let an empty chunk or a clock going back end or extend a message', () => {
    const framer = framerFor(idle);
    framer.push(ascii('a'), 100);
    framer.push(new Uint8Array(0), 140);
    expect(framer.nextDeadline()).toBe(150);
    expect(framer.tick(90)).toEqual([]);
  });
});

describe('StreamFramer', () => {
  it('has no deadline and nothing to tick for kinds other than idle', () => {
    const framer = framerFor({ kind: 'fixed', size: 4 });
    framer.push(b(1), 0);
    expect(framer.nextDeadline()).toBeUndefined();
    expect(framer.tick(1e12)).toEqual([]);
  });

  it('refuses an invalid spec with the error of checkFramingSpec', () => {
    const created = StreamFramer.create({ kind: 'fixed', size: 0 });
    expect(!created.ok && created.error.params).toMatchObject({ field: 'size', reason: 'out-of-range' });
  });

  it('exposes the checked spec', () => {
    expect(framerFor({ kind: 'none' }).spec).toEqual({ kind: 'none', maxMessageBytes: 1024 * 1024 });
  });
});
