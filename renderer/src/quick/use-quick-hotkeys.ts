import { useEffect } from 'react';
import type { WorkspaceStore } from '../workspace/workspace-state';
import { isQuickHotkey } from './quick-command';

/**
 * F1…F12 send the quick command bound to that key on the active tab, from anywhere in the page (F-keys type
 * nothing, so a focused text field loses nothing). Only a bound key is taken from the browser (F5 reloads
 * otherwise); modified keys are left alone.
 */
export function useQuickHotkeys(store: WorkspaceStore): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.repeat) return;
      if (!isQuickHotkey(event.key)) return;
      if (store.getState().sendQuickHotkey(event.key)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
