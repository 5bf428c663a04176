import type { MenuCommand } from '@shared/contract/transport';
import { describe, expect, it, vi } from 'vitest';
import { testWorkspace } from './test-support/test-workspace';
import { subscribeMenuCommands } from './use-menu-commands';

/** A transport with an application menu (as over Electron IPC): the test plays the menu. */
function menuTransport() {
  const listeners = new Set<(command: MenuCommand) => void>();
  return {
    transport: {
      onMenuCommand(listener: (command: MenuCommand) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    choose: (command: MenuCommand) => listeners.forEach((listener) => listener(command)),
    listeners,
  };
}

describe('menu commands', () => {
  it('run the tab actions: new, position, last, next and previous (wrapping), close', async () => {
    const { ws } = testWorkspace();
    const menu = menuTransport();
    subscribeMenuCommands(ws, menu.transport);
    const active = () => ws.getState().activeTabId;

    menu.choose('tab.new');
    menu.choose('tab.new');
    expect(ws.getState().tabs.map((tab) => tab.id)).toEqual(['tab-1', 'tab-2', 'tab-3']);
    expect(active()).toBe('tab-3');
    menu.choose({ position: 1 });
    expect(active()).toBe('tab-1');
    menu.choose({ position: 8 }); // no eighth tab: nothing changes
    expect(active()).toBe('tab-1');
    menu.choose('tab.last');
    expect(active()).toBe('tab-3');
    menu.choose('tab.next');
    expect(active()).toBe('tab-1');
    menu.choose('tab.previous');
    expect(active()).toBe('tab-3');
    menu.choose({ position: 2 });
    menu.choose('tab.close');
    await vi.waitFor(() => expect(ws.getState().tabs.map((tab) => tab.id)).toEqual(['tab-1', 'tab-3']));
    expect(active()).toBe('tab-3');
  });

  it('stops when unsubscribed', () => {
    const { ws } = testWorkspace();
    const menu = menuTransport();
    const stop = subscribeMenuCommands(ws, menu.transport);
    stop();
    expect(menu.listeners.size).toBe(0);
    menu.choose('tab.new');
    expect(ws.getState().tabs).toHaveLength(1);
  });

  it('a transport without a menu (the browser host) is fine: nothing to subscribe to', () => {
    const { ws } = testWorkspace();
    const stop = subscribeMenuCommands(ws, {});
    expect(() => stop()).not.toThrow();
  });
});
