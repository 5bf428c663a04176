import { localizeError } from '../i18n/localize-error';
import { useLang, useT } from '../i18n/lang-store';
import { useApp } from '../store/store-context';

/**
 * The one error line (data-testid="error"): the latest error or close notice as a localized sentence. It is
 * replaced by the next error and cleared by the next successful action.
 */
export function ErrorLine() {
  const t = useT();
  const lang = useLang();
  const notice = useApp((s) => s.notice);
  if (!notice) return null;
  let text: string;
  let detail: string | undefined;
  if (notice.kind === 'error') {
    text = localizeError(notice.error, lang);
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
