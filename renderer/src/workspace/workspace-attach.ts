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
  /** The engine this page attached to last (none before its first attach); kept up to date here. */
  readonly seen: { engineId?: string };
}

/** The host restarted under the page: of the `total` sessions its tabs had open, `reopened` are open again. */
export interface HostRestart {
  readonly reopened: number;
  readonly total: number;
}

export type AttachOutcome = { readonly ok: true; readonly sessions: number; readonly hostRestart?: HostRestart } | { readonly ok: false };

/**
 * Attaches this page to the engine's workspace (DESIGN §4b: the engine outlives the page) and gives every live
 * session back to the tab that opened it; a session whose tab this page does not have (opened by an earlier page
 * whose workspace file was not yet saved) gets a tab of its own. A tab that shows a session the engine no longer
 * has shows it closed. Called on every (re)connection.
 *
 * Another engine than the last attach's means the host restarted (issue 11): every session the tabs showed ended
 * with the old one, and the tabs that were open are opened again, with the form they show, and the page says so
 * (`hostRestart` in the store). Exactly once each, however attaches race: the engine id and the tabs' closed
 * state change together, before anything is awaited, so a second attach finds the same engine and no tab showing
 * a dead session; a tab already reopening ('opening') is left alone by toggleOpen.
 */
export async function attachSessions(parts: AttachParts): Promise<AttachOutcome> {
  const result = await parts.transport.invoke('workspace.attach', {});
  if (!result.ok) return { ok: false };
  const { sessions, engineId } = result.value;
  const isRestarted = parts.seen.engineId !== undefined && parts.seen.engineId !== engineId;
  parts.seen.engineId = engineId;
  const live = new Set(sessions.map((s) => s.sessionId));
  for (const snapshot of sessions) adopt(parts, snapshot);
  const ended: Tab[] = [];
  for (const tab of parts.store.getState().tabs) {
    const s = tab.store.getState();
    if (s.sessionId && s.sessionState !== 'closed' && !live.has(s.sessionId)) {
      tab.store.setState({ sessionState: 'closed', clients: [], ...tasksEnded(s) });
      ended.push(tab);
    }
  }
  if (!isRestarted || ended.length === 0) return { ok: true, sessions: sessions.length };
  await Promise.all(ended.map((tab) => tab.store.getState().toggleOpen()));
  // A TCP client retrying its first connect counts as open again: its tab says it is retrying.
  const hostRestart = { reopened: ended.filter((tab) => tab.store.getState().sessionState !== 'closed').length, total: ended.length };
  parts.store.setState({ hostRestart });
  return { ok: true, sessions: sessions.length, hostRestart };
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
