import { fail, ok, type Result } from '../../contract/errors';
import { encodeText } from '../encodings';
import type { TextEncoding } from '../encoding-list';
import { charPosition } from './char-position';
import { FieldOptions } from './field-options';
import { templateError } from './template-errors';
import type { TemplateMacro } from './template-syntax';

/**
 * The fields only an auto-reply rule's reply has (DESIGN §3b): what the received message brought.
 * - `{{$0}}` … `{{$9}}`: the match's captures as text ($0 the matched text, the whole message for kinds other than
 *   regex; $1… a regex's groups), encoded in the rule set's encoding.
 * - `{{msg}}`: the received message's bytes exactly as they came.
 * - `{{peer}}`: the sender's "ip:port" ("[::1]:5000" for IPv6).
 * Text ones take `case=upper|lower` (the default keeps the case). The send box does not know these names: its
 * templates are compiled without `reply` options, so "{{msg}}" there is an unknown field.
 */
export const REPLY_FIELD_NAMES = ['$0', '$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9', 'msg', 'peer'] as const;
export type ReplyFieldName = (typeof REPLY_FIELD_NAMES)[number];

export const TEXT_CASES = ['as-is', 'upper', 'lower'] as const;
export type TextCase = (typeof TEXT_CASES)[number];

/** What the rule compiling a reply knows: how many groups its match has, and the text encoding of the rule set. */
export interface ReplyFieldOptions {
  readonly groups: number;
  readonly encoding: TextEncoding;
}

/** The received message a reply answers: evaluation of reply fields is a pure function of it. */
export interface ReplyContext {
  /** captures[0] is $0; then the groups ('' for a group that took no part). */
  readonly captures: readonly string[];
  readonly message: Uint8Array;
  /** "ip:port" of the sender. */
  readonly peer: string;
}

export interface CaptureField {
  readonly kind: 'capture';
  readonly index: number;
  readonly textCase: TextCase;
  readonly encoding: TextEncoding;
}

export interface MessageField {
  readonly kind: 'msg';
  readonly textCase: TextCase;
  readonly encoding: TextEncoding;
}

export interface PeerField {
  readonly kind: 'peer';
  readonly encoding: TextEncoding;
}

export type ReplyField = CaptureField | MessageField | PeerField;

export function isReplyFieldName(name: string): name is ReplyFieldName {
  return (REPLY_FIELD_NAMES as readonly string[]).includes(name);
}

/** A reply field's meaning; `{{$3}}` where the match has one group is an error at the field, before any message. */
export function compileReplyField(text: string, macro: TemplateMacro, name: ReplyFieldName, reply: ReplyFieldOptions): Result<ReplyField> {
  const options = new FieldOptions(text, name, name === 'peer' ? [] : ['case']);
  for (const option of macro.options) {
    const added = options.add(option);
    if (!added.ok) return added;
  }
  if (name === 'peer') return ok({ kind: 'peer', encoding: reply.encoding });
  const textCase = options.choice('case', TEXT_CASES, 'as-is');
  if (!textCase.ok) return textCase;
  if (name === 'msg') return ok({ kind: 'msg', textCase: textCase.value, encoding: reply.encoding });
  const index = Number(name.slice(1));
  if (index > reply.groups) {
    return templateError('noCapture', charPosition(text, macro.nameIndex), `{{${name}}}: the match has ${reply.groups} group(s)`, {
      name,
      groups: reply.groups,
    });
  }
  return ok({ kind: 'capture', index, textCase: textCase.value, encoding: reply.encoding });
}

/** One reply field's bytes for the message in `reply`; an error only for a capture its encoding cannot write. */
export function replyFieldBytes(field: ReplyField, reply: ReplyContext | undefined, position: number): Result<Uint8Array> {
  if (reply === undefined) return fail('INVALID_ARGUMENT', 'A reply field needs the message it answers', { field: 'data', reason: 'noMessage' });
  switch (field.kind) {
    case 'msg':
      return ok(field.textCase === 'as-is' ? reply.message : changeCaseOfBytes(reply.message, field.encoding, field.textCase));
    case 'peer':
      return textBytes(reply.peer, field.encoding, position);
    case 'capture':
      return textBytes(changeCase(reply.captures[field.index] ?? '', field.textCase), field.encoding, position);
  }
}

function textBytes(text: string, encoding: TextEncoding, position: number): Result<Uint8Array> {
  const bytes = encodeText(text, encoding);
  if (bytes.ok) return bytes;
  // The character is in the message, not in the template: the error points at the field that wrote it.
  return { ok: false, error: { ...bytes.error, params: { ...bytes.error.params, field: 'data', position } } };
}

function changeCase(text: string, textCase: TextCase): string {
  if (textCase === 'upper') return text.toUpperCase();
  if (textCase === 'lower') return text.toLowerCase();
  return text;
}

/**
 * The message with its letters in `textCase`: read in its encoding, changed, written back. A message that does not
 * decode (binary, or another encoding) is not refused: its ASCII letters change and every other byte stays.
 */
export function changeCaseOfBytes(bytes: Uint8Array, encoding: TextEncoding, textCase: Exclude<TextCase, 'as-is'>): Uint8Array {
  let text: string | undefined;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const encoded = encodeText(changeCase(text, textCase), encoding);
    if (encoded.ok) return encoded.value;
  }
  return changeAsciiCase(bytes, encoding, textCase);
}

function changeAsciiCase(bytes: Uint8Array, encoding: TextEncoding, textCase: Exclude<TextCase, 'as-is'>): Uint8Array {
  const [from, to] = textCase === 'upper' ? [0x61, 0x7a] : [0x41, 0x5a];
  const out = Uint8Array.from(bytes);
  // UTF-16: a letter is a code unit whose other byte is 0.
  const step = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const low = encoding === 'utf-16be' ? 1 : 0;
  for (let i = low; i < out.length; i += step) {
    if (step === 2 && out[i + (low === 0 ? 1 : -1)] !== 0) continue;
    const b = out[i]!;
    if (b >= from && b <= to) out[i] = b ^ 0x20;
  }
  return out;
}
