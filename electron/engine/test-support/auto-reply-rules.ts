import type { AutoReplyConfig, AutoReplyRule, MessageMatchSpec, ReplyPayload } from '@shared';

/** Test rules: a rule that answers `text` (ASCII, escapes on) to messages matching `match`, to the sender, at once. */
export function replyRule(name: string, match: MessageMatchSpec, text: string, extra: Partial<AutoReplyRule> = {}): AutoReplyRule {
  return {
    id: name,
    name,
    enabled: true,
    match,
    action: { kind: 'reply', payload: textPayload(text) },
    target: 'sender',
    delayMs: 0,
    then: 'stop',
    ...extra,
  };
}

export function echoRule(name: string, extra: Partial<AutoReplyRule> = {}): AutoReplyRule {
  return { id: name, name, enabled: true, match: { kind: 'any' }, action: { kind: 'echo' }, target: 'sender', delayMs: 0, then: 'stop', ...extra };
}

export function textPayload(text: string, extra: Partial<ReplyPayload> = {}): ReplyPayload {
  return { text, mode: 'ascii', escapes: true, appendCrlf: false, checksum: null, ...extra };
}

export function ruleSet(rules: readonly AutoReplyRule[], extra: Partial<AutoReplyConfig> = {}): AutoReplyConfig {
  return { enabled: true, rules, maxRepliesPerSecond: 1000, encoding: 'utf-8', ...extra };
}
