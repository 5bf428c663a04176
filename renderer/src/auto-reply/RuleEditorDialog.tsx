import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { MESSAGE_MATCH_KINDS, type MessageMatchKind } from '@shared/automation/message-match';
import { REPLY_TARGETS, type ReplyPayload } from '@shared/contract/rules';
import type { AppError } from '@shared/contract/errors';
import { Checkbox } from '../components/Checkbox';
import { useLang, useT } from '../i18n/lang-store';
import { localizeError } from '../i18n/localize-error';
import { withoutRule } from '../i18n/rule-errors';
import { browserRandom } from '../send/browser-random';
import { CHECKSUM_GROUPS, NO_CHECKSUM, naturalOrderOf } from '../send/checksum-choices';
import { useTab } from '../store/tab-context';
import { rulesProtocolOf } from './auto-reply-slice';
import { draftPartOf, type DraftPart, type RuleDraft } from './rule-draft';
import { checkDraft, previewRule, type SampleMessage } from './rule-preview';

/** The peer the preview answers when the tab knows none (a TEST-NET address: never a real host). */
const EXAMPLE_PEER = '192.0.2.1:5000';

/**
 * The add / edit dialog of one rule: name, match, action and reply, target, delay, what follows, and a preview of
 * the reply to a sample message made by the engine's own functions. Every change is checked as the engine will
 * check it; Save keeps the rule only when it checks, and a mistake (an unclosed regex group, a {{$3}} with one
 * group) shows by its field with its place, changing nothing.
 */
export function RuleEditorDialog({ draft: initial, isNew, onClose }: { readonly draft: RuleDraft; readonly isNew: boolean; readonly onClose: () => void }) {
  const t = useT();
  const lang = useLang();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(initial);
  const [sample, setSample] = useState<SampleMessage>({ text: '', mode: 'ascii' });
  const [wasSaveTried, setSaveTried] = useState(false);
  /** What the tab refused on Save besides the rule's own check (the list is full). */
  const [saveError, setSaveError] = useState<AppError | undefined>(undefined);
  const encoding = useTab((s) => s.recvEncoding);
  const protocol = useTab(rulesProtocolOf);
  const rules = useTab((s) => s.autoReplyRules);
  const remote = useTab((s) => s.remote);
  const saveRule = useTab((s) => s.saveRule);
  const deleteRule = useTab((s) => s.deleteRule);
  const index = Math.max(0, isNew ? rules.length : rules.findIndex((rule) => rule.id === draft.id));

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);

  const checked = useMemo(() => checkDraft(draft, index, encoding, protocol), [draft, index, encoding, protocol]);
  // Before the first Save, an empty field is not yet a mistake: the form starts empty.
  const shownError: AppError | undefined = !checked.ok && (wasSaveTried || checked.error.params?.reason !== 'empty') ? checked.error : saveError;
  const errorPart: DraftPart | undefined = shownError ? draftPartOf(shownError.params?.field) : undefined;
  const errorText = shownError ? localizeError(withoutRule(shownError), lang) : '';
  const errorAt = (part: DraftPart) =>
    errorPart === part ? (
      <div className="field-error" role="alert" data-testid="rule-editor-error" data-part={part}>
        {errorText}
      </div>
    ) : null;

  const peer = remote ? (remote.family === 'IPv6' ? `[${remote.address}]:${remote.port}` : `${remote.address}:${remote.port}`) : EXAMPLE_PEER;
  const preview = useMemo(
    () => (checked.ok ? previewRule(checked.value, sample, encoding, peer, Date.now(), browserRandom) : undefined),
    [checked, sample, encoding, peer],
  );

  const set = (patch: Partial<RuleDraft>): void => setDraft({ ...draft, ...patch });
  const setPayload = (patch: Partial<ReplyPayload>): void => set({ payload: { ...draft.payload, ...patch } });
  const save = (): void => {
    setSaveTried(true);
    if (!checked.ok) return;
    const saved = saveRule(checked.value.rule);
    if (saved.ok) onClose();
    else setSaveError(saved.error);
  };

  const isPatternKind = draft.matchKind === 'exact' || draft.matchKind === 'contains' || draft.matchKind === 'starts-with';
  return (
    <dialog
      ref={dialogRef}
      className="rule-editor"
      data-testid="rule-editor"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        className="rule-editor-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <h2 id={titleId}>{isNew ? t('autoReply.editor.titleNew') : t('autoReply.editor.titleEdit', { name: initial.name })}</h2>

        <div className="rule-editor-row">
          <label className="field is-inline rule-editor-name">
            <span className="field-label">{t('autoReply.editor.name')}</span>
            <input data-testid="rule-name" autoFocus maxLength={64} value={draft.name} aria-invalid={errorPart === 'name'} onChange={(e) => set({ name: e.target.value })} />
          </label>
          <Checkbox testId="rule-enabled" label={t('autoReply.editor.enabled')} checked={draft.enabled} onChange={(enabled) => set({ enabled })} />
        </div>
        {errorAt('name')}

        <fieldset className="rule-editor-group">
          <legend>{t('autoReply.editor.match')}</legend>
          <div className="rule-editor-row">
            <select data-testid="rule-match-kind" aria-label={t('autoReply.editor.match')} value={draft.matchKind} onChange={(e) => set({ matchKind: e.target.value as MessageMatchKind })}>
              {MESSAGE_MATCH_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`autoReply.match.${kind}`)}
                </option>
              ))}
            </select>
            {isPatternKind && (
              <>
                <input
                  className="rule-editor-pattern"
                  data-testid="rule-pattern"
                  aria-label={t('autoReply.editor.pattern')}
                  spellCheck={false}
                  value={draft.pattern}
                  aria-invalid={errorPart === 'match'}
                  onChange={(e) => set({ pattern: e.target.value })}
                />
                <select data-testid="rule-pattern-mode" aria-label={t('autoReply.editor.patternMode')} value={draft.patternMode} onChange={(e) => set({ patternMode: e.target.value === 'hex' ? 'hex' : 'text' })}>
                  <option value="text">ASCII</option>
                  <option value="hex">HEX</option>
                </select>
              </>
            )}
            {draft.matchKind === 'regex' && (
              <>
                <input
                  className="rule-editor-pattern"
                  data-testid="rule-regex"
                  aria-label={t('autoReply.match.regex')}
                  spellCheck={false}
                  placeholder="^name=(\w+)"
                  value={draft.regex}
                  aria-invalid={errorPart === 'match'}
                  onChange={(e) => set({ regex: e.target.value })}
                />
                <Checkbox testId="rule-ignore-case" label={t('autoReply.editor.ignoreCase')} checked={draft.ignoreCase} onChange={(ignoreCase) => set({ ignoreCase })} />
              </>
            )}
            {draft.matchKind === 'hex-pattern' && (
              <input
                className="rule-editor-pattern"
                data-testid="rule-hex-pattern"
                aria-label={t('autoReply.match.hex-pattern')}
                spellCheck={false}
                placeholder="01 03 ?? ??"
                value={draft.hexPattern}
                aria-invalid={errorPart === 'match'}
                onChange={(e) => set({ hexPattern: e.target.value })}
              />
            )}
            {draft.matchKind === 'length' && (
              <>
                <label className="field is-inline">
                  <span className="field-label">{t('autoReply.editor.min')}</span>
                  <input className="rule-editor-number" data-testid="rule-min" inputMode="numeric" value={draft.minLength} onChange={(e) => set({ minLength: e.target.value })} />
                </label>
                <label className="field is-inline">
                  <span className="field-label">{t('autoReply.editor.max')}</span>
                  <input className="rule-editor-number" data-testid="rule-max" inputMode="numeric" value={draft.maxLength} onChange={(e) => set({ maxLength: e.target.value })} />
                </label>
              </>
            )}
          </div>
          {errorAt('match')}
        </fieldset>

        <fieldset className="rule-editor-group">
          <legend>{t('autoReply.editor.action')}</legend>
          <div className="rule-editor-row">
            <select data-testid="rule-action" aria-label={t('autoReply.editor.action')} value={draft.action} onChange={(e) => set({ action: e.target.value === 'echo' ? 'echo' : 'reply' })}>
              <option value="reply">{t('autoReply.action.reply')}</option>
              <option value="echo">{t('autoReply.action.echo')}</option>
            </select>
            {draft.action === 'reply' && (
              <>
                <select data-testid="rule-reply-mode" aria-label={t('autoReply.editor.mode')} value={draft.payload.mode} onChange={(e) => setPayload({ mode: e.target.value === 'hex' ? 'hex' : 'ascii' })}>
                  <option value="ascii">ASCII</option>
                  <option value="hex">HEX</option>
                </select>
                <Checkbox testId="rule-reply-escapes" label={t('autoReply.editor.escapes')} checked={draft.payload.escapes} onChange={(escapes) => setPayload({ escapes })} />
                <Checkbox testId="rule-reply-crlf" label={t('autoReply.editor.crlf')} checked={draft.payload.appendCrlf} onChange={(appendCrlf) => setPayload({ appendCrlf })} />
                <select
                  data-testid="rule-reply-checksum"
                  aria-label={t('autoReply.editor.checksum')}
                  value={draft.payload.checksum?.model ?? NO_CHECKSUM}
                  onChange={(e) => {
                    const model = e.target.value;
                    const kept = draft.payload.checksum;
                    setPayload({ checksum: model === NO_CHECKSUM ? null : { order: naturalOrderOf(model), output: 'raw', skipStart: 0, skipEnd: 0, ...kept, model } });
                  }}
                >
                  <option value={NO_CHECKSUM}>{t('autoReply.editor.noChecksum')}</option>
                  {CHECKSUM_GROUPS.flatMap((group) => group.choices).map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.label}
                    </option>
                  ))}
                </select>
              </>
            )}
          </div>
          {draft.action === 'reply' && (
            <textarea
              data-testid="rule-reply"
              aria-label={t('autoReply.editor.payload')}
              spellCheck={false}
              rows={2}
              placeholder="Hello, {{$1}}!"
              title={t('autoReply.editor.fieldsHelp')}
              value={draft.payload.text}
              aria-invalid={errorPart === 'reply'}
              onChange={(e) => setPayload({ text: e.target.value })}
            />
          )}
          {draft.action === 'reply' && <div className="rule-editor-help">{t('autoReply.editor.fieldsHelp')}</div>}
          {errorAt('reply')}
          <div className="rule-editor-row">
            <select data-testid="rule-target" aria-label={t('autoReply.editor.target')} value={draft.target} onChange={(e) => set({ target: REPLY_TARGETS.find((target) => target === e.target.value) ?? 'sender' })}>
              {REPLY_TARGETS.map((target) => (
                <option key={target} value={target} disabled={target !== 'sender' && protocol !== 'tcp-server'}>
                  {t(`autoReply.target.${target}`)}
                </option>
              ))}
            </select>
            <label className="field is-inline">
              <span className="field-label">{t('autoReply.editor.delay')}</span>
              <input className="rule-editor-number" data-testid="rule-delay" inputMode="numeric" value={draft.delayMs} aria-invalid={errorPart === 'delay'} onChange={(e) => set({ delayMs: e.target.value })} />
              <span>{t('autoReply.editor.ms')}</span>
            </label>
            <select data-testid="rule-then" aria-label={t('autoReply.editor.then')} value={draft.then} onChange={(e) => set({ then: e.target.value === 'continue' ? 'continue' : 'stop' })}>
              <option value="stop">{t('autoReply.then.stop')}</option>
              <option value="continue">{t('autoReply.then.continue')}</option>
            </select>
          </div>
          {errorAt('target')}
          {errorAt('delay')}
        </fieldset>

        <fieldset className="rule-editor-group">
          <legend>{t('autoReply.editor.sample')}</legend>
          <div className="rule-editor-row">
            <input
              className="rule-editor-pattern"
              data-testid="rule-sample"
              aria-label={t('autoReply.editor.sample')}
              spellCheck={false}
              placeholder={t('autoReply.editor.samplePlaceholder')}
              value={sample.text}
              onChange={(e) => setSample({ ...sample, text: e.target.value })}
            />
            <select data-testid="rule-sample-mode" aria-label={t('autoReply.editor.sampleMode')} value={sample.mode} onChange={(e) => setSample({ ...sample, mode: e.target.value === 'hex' ? 'hex' : 'ascii' })}>
              <option value="ascii">ASCII</option>
              <option value="hex">HEX</option>
            </select>
          </div>
          <RulePreview preview={preview} />
        </fieldset>

        <div className="rule-editor-row is-buttons">
          <button type="submit" className="primary" data-testid="rule-save">
            {t('autoReply.editor.save')}
          </button>
          <button type="button" data-testid="rule-cancel" onClick={onClose}>
            {t('autoReply.editor.cancel')}
          </button>
          {!isNew && (
            <button
              type="button"
              className="danger"
              data-testid="rule-delete"
              onClick={() => {
                deleteRule(initial.id);
                onClose();
              }}
            >
              {t('autoReply.editor.delete')}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}

function RulePreview({ preview }: { readonly preview: ReturnType<typeof previewRule> | undefined }) {
  const t = useT();
  const lang = useLang();
  if (!preview) return null;
  switch (preview.kind) {
    case 'empty':
      return <div className="rule-preview is-empty">{t('autoReply.editor.preview.empty')}</div>;
    case 'no-match':
      return (
        <div className="rule-preview" data-testid="rule-preview" data-state="no-match">
          {t('autoReply.editor.preview.noMatch')}
        </div>
      );
    case 'sample-error':
    case 'error':
      return (
        <div className="rule-preview is-error" data-testid="rule-preview" data-state="error">
          {localizeError(withoutRule(preview.error), lang)}
        </div>
      );
    case 'bytes':
      return (
        <div className="rule-preview" data-testid="rule-preview" data-state="bytes" data-count={preview.count}>
          <div>
            <span className="rule-preview-label">{t('autoReply.editor.preview.bytes', { count: preview.count })}</span>{' '}
            <span className="rule-preview-text" data-testid="rule-preview-text">
              {preview.text}
            </span>
            {preview.isExample && <span className="send-preview-note"> {t('autoReply.editor.preview.example')}</span>}
          </div>
          <div className="rule-preview-hex" data-testid="rule-preview-hex" title={preview.hex}>
            {preview.hex}
          </div>
          {preview.groups.length > 0 && (
            <div className="rule-preview-groups">{t('autoReply.editor.preview.captures', { list: preview.groups.map((group, i) => `$${i + 1}=“${group}”`).join('  ') })}</div>
          )}
        </div>
      );
  }
}
