import { localizeError } from '../i18n/localize-error';
import { useLang, useT } from '../i18n/lang-store';
import { useApp } from '../store/store-context';

/**
 * The error line under the send box (data-testid="error"): the latest close notice, or the latest error that no
 * control owns (a session error, settings that could not be saved). Errors that belong to a control are shown by that control's FieldError
 * instead. Replaced by the next error and cleared by the next successful action.
 */
export function ErrorLine() {
  const t = useT();
  const lang = useLang();
  const notice = useApp((s) => s.notice);
  if (!notice || (notice.kind === 'error' && notice.slot !== 'session' && notice.slot !== 'settings')) return null;
  let text: string;
  let detail: string | undefined;
  if (notice.kind === 'error') {
    text = localizeError(notice.error, lang);
    // A settings error means nothing is saved from now on (settings-sync.ts): say so, whatever the cause.
    if (notice.slot === 'settings') text = t('error.settings', { error: text });
    detail = notice.error.detail;
  } else {
    text = t('status.closedWithReason', { protocol: t(`protocol.${notice.protocol}`), reason: t(`reason.${notice.reason}`) });
    if (notice.error) text += ` — ${localizeError(notice.error, lang)}`;
    detail = notice.error?.detail;
  }
  return (
    <div className={`error-line ${notice.kind === 'closed' && !notice.error ? 'is-notice' : 'is-error'}`} data-testid="error" role="alert" title={detail ? t('error.detail', { detail }) : undefined}>
      {text}
    </div>
  );
}
