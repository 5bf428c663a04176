import type { MessageMatchKind, MessageMatchSpec, PatternMode } from '@shared/automation/message-match';
import { fail, ok, type Result } from '@shared/contract/errors';
import { AUTO_REPLY_LIMITS, type AutoReplyRule, type ReplyPayload, type ReplyTarget } from '@shared/contract/rules';

/**
 * The rule editor's form: every field of every kind at once, numbers as typed, so switching the match kind or the
 * action back and forth keeps what was typed. `ruleFromDraft` makes the rule (or says what is wrong with the name
 * or the delay); whether its pattern and reply read is compileRule's answer (auto-reply-slice.ts saveRule).
 */
export interface RuleDraft {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly matchKind: MessageMatchKind;
  /** exact / contains / starts-with: the pattern and how it is read. */
  readonly pattern: string;
  readonly patternMode: PatternMode;
  readonly regex: string;
  readonly ignoreCase: boolean;
  readonly hexPattern: string;
  readonly minLength: string;
  readonly maxLength: string;
  readonly action: 'reply' | 'echo';
  readonly payload: ReplyPayload;
  readonly target: ReplyTarget;
  readonly delayMs: string;
  readonly then: AutoReplyRule['then'];
}

export function newRuleDraft(id: string, name: string): RuleDraft {
  return draftFromRule({
    id,
    name,
    enabled: true,
    match: { kind: 'contains', pattern: '', mode: 'text' },
    action: { kind: 'reply', payload: { text: '', mode: 'ascii', escapes: true, appendCrlf: false, checksum: null } },
    target: 'sender',
    delayMs: 0,
    then: 'stop',
  });
}

export function draftFromRule(rule: AutoReplyRule): RuleDraft {
  const m = rule.match;
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    matchKind: m.kind,
    pattern: m.kind === 'exact' || m.kind === 'contains' || m.kind === 'starts-with' ? m.pattern : '',
    patternMode: m.kind === 'exact' || m.kind === 'contains' || m.kind === 'starts-with' ? m.mode : 'text',
    regex: m.kind === 'regex' ? m.source : '',
    ignoreCase: m.kind === 'regex' ? m.ignoreCase : false,
    hexPattern: m.kind === 'hex-pattern' ? m.pattern : '',
    minLength: m.kind === 'length' ? String(m.min) : '1',
    maxLength: m.kind === 'length' ? String(m.max) : '1024',
    action: rule.action.kind,
    payload: rule.action.kind === 'reply' ? rule.action.payload : { text: '', mode: 'ascii', escapes: true, appendCrlf: false, checksum: null },
    target: rule.target,
    delayMs: String(rule.delayMs),
    then: rule.then,
  };
}

/** A whole number of bytes as typed, or NaN (compileMatch names the field that is wrong). */
const wholeNumber = (text: string): number => (/^\s*\d{1,10}\s*$/.test(text) ? Number(text) : Number.NaN);

function matchOf(d: RuleDraft): MessageMatchSpec {
  switch (d.matchKind) {
    case 'any':
      return { kind: 'any' };
    case 'exact':
    case 'contains':
    case 'starts-with':
      return { kind: d.matchKind, pattern: d.pattern, mode: d.patternMode };
    case 'regex':
      return { kind: 'regex', source: d.regex, ignoreCase: d.ignoreCase };
    case 'hex-pattern':
      return { kind: 'hex-pattern', pattern: d.hexPattern };
    case 'length':
      return { kind: 'length', min: wholeNumber(d.minLength), max: wholeNumber(d.maxLength) };
  }
}

/** The rule the form describes, or the mistake in its name or delay (field 'name' / 'delayMs'). */
export function ruleFromDraft(d: RuleDraft): Result<AutoReplyRule> {
  const name = d.name.trim();
  if (name.length === 0) return fail('INVALID_ARGUMENT', 'Give the rule a name', { field: 'name', reason: 'ruleName' });
  const delayMs = wholeNumber(d.delayMs);
  if (!(delayMs >= 0 && delayMs <= AUTO_REPLY_LIMITS.maxDelayMs)) {
    return fail('INVALID_ARGUMENT', `The delay is a whole number of ms from 0 to ${AUTO_REPLY_LIMITS.maxDelayMs}`, {
      field: 'delayMs',
      reason: 'ruleDelay',
      max: AUTO_REPLY_LIMITS.maxDelayMs,
    });
  }
  return ok({
    id: d.id,
    name: name.slice(0, AUTO_REPLY_LIMITS.nameChars),
    enabled: d.enabled,
    match: matchOf(d),
    action: d.action === 'echo' ? { kind: 'echo' } : { kind: 'reply', payload: d.payload },
    target: d.target,
    delayMs,
    then: d.then,
  });
}

/** Which part of the editor an error belongs by: its `field` ('match.source', 'reply.data', 'target', 'name'…). */
export type DraftPart = 'name' | 'match' | 'reply' | 'target' | 'delay';

export function draftPartOf(field: unknown): DraftPart {
  const text = String(field ?? '');
  if (text === 'name') return 'name';
  if (text === 'delayMs') return 'delay';
  if (text === 'target') return 'target';
  if (text.startsWith('match') || ['pattern', 'source', 'min', 'max'].includes(text)) return 'match';
  return 'reply';
}
