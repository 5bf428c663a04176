import { tasksEnded } from '../store/tab-reducers';
import type { HostLinkState, RendererTransport } from '../transport/host-link';
import type { Workspace } from './create-workspace';

/** Link states after which no session of this page can still be alive for it (nothing will reconnect). */
const isFinal = (state: HostLinkState): boolean => state === 'no-token' || state === 'bad-token' || state === 'closed';

/**
 * Connects the workspace to its host for the page's life: the link state goes to the store; on every `open`
 * (the first connection and each reconnection) the page attaches to the engine's workspace and gets its live
 * sessions back; after the first attach, tabs marked "open at start" whose session is not live are opened; the
 * interface list is loaded. A link that is gone for good shows every tab closed. Returns the unsubscribe.
 */
export function startWorkspace(workspace: Pick<Workspace, 'store' | 'attach'>, transport: RendererTransport): () => void {
  const { store } = workspace;
  let hasStarted = false;

  const onOpen = async (): Promise<void> => {
    // A page another page took the workspace from stays passive, even across reconnects, until the user takes it
    // back: two pages re-attaching on their own would take it from each other forever.
    if (store.getState().isTakenOver) return;
    const attached = await workspace.attach();
    if (!attached.ok) return;
    if (!hasStarted) {
      hasStarted = true;
      for (const tab of store.getState().tabs) {
        if (tab.openAtStart && tab.store.getState().sessionState === 'closed') void tab.store.getState().toggleOpen();
      }
    }
    void store.getState().loadInterfaces();
  };

  const onLink = (hostLink: HostLinkState): void => {
    store.setState({ hostLink });
    if (hostLink === 'open') void onOpen();
    else if (isFinal(hostLink)) {
      // The browser host owns the sessions: when this page can no longer reach it, they are gone for the page.
      for (const tab of store.getState().tabs) {
        const s = tab.store.getState();
        if (s.sessionState !== 'closed') tab.store.setState({ sessionState: 'closed', clients: [], ...tasksEnded(s) });
      }
    }
  };
  onLink(transport.linkState());
  return transport.onLinkState(onLink);
}
