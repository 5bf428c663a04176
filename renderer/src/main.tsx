import { StrictMode, useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { langStore } from './i18n/lang-store';
import { createBenchHook, type BenchHook } from './log/bench-hook';
import type { Schedule } from './log/log-store';
import { themeStore } from './theme/theme-store';
import { pickTransport } from './transport/pick-transport';
import { useQuickHotkeys } from './quick/use-quick-hotkeys';
import { createWorkspace } from './workspace/create-workspace';
import { startWorkspace } from './workspace/start-workspace';
import { useMenuCommands } from './workspace/use-menu-commands';
import { useTabShortcuts } from './workspace/use-tab-shortcuts';
import { WorkspaceProvider } from './workspace/workspace-context';
import { WorkspaceSync } from './workspace/workspace-sync';
import './styles.css';

/**
 * Longest wait for the saved workspace before the first render (ms). The host answers from a small local file in
 * a few ms; past this the defaults are drawn and the workspace still applies when it arrives, if untouched.
 */
const SETTINGS_WAIT_MS = 1_500;

const frameSchedule: Schedule = (callback) => requestAnimationFrame(() => callback());

const transport = pickTransport();
const workspace = createWorkspace({ transport, schedule: frameSchedule });
const sync = new WorkspaceSync({ workspace, lang: langStore, theme: themeStore, transport });
window.addEventListener('pagehide', () => sync.flush());

// Benchmark seam (bench/ B6): only with ?bench=1 in the page URL; see log/bench-hook.ts.
if (new URLSearchParams(window.location.search).get('bench') === '1') {
  (window as Window & { socketdeskBench?: BenchHook }).socketdeskBench = createBenchHook(() => {
    const s = workspace.store.getState();
    return s.tabs.find((tab) => tab.id === s.activeTabId)!.log;
  });
}

/**
 * Start-up marks for the browser's performance timeline (DevTools, bench B11): the saved workspace is in the stores,
 * and the first render is in the DOM. Times from navigation start, as every entry of the timeline.
 */
const MARK_WORKSPACE_LOADED = 'socketdesk:workspace-loaded';
const MARK_FIRST_RENDER = 'socketdesk:first-render';

function Root() {
  useLayoutEffect(() => {
    performance.mark(MARK_FIRST_RENDER);
  }, []);
  useTabShortcuts(workspace.store);
  useQuickHotkeys(workspace.store);
  useMenuCommands(workspace.store, transport);
  return <App />;
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The saved workspace first (so the form does not flash its defaults), then the engine's live sessions.
void sync.restore(SETTINGS_WAIT_MS).then(() => {
  performance.mark(MARK_WORKSPACE_LOADED);
  startWorkspace(workspace, transport);
  createRoot(root).render(
    <StrictMode>
      <WorkspaceProvider store={workspace.store}>
        <Root />
      </WorkspaceProvider>
    </StrictMode>,
  );
});
