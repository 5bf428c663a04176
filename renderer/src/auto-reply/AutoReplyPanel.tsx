import { useMemo, useState, type ReactNode } from 'react';
import { compileRules } from '@shared/automation/auto-reply';
import { ENCODINGS } from '@shared/codecs/encoding-list';
import { AUTO_REPLY_LIMITS, type AutoReplyRule } from '@shared/contract/rules';
import { FieldError } from '../components/FieldError';
import { useLang, useT } from '../i18n/lang-store';
import { localizeError } from '../i18n/localize-error';
import { withoutRule } from '../i18n/rule-errors';
import { useTab } from '../store/tab-context';
import { autoReplyConfigOf, randomRuleId, rulesProtocolOf } from './auto-reply-slice';
import { AutoReplyPresetsMenu } from './AutoReplyPresetsMenu';
import { AutoReplyRuleRow } from './AutoReplyRuleRow';
import { RuleEditorDialog } from './RuleEditorDialog';
import { draftFromRule, newRuleDraft, type RuleDraft } from './rule-draft';

/**
 * 自动应答: a strip beside the quick commands. Folded, it is one short line: the master switch, how many rules are
 * on, their hits and the loop guard's state; unfolded, the presets and + Rule, the loop guard's limit, and the rules
 * in order with their switches, hits and errors, and the buttons to edit, reorder and delete. A rule is edited in a dialog (RuleEditorDialog) with a preview.
 */
export function AutoReplyPanel() {
  const t = useT();
  const rules = useTab((s) => s.autoReplyRules);
  const enabled = useTab((s) => s.autoReplyEnabled);
  const state = useTab((s) => s.autoReplyState);
  const setEnabled = useTab((s) => s.setAutoReplyEnabled);
  const [isOpen, setOpen] = useState(false);
  const [editing, setEditing] = useState<{ readonly draft: RuleDraft; readonly isNew: boolean } | null>(null);

  const hits = state?.rules.reduce((sum, rule) => sum + rule.hits, 0) ?? 0;
  const onCount = rules.filter((rule) => rule.enabled).length;
  const guard = state?.loopGuard;
  const summary = rules.length === 0 ? t('autoReply.summaryNone') : t('autoReply.summary', { on: onCount, n: rules.length, hits });

  const startAdd = (): void => {
    setEditing({ draft: newRuleDraft(randomRuleId(), t('autoReply.title') + ` ${rules.length + 1}`), isNew: true });
  };

  return (
    <section className={`auto-reply ${isOpen ? 'is-open' : ''}`} data-testid="auto-reply" aria-label={t('autoReply.title')}>
      <div className="auto-reply-header">
        <button type="button" className="auto-reply-toggle" data-testid="auto-reply-toggle" aria-expanded={isOpen} title={rules.length === 0 ? `${t('autoReply.toggleHint')} (${summary})` : t('autoReply.toggleHint')} onClick={() => setOpen(!isOpen)}>
          {isOpen ? '▾' : '▸'} {t('autoReply.title')}
        </button>
        <label className="check auto-reply-master" title={t('autoReply.enabledHint')}>
          <input type="checkbox" data-testid="auto-reply-enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {t('autoReply.enabled')}
        </label>
        {/* With no rules the header says nothing more (its tooltip does): the folded strip shares a line at 760 px. */}
        {rules.length > 0 && (
          <span className={`auto-reply-summary ${enabled ? '' : 'is-off'}`} data-testid="auto-reply-summary" data-hits={hits} title={summary}>
            {summary}
          </span>
        )}
        {guard && (guard.tripped || guard.dropped > 0) && (
          <span
            className={`auto-reply-guard ${guard.tripped ? 'is-tripped' : ''}`}
            data-testid="auto-reply-guard"
            data-state={guard.tripped ? 'tripped' : 'dropped'}
            role="status"
            title={t('autoReply.guard.hint')}
          >
            {guard.tripped ? t('autoReply.guard.tripped', { limit: guard.limit, dropped: guard.dropped }) : t('autoReply.guard.dropped', { dropped: guard.dropped })}
          </span>
        )}
      </div>
      <FieldError slot="autoReply" />
      {isOpen && (
        <AutoReplyBody
          onEdit={(rule) => setEditing({ draft: draftFromRule(rule), isNew: false })}
          tools={
            <>
              <AutoReplyPresetsMenu />
              <button type="button" data-testid="auto-reply-add" title={t('autoReply.addHint')} disabled={rules.length >= AUTO_REPLY_LIMITS.rules} onClick={startAdd}>
                {t('autoReply.add')}
              </button>
            </>
          }
        />
      )}
      {editing && <RuleEditorDialog draft={editing.draft} isNew={editing.isNew} onClose={() => setEditing(null)} />}
    </section>
  );
}

/** The unfolded strip: its tools (presets, + Rule), the loop guard's limit, and the rules. */
function AutoReplyBody({ onEdit, tools }: { readonly onEdit: (rule: AutoReplyRule) => void; readonly tools: ReactNode }) {
  const t = useT();
  const lang = useLang();
  const rules = useTab((s) => s.autoReplyRules);
  const enabled = useTab((s) => s.autoReplyEnabled);
  const max = useTab((s) => s.autoReplyMaxPerSecond);
  const encoding = useTab((s) => s.recvEncoding);
  const protocol = useTab(rulesProtocolOf);
  const stats = useTab((s) => s.autoReplyState?.rules);

  // A rule the session kind cannot run (a chat room after switching to UDP) says so on its row, before an open fails.
  const invalid = useMemo(() => {
    const checked = compileRules(autoReplyConfigOf({ autoReplyEnabled: enabled, autoReplyRules: rules, autoReplyMaxPerSecond: max, recvEncoding: encoding }), protocol);
    return checked.ok ? undefined : checked.error;
  }, [rules, enabled, max, encoding, protocol]);
  const invalidIndex = typeof invalid?.params?.rule === 'number' ? invalid.params.rule - 1 : -1;

  return (
    <div className="auto-reply-body">
      <div className="auto-reply-settings">
        {tools}
        <GuardLimit />
        <span className="auto-reply-note">{t('autoReply.encodingNote', { encoding: ENCODINGS.find((e) => e.value === encoding)?.name ?? encoding })}</span>
      </div>
      {rules.length === 0 ? (
        <div className="auto-reply-empty">{t('autoReply.empty')}</div>
      ) : (
        <ol className="auto-reply-list" data-testid="auto-reply-rules">
          {rules.map((rule, index) => (
            <AutoReplyRuleRow
              key={rule.id}
              rule={rule}
              index={index}
              count={rules.length}
              stats={stats?.find((s) => s.id === rule.id)}
              invalid={index === invalidIndex && invalid ? localizeError(withoutRule(invalid), lang) : undefined}
              onEdit={() => onEdit(rule)}
            />
          ))}
        </ol>
      )}
    </div>
  );
}

/** 防回环: the limit of replies per second, applied when the field is left or Enter pressed. */
function GuardLimit() {
  const t = useT();
  const lang = useLang();
  const max = useTab((s) => s.autoReplyMaxPerSecond);
  const setMax = useTab((s) => s.setAutoReplyMaxPerSecond);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = (): void => {
    if (text === null) return;
    const result = setMax(/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);
    if (result.ok) {
      setText(null);
      setError(null);
    } else setError(localizeError(result.error, lang));
  };
  return (
    <label className="auto-reply-guard-limit" title={t('autoReply.guard.hint')}>
      <span>{t('autoReply.guard.label')}</span>
      <input
        data-testid="auto-reply-max"
        inputMode="numeric"
        value={text ?? String(max)}
        aria-invalid={error !== null}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <span>{t('autoReply.guard.unit')}</span>
      {error && (
        <span className="field-error" role="alert" data-testid="auto-reply-max-error">
          {error}
        </span>
      )}
    </label>
  );
}
