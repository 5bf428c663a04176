import fc from 'fast-check';
import { CHECKSUM_MODELS } from '../codecs/checksum';
import { ENCODINGS, type TextEncoding } from '../codecs/encoding-list';
import type { SendChecksum } from '../contract/send-spec';
import { MESSAGE_MATCH_KINDS, type MessageMatchSpec } from './message-match';

/*
 * Arbitraries for the property tests of the automation compilers (auto-reply rules, test sequences): values of the
 * shape the schemas let through, filled with text that gives the parsers work (regex syntax, HEX with wildcards,
 * template fields with reply fields and options), so "never throws" is tried where throwing could happen.
 */

export const encoding: fc.Arbitrary<TextEncoding> = fc.constantFrom(...ENCODINGS.map((e) => e.value));

/** Regex syntax: groups, classes, quantifiers, escapes, and their broken halves. */
const REGEX_PIECES = ['(', ')', '(?:', '(?<n>', '\\k<n>', '[', ']', '[^', '-', '{', '}', '{2,1}', '{3}', '*', '+', '?', '|', '^', '$', '.', '\\', '\\d', '\\w', '\\x4', '\\u{1F600}', '\\p{L}', '\\1', 'a', '中', '😀'];
export const regexSource = fc.array(fc.oneof(fc.constantFrom(...REGEX_PIECES), fc.string({ maxLength: 2 })), { maxLength: 16 }).map((parts) => parts.join(''));

/** HEX with separators and wildcards, valid or not. */
const HEX_PIECES = ['01', 'ff', 'A', '??', '?', ' ', ',', ':', '-', '0x', 'ZZ', '\t'];
export const hexText = fc.array(fc.oneof(fc.constantFrom(...HEX_PIECES), fc.string({ maxLength: 2 })), { maxLength: 16 }).map((parts) => parts.join(''));

/** Template text with the send fields, the reply fields and their options. */
const TEMPLATE_PIECES = ['{{', '}}', '{{$0}}', '{{$1}}', '{{$9}}', '{{msg}}', '{{msg case=upper}}', '{{peer}}', '{{$1 case=lower}}', '{{counter}}', '{{len}}', '{{crc model=crc-16/modbus}}', '{{random bytes=2}}', '{{time}}', ' case=', 'nope', '\\r\\n', '\\x', '01 02', '中'];
export const templateText = fc.array(fc.oneof(fc.constantFrom(...TEMPLATE_PIECES), fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join(''));

export const matchSpec: fc.Arbitrary<MessageMatchSpec> = fc.oneof(
  fc.constant({ kind: 'any' as const }),
  fc.record({ kind: fc.constantFrom('exact' as const, 'contains' as const, 'starts-with' as const), pattern: fc.oneof(fc.string({ maxLength: 20 }), hexText), mode: fc.constantFrom('text' as const, 'hex' as const) }),
  fc.record({ kind: fc.constant('regex' as const), source: fc.oneof(regexSource, fc.string({ maxLength: 20 })), ignoreCase: fc.boolean() }),
  fc.record({ kind: fc.constant('hex-pattern' as const), pattern: hexText }),
  fc.record({ kind: fc.constant('length' as const), min: fc.integer({ min: -2, max: 70_000 }), max: fc.integer({ min: -2, max: 70_000 }) }),
);

export const checksum: fc.Arbitrary<SendChecksum | null> = fc.option(
  fc.record({
    model: fc.oneof(fc.constantFrom(...Object.keys(CHECKSUM_MODELS)), fc.string({ maxLength: 8 })),
    order: fc.constantFrom('le' as const, 'be' as const),
    output: fc.constantFrom('raw' as const, 'ascii-hex' as const),
    skipStart: fc.nat({ max: 8 }),
    skipEnd: fc.nat({ max: 8 }),
  }),
);

/** A message to match or answer: bytes, or text in some encoding's range. */
export const message = fc.oneof(fc.uint8Array({ maxLength: 48 }), fc.string({ maxLength: 24 }).map((text) => new TextEncoder().encode(text)));

export { MESSAGE_MATCH_KINDS };
