import type { AppError, ErrorParams } from '@shared/contract/errors';
import { MATCH_LIMITS } from '@shared/automation/message-match';
import { translate, type Lang, type MessageKey } from './i18n';

/*
 * The sentences of 自动应答's own mistakes (shared/automation/auto-reply.ts, message-match.ts): a regex or HEX
 * pattern that does not read, with the character; a target the session kind has not; and the "Rule 2 “Hello”:"
 * that says which rule, before any error compileRules gives.
 */

/** The rule an error is about (compileRules' params), or undefined. */
export function ruleOfError(error: AppError): { readonly rule: number; readonly name: string } | undefined {
  const rule = error.params?.rule;
  return typeof rule === 'number' ? { rule, name: String(error.params?.ruleName ?? '') } : undefined;
}

/** The same error without the rule it names: what the rule's own editor shows by the field. */
export function withoutRule(error: AppError): AppError {
  if (!error.params || ruleOfError(error) === undefined) return error;
  const { rule: _rule, ruleName: _name, ...params } = error.params;
  return { ...error, params };
}

const REGEX_PROBLEMS: Readonly<Record<string, MessageKey>> = {
  'unterminated-group': 'autoReply.regex.unterminated-group',
  'unmatched-paren': 'autoReply.regex.unmatched-paren',
  'unterminated-class': 'autoReply.regex.unterminated-class',
  'nothing-to-repeat': 'autoReply.regex.nothing-to-repeat',
  'lone-brace': 'autoReply.regex.lone-brace',
  'bad-quantifier': 'autoReply.regex.bad-quantifier',
  'invalid-escape': 'autoReply.regex.invalid-escape',
  'invalid-class': 'autoReply.regex.invalid-class',
};

/** A match's fields, bare (compileMatch) or as a rule names them ('match.source'). */
const isMatchField = (field: string): boolean => /^(match\.)?(pattern|source|min|max)$/.test(field);

/** INVALID_ARGUMENT of a rule or its match, in words; undefined for any other. */
export function autoReplySentence(lang: Lang, p: ErrorParams | undefined, error: AppError): string | undefined {
  const reason = String(p?.reason ?? '');
  const field = String(p?.field ?? '');
  if (reason === 'target-needs-server') return translate(lang, 'autoReply.err.targetNeedsServer');
  if (reason === 'duplicate-id') return translate(lang, 'autoReply.err.duplicateId');
  if (reason === 'rateLimit') return translate(lang, 'autoReply.err.rateLimit', { max: p?.max ?? '?' });
  if (reason === 'tooManyRules') return translate(lang, 'autoReply.err.tooManyRules', { max: p?.max ?? '?' });
  if (reason === 'ruleName') return translate(lang, 'autoReply.err.nameEmpty');
  if (reason === 'ruleDelay') return translate(lang, 'autoReply.err.delay', { max: p?.max ?? '?' });
  if (!isMatchField(field)) return undefined;
  switch (reason) {
    case 'invalid-regex': {
      const problem = REGEX_PROBLEMS[String(p?.problem ?? '')];
      if (problem && p?.position !== undefined) return translate(lang, 'autoReply.err.regex', { position: p.position, problem: translate(lang, problem) });
      return translate(lang, 'autoReply.err.regexNoPlace', { detail: error.detail ?? error.message });
    }
    case 'invalid-hex-pattern':
      return translate(lang, 'autoReply.err.hexPattern', { position: p?.position ?? '?' });
    case 'empty':
      return translate(lang, field.endsWith('source') ? 'autoReply.err.regexEmpty' : 'autoReply.err.patternEmpty');
    case 'too-long':
      return translate(lang, 'autoReply.err.tooLong', { max: p?.max ?? MATCH_LIMITS.patternChars });
    case 'min-above-max':
      return translate(lang, 'autoReply.err.minAboveMax');
    case 'out-of-range':
      return translate(lang, 'autoReply.err.lengthRange', { max: MATCH_LIMITS.maxLength });
    default:
      return undefined;
  }
}
