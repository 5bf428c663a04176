import type { MenuCommand, PreloadBridge } from '@shared/contract/transport';
import { describe, expect, it } from 'vitest';
import { createIpcTransport } from './ipc-transport';

describe('IPC transport', () => {
  it('passes the preload’s menu commands on, and unsubscribes through it', () => {
    const listeners = new Set<(command: MenuCommand) => void>();
    const bridge: PreloadBridge = {
      invoke: () => Promise.resolve({ ok: true, value: null }),
      on: () => () => undefined,
      onMenuCommand(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const transport = createIpcTransport(bridge);
    const received: MenuCommand[] = [];
    const off = transport.onMenuCommand!((command) => received.push(command));
    listeners.forEach((listener) => listener({ position: 4 }));
    listeners.forEach((listener) => listener('tab.new'));
    off();
    expect(listeners.size).toBe(0);
    expect(received).toEqual([{ position: 4 }, 'tab.new']);
  });
});
