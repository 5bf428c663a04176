import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, parseIp, parseIPv4, parseIPv6 } from './ip-literal';

describe('formatIp (RFC 5952 for IPv6)', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['FF02:0:0:0:0:0:0:FB', 'ff02::fb'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['192.168.001.010', '192.168.1.10'],
  ])('%s → %s', (text, formatted) => {
    expect(formatIp(parseIp(text)!)).toBe(formatted);
  });

  it('round-trips what it writes', () => {
    for (const text of ['fe80::1', '2001:db8:1:2:3:4:5:6', 'ff15::1234', '1:0:0:2::3']) expect(formatIp(parseIp(formatIp(parseIp(text)!))!)).toBe(formatIp(parseIp(text)!));
  });

  it('never throws on any text, and what parses is written in one spelling that parses to the same bytes', () => {
    const ipish = fc.string({ unit: fc.constantFrom('0', '1', '9', '2', '5', 'a', 'f', 'F', 'g', '.', ':', '::', '%', '[', ']', ' ', '-'), maxLength: 45 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 45 }), ipish), (text) => {
        for (const parsed of [parseIPv4(text), parseIPv6(text), parseIp(text)]) {
          if (parsed === undefined) continue;
          expect([4, 16]).toContain(parsed.length);
          expect(parseIp(formatIp(parsed))).toEqual(parsed);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
