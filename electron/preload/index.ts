// Sandboxed preloads are CommonJS and may only require 'electron': import shared values from files with no
// runtime dependencies (not the '@shared' barrel, which pulls in zod).
import { fail } from '@shared/contract/errors';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_MENU_CHANNEL, parseMenuCommand, type MenuCommand, type PreloadBridge } from '@shared/contract/transport';
import { contextBridge, ipcRenderer } from 'electron';

/**
 * Exposes exactly the PreloadBridge on `window.socketdesk` (DESIGN §5): commands go to the main process, which
 * checks the sender and validates every argument; events come back on one channel and are fanned out here by
 * name, menu commands on another. The page never sees ipcRenderer.
 */
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const menuListeners = new Set<(command: MenuCommand) => void>();

/**
 * Calls each listener. One that throws must not starve the others; its error is rethrown asynchronously so it still
 * shows as uncaught.
 */
function deliver<T>(targets: Iterable<(value: T) => void>, value: T): void {
  for (const listener of targets) {
    try {
      listener(value);
    } catch (error) {
      setTimeout(() => {
        throw error;
      });
    }
  }
}

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { name, payload } = message as { name?: unknown; payload?: unknown };
  if (typeof name !== 'string') return;
  deliver(listeners.get(name) ?? [], payload);
});

// Checked here, where it arrives: the page is only ever handed one of the closed list of MenuCommands.
ipcRenderer.on(IPC_MENU_CHANNEL, (_event, message: unknown) => {
  const command = parseMenuCommand(message);
  if (command !== undefined) deliver(menuListeners, command);
});

const bridge: PreloadBridge = {
  invoke(name, args) {
    return ipcRenderer
      .invoke(IPC_INVOKE_CHANNEL, name, args)
      .catch((error: unknown) => fail('INTERNAL', 'The SocketDesk main process did not answer', undefined, error instanceof Error ? error.message : String(error)));
  },
  on(name, listener) {
    if (typeof name !== 'string' || typeof listener !== 'function') throw new TypeError('socketdesk.on(name: string, listener: function)');
    const set = listeners.get(name) ?? new Set();
    set.add(listener);
    listeners.set(name, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && listeners.get(name) === set) listeners.delete(name);
    };
  },
  onMenuCommand(listener) {
    if (typeof listener !== 'function') throw new TypeError('socketdesk.onMenuCommand(listener: function)');
    menuListeners.add(listener);
    return () => {
      menuListeners.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('socketdesk', bridge);
