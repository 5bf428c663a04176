import { localizeError } from '../i18n/localize-error';
import { useLang, useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';

/**
 * The error line under the send box (data-testid="error"): the latest close notice, or the latest error that no
 * control owns (a session error), or else the workspace file that could not be read or saved. Errors that belong to
 * a control are shown by that control's FieldError instead. Replaced by the next error and cleared by the next
 * successful action.
 */
export function ErrorLine() {
  const t = useT();
  const lang = useLang();
  const tabNotice = useTab((s) => s.notice);
  const settingsError = useWorkspace((s) => s.settingsError);
  const notice = tabNotice && (tabNotice.kind !== 'error' || tabNotice.slot === 'session') ? tabNotice : null;
  if (!notice && !settingsError) return null;
  let text: string;
  let detail: string | undefined;
  if (!notice) {
    // A settings error means nothing is saved from now on (workspace-sync.ts): say so, whatever the cause.
    text = t('error.settings', { error: localizeError(settingsError!, lang) });
    detail = settingsError!.detail;
  } else if (notice.kind === 'error') {
    text = localizeError(notice.error, lang);
    detail = notice.error.detail;
  } else {
    text = t('status.closedWithReason', { protocol: t(`protocol.${notice.protocol}`), reason: t(`reason.${notice.reason}`) });
    if (notice.error) text += ` — ${localizeError(notice.error, lang)}`;
    detail = notice.error?.detail;
  }
  return (
    <div className={`error-line ${notice?.kind === 'closed' && !notice.error ? 'is-notice' : 'is-error'}`} data-testid="error" role="alert" title={detail ? t('error.detail', { detail }) : undefined}>
      {text}
    </div>
  );
}
