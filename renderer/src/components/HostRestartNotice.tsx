import { useT } from '../i18n/lang-store';
import { useWorkspace } from '../workspace/workspace-context';

/**
 * Said once the page is back with a host that restarted under it (issue 11): its sessions had ended, and the tabs
 * that were open are open again (or say why not). Stays until the user has read it; a link problem shows first.
 */
export function HostRestartNotice() {
  const t = useT();
  const restart = useWorkspace((s) => s.hostRestart);
  const isLinkOpen = useWorkspace((s) => s.hostLink === 'open');
  const dismiss = useWorkspace((s) => s.dismissHostRestart);
  if (!restart || !isLinkOpen) return null;
  const sentence =
    restart.reopened === restart.total
      ? t('host.restarted.reopened', { count: restart.total })
      : t('host.restarted.partly', { count: restart.total, reopened: restart.reopened });
  return (
    <div className="host-banner is-info" role="status">
      <span data-testid="host-restarted">{sentence}</span>
      <button type="button" data-testid="host-restarted-dismiss" onClick={dismiss}>
        {t('host.restarted.dismiss')}
      </button>
    </div>
  );
}
