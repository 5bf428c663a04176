import type { StoreApi } from 'zustand';
import type { WorkspaceState } from '../workspace/workspace-state';
import {
  clampDraft,
  withAdded,
  withImported,
  withMoved,
  withRemoved,
  withUpdated,
  type QuickCommand,
  type QuickCommandDraft,
  type QuickHotkey,
} from './quick-command';

/** 快捷指令 in the app-level store: one list for every tab, sent on whichever tab is active. */
export interface QuickCommandsSlice {
  /** In strip order. */
  readonly quickCommands: readonly QuickCommand[];
  /** The new command's id; undefined when the list is full. */
  addQuickCommand(draft: QuickCommandDraft): string | undefined;
  updateQuickCommand(id: string, draft: QuickCommandDraft): void;
  removeQuickCommand(id: string): void;
  /** Drag and drop in the strip. */
  moveQuickCommand(id: string, index: number): void;
  /** Appends imported commands (new ids; an F-key already bound here stays with ours). Returns how many did not fit. */
  importQuickCommands(drafts: readonly QuickCommandDraft[]): number;
  /** Sends the command on the active tab, as its send box would (its target, its errors). */
  sendQuickCommand(id: string): Promise<void>;
  /** F1…F12: sends the command bound to `key`; false when none is. */
  sendQuickHotkey(key: QuickHotkey): boolean;
}

type Set = StoreApi<WorkspaceState>['setState'];
type Get = StoreApi<WorkspaceState>['getState'];

export function createQuickSlice(set: Set, get: Get, newId: () => string): QuickCommandsSlice {
  const send = (command: QuickCommand | undefined): Promise<void> => {
    const { tabs, activeTabId } = get();
    const tab = tabs.find((t) => t.id === activeTabId);
    return command && tab ? tab.store.getState().sendSpec(command.spec) : Promise.resolve();
  };
  return {
    quickCommands: [],
    addQuickCommand(draft) {
      const before = get().quickCommands;
      const id = newId();
      const quickCommands = withAdded(before, { id, ...clampDraft(draft) });
      if (quickCommands === before) return undefined;
      set({ quickCommands });
      return id;
    },
    updateQuickCommand: (id, draft) => set({ quickCommands: withUpdated(get().quickCommands, id, draft) }),
    removeQuickCommand: (id) => set({ quickCommands: withRemoved(get().quickCommands, id) }),
    moveQuickCommand: (id, index) => set({ quickCommands: withMoved(get().quickCommands, id, index) }),
    importQuickCommands(drafts) {
      const { list, dropped } = withImported(get().quickCommands, drafts, newId);
      set({ quickCommands: list });
      return dropped;
    },
    sendQuickCommand: (id) => send(get().quickCommands.find((c) => c.id === id)),
    sendQuickHotkey(key) {
      const command = get().quickCommands.find((c) => c.hotkey === key);
      if (command) void send(command);
      return command !== undefined;
    },
  };
}
