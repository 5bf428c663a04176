import { useEffect } from 'react';
import type { WorkspaceStore } from './workspace-state';

/**
 * The workspace's keyboard shortcuts, as browsers and editors have them: Ctrl+T new tab, Ctrl+W close it,
 * Ctrl+Tab / Ctrl+Shift+Tab (and Ctrl+PageDown / PageUp) next / previous, Ctrl+1…8 that tab, Ctrl+9 the last.
 * (In a browser tab Ctrl+T and Ctrl+W may belong to the browser; the + and × buttons do the same.)
 */
export function useTabShortcuts(store: WorkspaceStore): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const s = store.getState();
      const key = event.key.toLowerCase();
      if (key === 't' && !event.shiftKey) s.newTab();
      else if (key === 'w' && !event.shiftKey) void s.closeTab(s.activeTabId);
      else if (event.key === 'Tab') s.activateRelative(event.shiftKey ? -1 : 1);
      else if (event.key === 'PageDown') s.activateRelative(1);
      else if (event.key === 'PageUp') s.activateRelative(-1);
      else if (/^[1-9]$/.test(event.key) && !event.shiftKey) s.activatePosition(Number(event.key));
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
