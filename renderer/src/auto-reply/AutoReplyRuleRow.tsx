import type { AutoReplyRule, RuleStats } from '@shared/contract/rules';
import { useLang, useT } from '../i18n/lang-store';
import { localizeError } from '../i18n/localize-error';
import { withoutRule } from '../i18n/rule-errors';
import { useTab } from '../store/tab-context';
import { actionSummary, matchSummary, ruleDetails } from './rule-summary';

/** One rule in the list: its switch, name, match → action, details, hits, the buttons, and what went wrong. */
export function AutoReplyRuleRow({
  rule,
  index,
  count,
  stats,
  invalid,
  onEdit,
}: {
  readonly rule: AutoReplyRule;
  readonly index: number;
  readonly count: number;
  readonly stats: RuleStats | undefined;
  /** Why this tab's session kind cannot run it (already in words). */
  readonly invalid: string | undefined;
  readonly onEdit: () => void;
}) {
  const t = useT();
  const lang = useLang();
  const setRuleEnabled = useTab((s) => s.setRuleEnabled);
  const moveRule = useTab((s) => s.moveRule);
  const deleteRule = useTab((s) => s.deleteRule);
  const hits = stats?.hits ?? 0;
  const details = ruleDetails(rule, t);
  const match = matchSummary(rule.match, t);
  const action = actionSummary(rule, t);
  const problem = stats?.error
    ? t('autoReply.rule.stopped', { error: localizeError(withoutRule(stats.error), lang) })
    : invalid
      ? t('autoReply.rule.invalid', { error: invalid })
      : undefined;
  return (
    <li className={`auto-reply-rule ${rule.enabled ? '' : 'is-off'} ${problem ? 'has-error' : ''}`} data-testid="auto-reply-rule" data-name={rule.name} data-hits={hits}>
      <div className="auto-reply-rule-line">
        <input type="checkbox" data-testid="auto-reply-rule-on" aria-label={t('autoReply.rule.on', { name: rule.name })} checked={rule.enabled} onChange={(e) => setRuleEnabled(rule.id, e.target.checked)} />
        <button type="button" className="link-button auto-reply-rule-name" data-testid="auto-reply-rule-name" title={t('autoReply.rule.edit')} onClick={onEdit}>
          {rule.name}
        </button>
        <span className="auto-reply-rule-what" title={[`${match} → ${action}`, ...details].join(' · ')}>
          <span className="auto-reply-rule-match">{match}</span>
          <span className="auto-reply-rule-arrow">→</span>
          <span className="auto-reply-rule-action">{action}</span>
          {details.length > 0 && <span className="auto-reply-rule-details">{details.join(' · ')}</span>}
        </span>
        <span
          className="auto-reply-rule-hits"
          data-testid="auto-reply-rule-hits"
          title={t('autoReply.rule.hitsTitle', { hits, replies: stats?.replies ?? 0, failed: stats?.failedSends ?? 0 })}
        >
          {t('autoReply.rule.hits', { hits })}
        </span>
        <span className="auto-reply-rule-buttons">
          <button type="button" className="icon-button" aria-label={t('autoReply.rule.up')} title={t('autoReply.rule.up')} disabled={index === 0} onClick={() => moveRule(rule.id, -1)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label={t('autoReply.rule.down')} title={t('autoReply.rule.down')} disabled={index === count - 1} onClick={() => moveRule(rule.id, 1)}>
            ↓
          </button>
          <button type="button" className="icon-button" data-testid="auto-reply-rule-edit" aria-label={t('autoReply.rule.edit')} title={t('autoReply.rule.edit')} onClick={onEdit}>
            ✎
          </button>
          <button type="button" className="icon-button" data-testid="auto-reply-rule-delete" aria-label={t('autoReply.rule.delete')} title={t('autoReply.rule.delete')} onClick={() => deleteRule(rule.id)}>
            ✕
          </button>
        </span>
      </div>
      {problem && (
        <div className="auto-reply-rule-error field-error" data-testid="auto-reply-rule-error">
          {problem}
        </div>
      )}
      {!problem && stats?.lastSendError && stats.failedSends > 0 && (
        <div className="auto-reply-rule-warning" data-testid="auto-reply-rule-warning">
          {t('autoReply.rule.sendFailed', { error: localizeError(stats.lastSendError, lang) })}
        </div>
      )}
    </li>
  );
}
