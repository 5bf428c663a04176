import { fail, ok, type Result } from '../contract/errors';
import { isEncoding, type TextEncoding } from '../codecs/encoding-list';
import { encodeSendLiteral } from '../codecs/send-payload';
import { placeRegexError } from './regex-error-place';

/**
 * What a whole received message must look like for an auto-reply rule to fire or a sequence's "expect" step to
 * pass (DESIGN §3b: rules and sequences see messages, never socket chunks). One codec for both, and for the page,
 * which checks a rule as the user types it with the same function the engine runs.
 *
 * Text patterns are read like the send box's ASCII text with escapes (\r \n \t \xHH) and encoded in the tab's
 * encoding, so "contains 你好" matches the bytes a GBK peer sends; HEX patterns are bytes as typed. Comparisons are
 * on bytes. A regex runs on the message decoded in the tab's encoding (the platform's TextDecoder, undecodable
 * bytes as U+FFFD); its groups are the captures ($1…) a reply may use.
 */
export type PatternMode = 'text' | 'hex';

export type MessageMatchSpec =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact' | 'contains' | 'starts-with'; readonly pattern: string; readonly mode: PatternMode }
  | { readonly kind: 'regex'; readonly source: string; readonly ignoreCase: boolean }
  /** Two hex digits or `??` (any byte) per byte; the message must have exactly that many bytes. */
  | { readonly kind: 'hex-pattern'; readonly pattern: string }
  | { readonly kind: 'length'; readonly min: number; readonly max: number };

export type MessageMatchKind = MessageMatchSpec['kind'];
export const MESSAGE_MATCH_KINDS: readonly MessageMatchKind[] = ['any', 'exact', 'contains', 'starts-with', 'regex', 'hex-pattern', 'length'];

export const MATCH_LIMITS = {
  /** Characters of a pattern or regex source. */
  patternChars: 1024,
  /** Bytes of a message a regex looks at: a regex over megabytes would stall the engine for every message. */
  regexInputBytes: 64 * 1024,
  maxLength: 1024 * 1024 * 1024,
} as const;

/**
 * What a match found: captures[0] is the matched text (the whole message as text for non-regex kinds), then groups.
 * For kinds other than regex the text is made only when read: an echo at wire speed never decodes its messages.
 */
export interface MatchFound {
  readonly captures: readonly string[];
}

export interface CompiledMatch {
  readonly spec: MessageMatchSpec;
  /** Capture groups a match gives besides $0 (a regex's groups; 0 for the other kinds): what a reply may use. */
  readonly groups: number;
  /** The match in `bytes`, or undefined. Never throws. */
  test(bytes: Uint8Array): MatchFound | undefined;
}

/**
 * Checks `spec` once (patterns parsed and encoded, the regex built) for messages in `encoding`. Errors are
 * INVALID_ARGUMENT with `field` ('pattern', 'source', 'min', 'max') and, where the parser knows it, the 1-based
 * `position`; the regex engine's own message is the `detail`.
 */
export function compileMatch(spec: MessageMatchSpec, encoding: TextEncoding): Result<CompiledMatch> {
  if (!isEncoding(encoding)) return fail('INVALID_ARGUMENT', `Unknown text encoding "${String(encoding)}"`, { field: 'encoding', reason: 'unknownEncoding', encoding: String(encoding) });
  const decode = textDecoderFor(encoding);
  switch (spec.kind) {
    case 'any':
      return ok({ spec, groups: 0, test: (bytes) => wholeMessage(bytes, decode) });
    case 'exact':
    case 'contains':
    case 'starts-with':
      return compileBytePattern(spec, encoding, decode);
    case 'regex':
      return compileRegex(spec, decode);
    case 'hex-pattern':
      return compileHexPattern(spec, decode);
    case 'length':
      return compileLength(spec, decode);
  }
}

type Decode = (bytes: Uint8Array) => string;

/** A match whose only capture, the whole message as text, is decoded when (and if) a reply reads it. */
function wholeMessage(bytes: Uint8Array, decode: Decode): MatchFound {
  let captures: readonly string[] | undefined;
  return {
    get captures() {
      return (captures ??= [decode(bytes)]);
    },
  };
}

function textDecoderFor(encoding: TextEncoding): Decode {
  const decoder = new TextDecoder(encoding);
  return (bytes) => decoder.decode(bytes.length > MATCH_LIMITS.regexInputBytes ? bytes.subarray(0, MATCH_LIMITS.regexInputBytes) : bytes);
}

function tooLong(field: string, length: number): Result<never> {
  return fail('INVALID_ARGUMENT', `The ${field} is ${length} characters long, at most ${MATCH_LIMITS.patternChars}`, {
    field,
    reason: 'too-long',
    max: MATCH_LIMITS.patternChars,
  });
}

function compileBytePattern(
  spec: Extract<MessageMatchSpec, { kind: 'exact' | 'contains' | 'starts-with' }>,
  encoding: TextEncoding,
  decode: Decode,
): Result<CompiledMatch> {
  if (spec.pattern.length > MATCH_LIMITS.patternChars) return tooLong('pattern', spec.pattern.length);
  const parsed = encodeSendLiteral(spec.pattern, { mode: spec.mode === 'hex' ? 'hex' : 'ascii', escapes: true, encoding });
  if (!parsed.ok) return fail(parsed.error.code, parsed.error.message, { ...parsed.error.params, field: 'pattern' }, parsed.error.detail);
  const needle = parsed.value;
  if (needle.length === 0 && spec.kind !== 'exact') {
    return fail('INVALID_ARGUMENT', 'The pattern is empty: use "any message" to match everything', { field: 'pattern', reason: 'empty' });
  }
  const found = (bytes: Uint8Array): MatchFound => wholeMessage(bytes, decode);
  const test =
    spec.kind === 'exact'
      ? (bytes: Uint8Array) => (bytesEqual(bytes, needle, 0) && bytes.length === needle.length ? found(bytes) : undefined)
      : spec.kind === 'starts-with'
        ? (bytes: Uint8Array) => (bytes.length >= needle.length && bytesEqual(bytes, needle, 0) ? found(bytes) : undefined)
        : (bytes: Uint8Array) => (indexOfBytes(bytes, needle) >= 0 ? found(bytes) : undefined);
  return ok({ spec, groups: 0, test });
}

function compileRegex(spec: Extract<MessageMatchSpec, { kind: 'regex' }>, decode: Decode): Result<CompiledMatch> {
  if (spec.source.length > MATCH_LIMITS.patternChars) return tooLong('source', spec.source.length);
  if (spec.source.length === 0) return fail('INVALID_ARGUMENT', 'The regular expression is empty', { field: 'source', reason: 'empty' });
  let regex: RegExp;
  try {
    // 'u': the message is text, and a class like [^,] must not split a character in two.
    regex = new RegExp(spec.source, spec.ignoreCase ? 'iu' : 'u');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // The regex engine names no place; where we can tell it, the editor says which character is wrong.
    const place = placeRegexError(spec.source, spec.ignoreCase ? 'iu' : 'u');
    const where = place ? ` at character ${place.position}` : '';
    return fail('INVALID_ARGUMENT', `Invalid regular expression${where}: ${detail}`, { field: 'source', reason: 'invalid-regex', ...place }, detail);
  }
  return ok({
    spec,
    groups: groupCount(regex),
    test: (bytes) => {
      const match = regex.exec(decode(bytes));
      return match ? { captures: match.map((group) => group ?? '') } : undefined;
    },
  });
}

function compileHexPattern(spec: Extract<MessageMatchSpec, { kind: 'hex-pattern' }>, decode: Decode): Result<CompiledMatch> {
  if (spec.pattern.length > MATCH_LIMITS.patternChars) return tooLong('pattern', spec.pattern.length);
  const parsed = parseHexPattern(spec.pattern);
  if (!parsed.ok) return parsed;
  const wanted = parsed.value;
  return ok({
    spec,
    groups: 0,
    test: (bytes) => {
      if (bytes.length !== wanted.length) return undefined;
      for (let i = 0; i < wanted.length; i++) if (wanted[i]! >= 0 && bytes[i] !== wanted[i]) return undefined;
      return wholeMessage(bytes, decode);
    },
  });
}

function compileLength(spec: Extract<MessageMatchSpec, { kind: 'length' }>, decode: Decode): Result<CompiledMatch> {
  for (const field of ['min', 'max'] as const) {
    const value = spec[field];
    if (!Number.isInteger(value) || value < 0 || value > MATCH_LIMITS.maxLength) {
      return fail('INVALID_ARGUMENT', `The ${field}imum length must be a whole number of bytes from 0 to ${MATCH_LIMITS.maxLength}`, { field, reason: 'out-of-range' });
    }
  }
  if (spec.min > spec.max) return fail('INVALID_ARGUMENT', `The minimum length ${spec.min} is above the maximum ${spec.max}`, { field: 'min', reason: 'min-above-max' });
  return ok({ spec, groups: 0, test: (bytes) => (bytes.length >= spec.min && bytes.length <= spec.max ? wholeMessage(bytes, decode) : undefined) });
}

/** How many groups `regex` has: the same source with an empty alternative matches '' and shows them all. */
function groupCount(regex: RegExp): number {
  return (new RegExp(`(?:${regex.source})|`, regex.flags).exec('')?.length ?? 1) - 1;
}

/**
 * "01 03 ?? ?? 00 0A" → [1, 3, -1, -1, 0, 10]: a byte is two hex digits or `??`; spaces, commas, colons and dashes
 * between bytes are ignored. Errors name the 1-based character.
 */
export function parseHexPattern(text: string): Result<number[]> {
  const out: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === ',' || c === ':' || c === '-' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const pair = text.slice(i, i + 2);
    if (pair === '??') out.push(-1);
    else if (/^[0-9a-fA-F]{2}$/.test(pair)) out.push(parseInt(pair, 16));
    else {
      const bad = /^[0-9a-fA-F?]$/.test(c) ? i + 2 : i + 1;
      const position = Math.min(bad, text.length);
      return fail('INVALID_ARGUMENT', `HEX pattern: expected two hex digits or ?? at character ${position}`, { field: 'pattern', reason: 'invalid-hex-pattern', position });
    }
    i += 2;
  }
  if (out.length === 0) return fail('INVALID_ARGUMENT', 'The HEX pattern is empty', { field: 'pattern', reason: 'empty' });
  return ok(out);
}

function bytesEqual(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let i = 0; i < needle.length; i++) if (haystack[at + i] !== needle[i]) return false;
  return true;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!;
  for (let at = haystack.indexOf(first); at >= 0 && at + needle.length <= haystack.length; at = haystack.indexOf(first, at + 1)) {
    if (bytesEqual(haystack, needle, at)) return at;
  }
  return -1;
}
