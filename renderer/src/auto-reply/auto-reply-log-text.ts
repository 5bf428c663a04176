import type { SessionLogEvent } from '@shared/traffic/log-event';
import { translate, type Lang } from '../i18n/i18n';
import { localizeError } from '../i18n/localize-error';
import { withoutRule } from '../i18n/rule-errors';

type AutoReplyEvent = Extract<SessionLogEvent, { readonly type: 'loop-guard' | 'rule-disabled' }>;

/** The sentence of 自动应答's log rows: the loop guard tripping and clearing, a rule stopped by its error. */
export function formatAutoReplyEvent(event: AutoReplyEvent, lang: Lang): string {
  if (event.type === 'rule-disabled') {
    // The row names the rule already: the error without its "Rule n" prefix.
    return translate(lang, 'autoReply.log.ruleDisabled', { name: event.rule, error: localizeError(withoutRule(event.error), lang) });
  }
  return event.state === 'tripped'
    ? translate(lang, 'autoReply.log.guardTripped', { limit: event.limit })
    : translate(lang, 'autoReply.log.guardCleared', { dropped: event.dropped });
}
