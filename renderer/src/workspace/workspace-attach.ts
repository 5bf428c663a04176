import type { SessionSnapshot } from '@shared/contract/workspace';
import { reduceSnapshot, tasksEnded } from '../store/tab-reducers';
import type { RendererTransport } from '../transport/host-link';
import type { EventRouter } from './event-router';
import { formFromConfig, type PersistedTabState, type TabIdentity } from './tab-settings';
import type { Tab, WorkspaceStore } from './workspace-state';

export interface AttachParts {
  readonly store: WorkspaceStore;
  readonly transport: RendererTransport;
  readonly router: Pick<EventRouter, 'claim'>;
  makeTab(identity: TabIdentity, form?: Partial<PersistedTabState>): Tab;
}

export type AttachOutcome = { readonly ok: true; readonly sessions: number } | { readonly ok: false };

/**
 * Attaches this page to the engine's workspace (DESIGN §4b: the engine outlives the page) and gives every live
 * session back to the tab that opened it; a session whose tab this page does not have (opened by an earlier page
 * whose workspace file was not yet saved) gets a tab of its own. A tab that shows a session the engine no longer
 * has (the host restarted) shows it closed. Called on every (re)connection.
 */
export async function attachSessions(parts: AttachParts): Promise<AttachOutcome> {
  const result = await parts.transport.invoke('workspace.attach', {});
  if (!result.ok) return { ok: false };
  const { sessions } = result.value;
  const live = new Set(sessions.map((s) => s.sessionId));
  for (const snapshot of sessions) adopt(parts, snapshot);
  for (const tab of parts.store.getState().tabs) {
    const s = tab.store.getState();
    if (s.sessionId && s.sessionState !== 'closed' && !live.has(s.sessionId)) tab.store.setState({ sessionState: 'closed', clients: [], ...tasksEnded(s) });
  }
  return { ok: true, sessions: sessions.length };
}

function adopt(parts: AttachParts, snapshot: SessionSnapshot): void {
  const { store } = parts;
  let tab = store.getState().tabs.find((t) => t.id === snapshot.tabId);
  if (!tab) {
    tab = parts.makeTab({ id: snapshot.tabId ?? `t-${snapshot.sessionId}`, title: '', openAtStart: false }, formFromConfig(snapshot.config));
    store.setState({ tabs: [...store.getState().tabs, tab] });
  }
  const isNewToThisPage = tab.store.getState().sessionId !== snapshot.sessionId;
  tab.store.setState(reduceSnapshot(tab.store.getState(), snapshot));
  // A page that reconnected may have edited its rules while the link was down: the session gets them now.
  void tab.store.getState().applyAutoReply();
  const { counters } = snapshot;
  if (isNewToThisPage && tab.log.size === 0) tab.log.markEarlier(counters.rxFrames + counters.txFrames, counters.rxBytes + counters.txBytes);
  parts.router.claim(snapshot.sessionId, tab.id);
}
