import type { MessageMatchSpec } from '@shared/automation/message-match';
import type { AutoReplyRule } from '@shared/contract/rules';
import type { Translate } from '../i18n/i18n';

/** One rule as its row reads: "Contains “OK”", "/^name=(\w+)/i", "HEX 01 ?? 03", "length 1–64 B". */
export function matchSummary(match: MessageMatchSpec, t: Translate): string {
  switch (match.kind) {
    case 'any':
      return t('autoReply.match.any');
    case 'exact':
    case 'contains':
    case 'starts-with':
      return `${t(`autoReply.match.${match.kind}`)} ${match.mode === 'hex' ? `HEX ${match.pattern}` : `“${match.pattern}”`}`;
    case 'regex':
      return `/${match.source}/${match.ignoreCase ? 'i' : ''}`;
    case 'hex-pattern':
      return `HEX ${match.pattern}`;
    case 'length':
      return t('autoReply.match.lengthSummary', { min: match.min, max: match.max });
  }
}

/** "Echo it back", or the reply as typed ("Hello, {{$1}}!", HEX "06 {{msg}}"). */
export function actionSummary(rule: AutoReplyRule, t: Translate): string {
  if (rule.action.kind === 'echo') return t('autoReply.action.echo');
  const { text, mode } = rule.action.payload;
  return mode === 'hex' ? `HEX ${text}` : `“${text}”`;
}

/** Target, delay and what follows a match, where they differ from "to the sender, at once, then stop". */
export function ruleDetails(rule: AutoReplyRule, t: Translate): string[] {
  return [
    ...(rule.target !== 'sender' ? [t(`autoReply.target.${rule.target}`)] : []),
    ...(rule.delayMs > 0 ? [t('autoReply.delay', { ms: rule.delayMs })] : []),
    ...(rule.then === 'continue' ? [t('autoReply.then.continue')] : []),
  ];
}
