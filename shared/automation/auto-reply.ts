import { ok, type AppError, type Result } from '../contract/errors';
import type { AutoReplyConfig, AutoReplyRule } from '../contract/rules';
import type { Protocol } from '../contract/session';
import { compileSendSpec, evaluateSendSpec, type CompiledSendSpec } from '../codecs/send-payload';
import type { ReplyContext } from '../codecs/template/reply-fields';
import { ruleMark, type FrameMark } from '../traffic/frame-mark';
import { compileMatch, type CompiledMatch, type MatchFound } from './message-match';

/**
 * Auto-reply rules as code (DESIGN §3b): one compiler and one reply builder for the engine, which runs them on every
 * message, and for the page, which checks a rule and previews its reply against a sample message with the very
 * same functions, so the preview is the bytes the engine sends.
 */
export interface CompiledRule {
  readonly rule: AutoReplyRule;
  /** 0-based place in the list. */
  readonly index: number;
  readonly match: CompiledMatch;
  /** The reply's compiled payload; undefined for echo. */
  readonly reply: CompiledSendSpec | undefined;
  readonly mark: FrameMark;
}

/** What a reply's fields depend on besides the message: when, which reply of the rule this is, random bytes. */
export interface ReplyClock {
  readonly now: number;
  /** 0-based: the rule's replies before this one ({{counter}} counts them). */
  readonly replyIndex: number;
  readonly random: (length: number) => Uint8Array;
}

/**
 * Checks every rule of `config` for a session of kind `protocol`: its match (a regex that compiles, a HEX pattern
 * that parses, with the place of the mistake), its reply template (a {{$3}} its match has no group for), and its
 * target (all / all others need a TCP server). The first mistake is the answer: INVALID_ARGUMENT whose params say
 * `rule` (1-based), `ruleName`, and `field` ('match.source', 'match.pattern', 'match.min', 'reply.data',
 * 'reply.checksum', 'target', 'id') besides the codec's own params (reason, position…).
 */
export function compileRules(config: AutoReplyConfig, protocol: Protocol): Result<CompiledRule[]> {
  const compiled: CompiledRule[] = [];
  const ids = new Set<string>();
  for (const [index, rule] of config.rules.entries()) {
    if (ids.has(rule.id)) return ruleError(index, rule, { code: 'INVALID_ARGUMENT', message: `Two rules have the id "${rule.id}"`, params: { field: 'id', reason: 'duplicate-id' } });
    ids.add(rule.id);
    const one = compileRule(rule, index, config, protocol);
    if (!one.ok) return one;
    compiled.push(one.value);
  }
  return ok(compiled);
}

/** One rule of a list (see compileRules); the editor checks the rule it edits with it. */
export function compileRule(rule: AutoReplyRule, index: number, config: Pick<AutoReplyConfig, 'encoding'>, protocol: Protocol): Result<CompiledRule> {
  if (rule.target !== 'sender' && protocol !== 'tcp-server') {
    return ruleError(index, rule, {
      code: 'INVALID_ARGUMENT',
      message: 'Replying to all clients needs a TCP server session',
      params: { field: 'target', reason: 'target-needs-server', target: rule.target },
    });
  }
  const match = compileMatch(rule.match, config.encoding);
  if (!match.ok) return ruleError(index, rule, prefixed(match.error, 'match'));
  let reply: CompiledSendSpec | undefined;
  if (rule.action.kind === 'reply') {
    const payload = compileSendSpec({ ...rule.action.payload, encoding: config.encoding }, { reply: { groups: match.value.groups, encoding: config.encoding } });
    if (!payload.ok) return ruleError(index, rule, prefixed(payload.error, 'reply'));
    reply = payload.value;
  }
  return ok({ rule, index, match: match.value, reply, mark: ruleMark(rule.name) });
}

/**
 * The bytes `rule` answers `message` with (already matched: `found`). Echo gives a copy of the message: a TCP
 * message may be a view of the framer's buffer, which the next bytes overwrite.
 */
export function replyBytes(rule: CompiledRule, message: Uint8Array, found: MatchFound, peer: string, clock: ReplyClock): Result<Uint8Array> {
  if (!rule.reply) return ok(Uint8Array.from(message));
  const reply: ReplyContext = { captures: found.captures, message, peer };
  const bytes = evaluateSendSpec(rule.reply, { sendIndex: clock.replyIndex, now: clock.now, random: clock.random, reply });
  return bytes.ok ? bytes : ruleError(rule.index, rule.rule, prefixed(bytes.error, 'reply'));
}

/** The reply preview of the rule editor: whether `rule` matches `sample`, and the bytes it would send. */
export type ReplyPreview =
  | { readonly kind: 'no-match' }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly captures: readonly string[] }
  | { readonly kind: 'error'; readonly error: AppError };

export function previewReply(rule: CompiledRule, sample: Uint8Array, peer: string, clock: ReplyClock): ReplyPreview {
  const found = rule.match.test(sample);
  if (!found) return { kind: 'no-match' };
  const bytes = replyBytes(rule, sample, found, peer, clock);
  return bytes.ok ? { kind: 'bytes', bytes: bytes.value, captures: found.captures } : { kind: 'error', error: bytes.error };
}

/** The codec's error about `part` ('match' or 'reply'): its field becomes 'match.source', 'reply.data'… */
function prefixed(error: AppError, part: 'match' | 'reply'): AppError {
  const field = error.params?.field;
  return { ...error, params: { ...error.params, field: field === undefined ? part : `${part}.${String(field)}` } };
}

/** Says which rule: `rule` (1-based, as people count) and its name, in the params and the English message. */
function ruleError(index: number, rule: AutoReplyRule, error: AppError): Result<never> {
  return {
    ok: false,
    error: { ...error, message: `Rule ${index + 1} ("${rule.name}"): ${error.message}`, params: { ...error.params, rule: index + 1, ruleName: rule.name } },
  };
}
