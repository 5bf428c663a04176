import { useState } from 'react';
import { NO_CHECKSUM, CHECKSUM_GROUPS, naturalOrderOf } from '../send/checksum-choices';
import { Checkbox } from '../components/Checkbox';
import { EncodingSelect } from '../components/EncodingSelect';
import { useT } from '../i18n/lang-store';
import { QUICK_COMMAND_HOTKEYS, QUICK_COMMAND_LIMITS, isQuickHotkey, type QuickCommandDraft } from './quick-command';

/** The add / edit form of one quick command: every field of it, in a small box under the strip. */
export function QuickCommandForm({
  initial,
  onSave,
  onCancel,
  onDelete,
}: {
  readonly initial: QuickCommandDraft;
  readonly onSave: (draft: QuickCommandDraft) => void;
  readonly onCancel: () => void;
  readonly onDelete?: () => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState(initial);
  const spec = draft.spec;
  const setSpec = (change: Partial<QuickCommandDraft['spec']>) => setDraft({ ...draft, spec: { ...spec, ...change } });
  const canSave = draft.name.trim().length > 0;
  return (
    <form
      className="quick-form"
      data-testid="quick-command-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSave) onSave(draft);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <div className="quick-form-row">
        <label className="field is-inline">
          <span className="field-label">{t('quick.name')}</span>
          <input data-testid="quick-form-name" autoFocus maxLength={QUICK_COMMAND_LIMITS.nameChars} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label className="field is-inline">
          <span className="field-label">{t('quick.group')}</span>
          <input data-testid="quick-form-group" maxLength={QUICK_COMMAND_LIMITS.groupChars} value={draft.group} onChange={(e) => setDraft({ ...draft, group: e.target.value })} />
        </label>
        <label className="field is-inline">
          <span className="field-label">{t('quick.hotkey')}</span>
          <select
            data-testid="quick-form-hotkey"
            value={draft.hotkey ?? ''}
            onChange={(e) => {
              const { hotkey: _old, ...rest } = draft;
              setDraft(isQuickHotkey(e.target.value) ? { ...rest, hotkey: e.target.value } : rest);
            }}
          >
            <option value="">{t('quick.noHotkey')}</option>
            {QUICK_COMMAND_HOTKEYS.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </label>
      </div>
      <textarea data-testid="quick-form-text" aria-label={t('quick.text')} spellCheck={false} rows={2} value={spec.text} onChange={(e) => setSpec({ text: e.target.value })} />
      <div className="quick-form-row">
        <select data-testid="quick-form-mode" aria-label={t('quick.mode')} value={spec.mode} onChange={(e) => setSpec({ mode: e.target.value === 'hex' ? 'hex' : 'ascii' })}>
          <option value="ascii">ASCII</option>
          <option value="hex">HEX</option>
        </select>
        <EncodingSelect testId="quick-form-encoding" label={t('quick.encoding')} title={t('quick.encoding')} value={spec.encoding} onChange={(encoding) => setSpec({ encoding })} />
        <Checkbox testId="quick-form-escapes" label={t('quick.escapes')} checked={spec.escapes} onChange={(escapes) => setSpec({ escapes })} />
        <Checkbox testId="quick-form-crlf" label={t('quick.crlf')} checked={spec.appendCrlf} onChange={(appendCrlf) => setSpec({ appendCrlf })} />
        <select
          data-testid="quick-form-checksum"
          aria-label={t('quick.checksum')}
          value={spec.checksum?.model ?? NO_CHECKSUM}
          onChange={(e) => {
            const model = e.target.value;
            // A new model keeps the other checksum options the command had, or takes that model's usual order.
            setSpec({ checksum: model === NO_CHECKSUM ? null : { order: naturalOrderOf(model), output: 'raw', skipStart: 0, skipEnd: 0, ...spec.checksum, model } });
          }}
        >
          <option value={NO_CHECKSUM}>{t('quick.noChecksum')}</option>
          {CHECKSUM_GROUPS.flatMap((group) => group.choices).map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <div className="quick-form-row is-buttons">
        <button type="submit" className="primary" data-testid="quick-form-save" disabled={!canSave}>
          {t('quick.save')}
        </button>
        <button type="button" data-testid="quick-form-cancel" onClick={onCancel}>
          {t('quick.cancel')}
        </button>
        {onDelete && (
          <button type="button" className="danger" data-testid="quick-form-delete" onClick={onDelete}>
            {t('quick.delete')}
          </button>
        )}
      </div>
    </form>
  );
}
