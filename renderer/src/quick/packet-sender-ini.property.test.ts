import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePacketSenderIni, readIni, unescapeKey, unescapeValue } from './packet-sender-ini';

/** Lines as QSettings writes them, and as a hand edit or another program breaks them. */
const line = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 12 }).map((name) => `[${name}]`),
  fc.constantFrom('[General]', '[%U4E2D%41]', '[__proto__]', '[constructor]', '[]', '[', 'size=3', '; comment', '# comment', '=', '==', '\uFEFF[x]'),
  fc
    .tuple(
      fc.constantFrom('name', 'hexString', 'tcpOrUdp', 'toIP', 'port', '__proto__', 'hasOwnProperty', 'a%2Fb', '%U00', '%ZZ'),
      fc.oneof(
        fc.string({ maxLength: 24 }),
        fc.constantFrom('01 02 ff', 'zz', '"quoted, value"', '"unterminated', '\\x41\\x', '\\', '@ByteArray(\\x1\\0)', '@String(a)', 'a;b', 'HTTP', 'tcp', '\\xFFFFF'),
      ),
    )
    .map(([key, value]) => `${key}=${value}`),
);
const iniText = fc.tuple(fc.array(line, { maxLength: 16 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));

describe('Packet Sender import (packets.ini) never throws', () => {
  it('on any text, and on lines of sections, keys and QSettings escapes, broken ones included', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), iniText), (text) => {
        const imported = parsePacketSenderIni(text);
        if (imported !== undefined) {
          for (const command of imported.commands) expect(command.spec.mode).toBe('hex');
          for (const skipped of imported.skipped) expect(['noPayload', 'badHex', 'http']).toContain(skipped.reason);
        }
        expect(readIni(text)).toBeInstanceOf(Map);
      }),
      { numRuns: 2000 },
    );
  });

  it('unescapes any key and value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ unit: fc.constantFrom('%', 'U', '4', 'E', 'z', '\\', 'x', '"', ';', 'a', '@', '(', ')'), maxLength: 30 }), (any, dense) => {
        for (const text of [any, dense]) {
          expect(typeof unescapeKey(text)).toBe('string');
          expect(typeof unescapeValue(text)).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
