import type { MenuCommand } from '@shared/contract/transport';
import { useEffect } from 'react';
import type { RendererTransport } from '../transport/host-link';
import type { WorkspaceStore } from './workspace-state';

/**
 * Runs an application-menu command on the workspace: the same actions as the tab shortcuts (use-tab-shortcuts.ts),
 * which the menu shows. A key press never comes this way (the page handles keys itself; see
 * electron/main/menu-template.ts), only a click on a menu item.
 */
export function runMenuCommand(store: WorkspaceStore, command: MenuCommand): void {
  const s = store.getState();
  if (typeof command === 'object') {
    s.activatePosition(command.position);
    return;
  }
  switch (command) {
    case 'tab.new':
      s.newTab();
      return;
    case 'tab.close':
      void s.closeTab(s.activeTabId);
      return;
    case 'tab.next':
      s.activateRelative(1);
      return;
    case 'tab.previous':
      s.activateRelative(-1);
      return;
    case 'tab.last': {
      const last = s.tabs[s.tabs.length - 1];
      if (last) s.activateTab(last.id);
      return;
    }
    default: {
      // A command added to the contract without an action here does not compile.
      const unhandled: never = command;
      console.warn('SocketDesk: unknown menu command', unhandled);
    }
  }
}

/** Subscribes the workspace to the menu's commands; the function to call to stop. Nothing to do without a menu. */
export function subscribeMenuCommands(store: WorkspaceStore, transport: Pick<RendererTransport, 'onMenuCommand'>): () => void {
  return transport.onMenuCommand?.((command) => runMenuCommand(store, command)) ?? (() => undefined);
}

/** The application menu's commands for as long as the component is mounted (in Electron; nothing in a browser). */
export function useMenuCommands(store: WorkspaceStore, transport: Pick<RendererTransport, 'onMenuCommand'>): void {
  useEffect(() => subscribeMenuCommands(store, transport), [store, transport]);
}
