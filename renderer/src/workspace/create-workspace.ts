import { createStore } from 'zustand';
import type { Protocol } from '@shared/contract/session';
import { DEFAULT_LOG_CAPACITY, LogBudget, LogStore, type Schedule } from '../log/log-store';
import { createTabStore, type TabStore } from '../store/tab-store';
import type { RendererTransport } from '../transport/host-link';
import { createQuickSlice } from '../quick/quick-slice';
import { randomQuickId } from '../quick/quick-command';
import { EventRouter } from './event-router';
import { attachSessions, type AttachOutcome } from './workspace-attach';
import { isRememberable, withRemembered } from './send-history';
import { PERSISTED_TAB_KEYS, type PersistedTabState, type TabIdentity } from './tab-settings';
import type { Tab, WorkspaceState, WorkspaceStore } from './workspace-state';

export interface WorkspaceDeps {
  readonly transport: RendererTransport;
  /** When the logs and the counters tell the view (requestAnimationFrame in the page). */
  readonly schedule: Schedule;
  /** Byte budget shared by every tab's log. */
  readonly budget?: LogBudget;
  /** Tab ids; random by default, fixed in tests. */
  readonly newTabId?: () => string;
  readonly now?: () => number;
  /** Quick command ids; random by default, fixed in tests. */
  readonly newQuickId?: () => string;
}

export interface Workspace {
  readonly store: WorkspaceStore;
  readonly router: EventRouter;
  /** A tab with this identity and form, not yet in the list (restore and attach put tabs in place themselves). */
  makeTab(identity: TabIdentity, form?: Partial<PersistedTabState>): Tab;
  /** Forgets a tab that left the list: its log leaves the budget, its sessions' late events are dropped. */
  disposeTab(tab: Tab): void;
  /** Attach this page to the engine's workspace and give every live session back to its tab (workspace-attach.ts). */
  attach(): Promise<AttachOutcome>;
  dispose(): void;
}

/** How long closing a tab waits for its session to finish opening before it closes it (ms). */
const OPEN_SETTLE_TIMEOUT_MS = 15_000;

function randomTabId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return `t-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Resolves once the tab's session is no longer opening (or after the time limit). */
function settled(store: TabStore): Promise<void> {
  if (store.getState().sessionState !== 'opening') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, OPEN_SETTLE_TIMEOUT_MS);
    const off = store.subscribe((s) => {
      if (s.sessionState !== 'opening') done();
    });
    function done(): void {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}

/** The persisted form of a tab, for a duplicate. */
function formOf(tab: Tab): PersistedTabState {
  const state = tab.store.getState();
  return Object.fromEntries(PERSISTED_TAB_KEYS.map((key) => [key, state[key]])) as PersistedTabState;
}

/**
 * The workspace: the app-level store (tabs, active tab, host link, interfaces, history, app notices), the tab
 * factory and the one event router. Starts with one default tab; the workspace file (workspace-sync.ts) and the
 * engine's live sessions (workspace-attach.ts) replace or add tabs.
 */
export function createWorkspace(deps: WorkspaceDeps): Workspace {
  const { transport, schedule } = deps;
  const budget = deps.budget ?? new LogBudget();
  const newTabId = deps.newTabId ?? randomTabId;

  const makeTab = (identity: TabIdentity, form?: Partial<PersistedTabState>): Tab => {
    const log = new LogStore(form?.logCapacity ?? DEFAULT_LOG_CAPACITY, schedule, budget);
    const store = createTabStore({
      tabId: identity.id,
      transport,
      log,
      workspace: {
        remember: (item) => workspace.getState().remember(item),
        claimSession: (sessionId) => router.claim(sessionId, identity.id),
      },
    });
    if (form) store.setState(form);
    return { ...identity, store, log };
  };

  const disposeTab = (tab: Tab): void => {
    router.releaseTab(tab.id);
    tab.log.dispose();
  };

  const blankIdentity = (): TabIdentity => ({ id: newTabId(), title: '', openAtStart: false });
  const first = makeTab(blankIdentity());

  const workspace: WorkspaceStore = createStore<WorkspaceState>()((set, get) => {
    const indexOf = (id: string): number => get().tabs.findIndex((tab) => tab.id === id);
    const insertAfterActive = (tab: Tab): void => {
      const tabs = [...get().tabs];
      tabs.splice(indexOf(get().activeTabId) + 1, 0, tab);
      set({ tabs, activeTabId: tab.id });
      tab.store.setState({ hasUnseenTraffic: false });
    };
    const updateTab = (id: string, change: Partial<TabIdentity>): void =>
      set({ tabs: get().tabs.map((tab) => (tab.id === id ? { ...tab, ...change } : tab)) });

    return {
      tabs: [first],
      activeTabId: first.id,
      hostLink: transport.linkState(),
      isTakenOver: false,
      interfaces: [],
      history: [],
      historySkipped: null,
      settingsError: null,
      hostRestart: null,
      ...createQuickSlice(set, get, deps.newQuickId ?? randomQuickId),

      newTab(protocol?: Protocol) {
        const active = get().tabs[indexOf(get().activeTabId)];
        const tab = makeTab(blankIdentity(), { protocol: protocol ?? active?.store.getState().protocol ?? 'udp' });
        insertAfterActive(tab);
        return tab.id;
      },

      async closeTab(id) {
        const index = indexOf(id);
        const tab = get().tabs[index];
        if (!tab) return;
        let tabs = get().tabs.filter((t) => t.id !== id);
        if (tabs.length === 0) tabs = [makeTab(blankIdentity())];
        const activeTabId = get().activeTabId === id ? tabs[Math.min(index, tabs.length - 1)]!.id : get().activeTabId;
        set({ tabs, activeTabId });
        tabs.find((t) => t.id === activeTabId)?.store.setState({ hasUnseenTraffic: false });
        // Closing a tab closes its socket; a session still opening is closed once the engine has answered.
        await settled(tab.store);
        const { sessionId, sessionState } = tab.store.getState();
        if (sessionId && sessionState !== 'closed') {
          const result = await transport.invoke('session.close', { sessionId });
          if (!result.ok && result.error.code !== 'NOT_OPEN' && result.error.code !== 'NOT_FOUND') {
            console.warn('SocketDesk: closing the tab could not close its session', result.error.message);
          }
        }
        disposeTab(tab);
      },

      duplicateTab(id) {
        const source = get().tabs[indexOf(id)];
        if (!source) return get().activeTabId;
        const tab = makeTab({ id: newTabId(), title: source.title ? `${source.title} (2)` : '', openAtStart: false }, formOf(source));
        const tabs = [...get().tabs];
        tabs.splice(indexOf(id) + 1, 0, tab);
        set({ tabs, activeTabId: tab.id });
        return tab.id;
      },

      renameTab: (id, title) => updateTab(id, { title: title.trim() }),
      setOpenAtStart: (id, openAtStart) => updateTab(id, { openAtStart }),

      moveTab(id, index) {
        const from = indexOf(id);
        if (from < 0) return;
        const tabs = [...get().tabs];
        const [tab] = tabs.splice(from, 1);
        tabs.splice(Math.max(0, Math.min(index, tabs.length)), 0, tab!);
        set({ tabs });
      },

      activateTab(id) {
        const tab = get().tabs[indexOf(id)];
        if (!tab) return;
        if (get().activeTabId !== id) set({ activeTabId: id });
        if (tab.store.getState().hasUnseenTraffic) tab.store.setState({ hasUnseenTraffic: false });
      },

      activateRelative(step) {
        const { tabs } = get();
        const next = tabs[(indexOf(get().activeTabId) + step + tabs.length) % tabs.length];
        if (next) get().activateTab(next.id);
      },

      activatePosition(position) {
        const { tabs } = get();
        const tab = position >= 9 ? tabs[tabs.length - 1] : tabs[position - 1];
        if (tab) get().activateTab(tab.id);
      },

      async loadInterfaces() {
        const result = await transport.invoke('system.interfaces', {});
        if (result.ok) {
          set({ interfaces: result.value.interfaces });
          return null;
        }
        // At start a failure only costs the dropdown its entries (the address stays typeable); a refresh the user
        // asked for shows it by the button (InterfacesRefresh).
        console.warn('SocketDesk: system.interfaces failed', result.error.message);
        return result.error;
      },

      remember: (item) => set(isRememberable(item) ? { history: withRemembered(get().history, item), historySkipped: null } : { historySkipped: item.text.length }),

      async takeBack() {
        set({ isTakenOver: false });
        await attach();
      },

      dismissHostRestart: () => set({ hostRestart: null }),
    };
  });

  const router = new EventRouter(
    transport,
    {
      tabById: (tabId) => workspace.getState().tabs.find((tab) => tab.id === tabId),
      isVisible: (tabId) => workspace.getState().activeTabId === tabId,
      onDetached: () => workspace.setState({ isTakenOver: true }),
    },
    schedule,
    deps.now,
  );

  /** The engine of the last attach: another one at a reattach means the host restarted (workspace-attach.ts). */
  const seen: { engineId?: string } = {};
  const attach = (): Promise<AttachOutcome> => attachSessions({ store: workspace, transport, router, makeTab, seen });

  return { store: workspace, router, makeTab, disposeTab, attach, dispose: () => router.dispose() };
}
