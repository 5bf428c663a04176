import { useT } from '../i18n/lang-store';
import { hostBannerKey } from '../workspace/host-status';
import { useWorkspace } from '../workspace/workspace-context';

/**
 * A full-width notice when the page cannot drive its engine: the host is unreachable (and being retried), the
 * page's token is missing or stale, or another page took the workspace over (a button takes it back).
 */
export function HostBanner() {
  const t = useT();
  const hostLink = useWorkspace((s) => s.hostLink);
  const isTakenOver = useWorkspace((s) => s.isTakenOver);
  const takeBack = useWorkspace((s) => s.takeBack);
  const key = hostBannerKey(hostLink, isTakenOver);
  if (!key) return null;
  return (
    <div className={`host-banner${hostLink === 'reconnecting' ? ' is-transient' : ''}`} role="alert" data-testid="host-banner" data-link={isTakenOver ? 'taken-over' : hostLink}>
      <span>{t(key)}</span>
      {isTakenOver && hostLink === 'open' && (
        <button type="button" data-testid="take-back" onClick={() => void takeBack()}>
          {t('host.takeBack')}
        </button>
      )}
    </div>
  );
}
