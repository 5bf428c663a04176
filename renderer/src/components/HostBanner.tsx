import { useT } from '../i18n/lang-store';
import { useApp } from '../store/store-context';

/** A full-width warning when the page cannot reach its host: nothing else works until that is fixed. */
export function HostBanner() {
  const t = useT();
  const hostLink = useApp((s) => s.hostLink);
  if (hostLink !== 'closed' && hostLink !== 'no-token') return null;
  return (
    <div className="host-banner" role="alert" data-testid="host-banner">
      {t(hostLink === 'no-token' ? 'host.noToken' : 'host.closed')}
    </div>
  );
}
