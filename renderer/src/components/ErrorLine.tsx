import type { AppError, ErrorCode } from '@shared/contract/errors';
import type { CloseReason } from '@shared/contract/session';
import { localizeError } from '../i18n/localize-error';
import type { Notice } from '../store/tab-state';
import { useLang, useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';

/** Close reasons whose error only says the reason again (an RST is ECONNRESET, a timeout ETIMEDOUT). */
const RESTATES_REASON: Readonly<Record<CloseReason, readonly ErrorCode[]>> = {
  user: [],
  'peer-closed': ['EPIPE'],
  reset: ['ECONNRESET', 'EPIPE'],
  timeout: ['ETIMEDOUT'],
  error: [],
};

/** The close notice's error, when it says more than the status bar's "closed: reason" already does. */
function closeCause(notice: Extract<Notice, { kind: 'closed' }>): AppError | undefined {
  return notice.error && !RESTATES_REASON[notice.reason].includes(notice.error.code) ? notice.error : undefined;
}

/**
 * The error line under the send box (data-testid="error"): the latest error that no control owns (a session
 * error), the cause of the last close when the status bar's "closed: reason" does not already say it all, or else
 * the workspace file that could not be read or saved. Errors that belong to a control are shown by that control's
 * FieldError instead. Replaced by the next error and cleared by the next successful action.
 */
export function ErrorLine() {
  const t = useT();
  const lang = useLang();
  const tabNotice = useTab((s) => s.notice);
  const settingsError = useWorkspace((s) => s.settingsError);
  const sessionError = tabNotice?.kind === 'error' && tabNotice.slot === 'session' ? tabNotice.error : undefined;
  const error = sessionError ?? (tabNotice?.kind === 'closed' ? closeCause(tabNotice) : undefined);
  if (!error && !settingsError) return null;
  // A settings error means nothing is saved from now on (workspace-sync.ts): say so, whatever the cause.
  const text = error ? localizeError(error, lang) : t('error.settings', { error: localizeError(settingsError!, lang) });
  const detail = (error ?? settingsError)?.detail;
  return (
    <div className="error-line is-error" data-testid="error" role="alert" title={detail ? t('error.detail', { detail }) : undefined}>
      {text}
    </div>
  );
}
