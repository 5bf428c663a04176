import { useState } from 'react';
import { useT } from '../i18n/lang-store';
import type { UdpAddressingSlot } from '../store/tab-state';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';
import { groupInterfaces } from './interface-list';

/**
 * ↻: asks the engine for the machine's interfaces again (an adapter plugged in, a VPN up), for the address
 * drop-down and the multicast interface list alike. A failure shows by `slot`'s control.
 */
export function InterfacesRefresh({ testId, slot }: { readonly testId: string; readonly slot: UdpAddressingSlot }) {
  const t = useT();
  const count = useWorkspace((s) => groupInterfaces(s.interfaces).length);
  const loadInterfaces = useWorkspace((s) => s.loadInterfaces);
  const noteRefresh = useTab((s) => s.noteInterfacesRefresh);
  const [isLoading, setLoading] = useState(false);
  const refresh = async (): Promise<void> => {
    setLoading(true);
    try {
      noteRefresh(slot, await loadInterfaces());
    } finally {
      setLoading(false);
    }
  };
  const title = t('net.refreshInterfaces', { n: count });
  return (
    <button type="button" className="interfaces-refresh" data-testid={testId} title={title} aria-label={title} disabled={isLoading} onClick={() => void refresh()}>
      ↻
    </button>
  );
}
