import { encoding, templateText } from '@shared/automation/automation-test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertSendText } from './convert-send-text';

describe('convertSendText (the ASCII ⇄ HEX switch of the send box) never throws', () => {
  it('on any text, in either mode, with or without escapes, in any encoding; text it spells from HEX goes back to HEX', () => {
    const hexish = fc.string({ unit: fc.constantFrom('0', '1', 'a', 'F', 'g', ' ', ',', '\\', 'x', 'r', 'n', '{', '}', '中', '😀', '\ud800'), maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), templateText, hexish), fc.constantFrom('ascii' as const, 'hex' as const), fc.boolean(), encoding, (text, from, escapes, enc) => {
        const converted = convertSendText(text, from, { escapes, encoding: enc });
        if (converted === undefined) return;
        expect(typeof converted).toBe('string');
        // What it offers makes the same bytes, and any bytes have a HEX spelling. (Not every HEX has a text one: in
        // UTF-16 with escapes, "{" comes back as "\{", which is one byte, so ASCII → HEX → ASCII may stay HEX.)
        if (from === 'hex') expect(convertSendText(converted, 'ascii', { escapes, encoding: enc })).not.toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
