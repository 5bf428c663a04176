import type { StoreApi } from 'zustand';
import type { NetworkInterfaceInfo } from '@shared/contract/commands';
import type { AppError } from '@shared/contract/errors';
import type { Protocol } from '@shared/contract/session';
import type { LogStore } from '../log/log-store';
import type { TabStore } from '../store/tab-store';
import type { HistoryItem } from '../store/tab-state';
import type { QuickCommandsSlice } from '../quick/quick-slice';
import type { HostLinkState } from '../transport/host-link';
import type { TabIdentity } from './tab-settings';
import type { HostRestart } from './workspace-attach';

/** One session tab: its identity, its store and its log ring (DESIGN §4b). */
export interface Tab extends TabIdentity {
  readonly store: TabStore;
  readonly log: LogStore;
}

/**
 * The app-level state: the tab list and the active tab, the link to the host, what the whole workspace shares
 * (interfaces, send history) and app-wide notices. Each tab's own state is in its own store.
 */
export interface WorkspaceState extends QuickCommandsSlice {
  readonly tabs: readonly Tab[];
  readonly activeTabId: string;
  readonly hostLink: HostLinkState;
  /** Another page attached to the workspace: this one no longer hears from the engine until it takes it back. */
  readonly isTakenOver: boolean;
  readonly interfaces: readonly NetworkInterfaceInfo[];
  /** 历史发送, most recent first, for every tab. */
  readonly history: readonly HistoryItem[];
  /** The last send was too long to keep in 历史发送 (its length in characters); null once one fits again. */
  readonly historySkipped: number | null;
  /** Saving or loading the workspace file failed (shown once per run of failures). */
  readonly settingsError: AppError | null;
  /** The host restarted under this page, and its open tabs were opened again (workspace-attach.ts); null once read. */
  readonly hostRestart: HostRestart | null;

  /** A new tab after the active one (a copy of the active tab's protocol, or `protocol`), made active. */
  newTab(protocol?: Protocol): string;
  /** Closes the tab and its socket; the last tab is replaced by a fresh one. */
  closeTab(id: string): Promise<void>;
  /** A new tab with the same settings (not the same socket), after the original. */
  duplicateTab(id: string): string;
  renameTab(id: string, title: string): void;
  /** Moves the tab to `index` in the bar (drag and drop). */
  moveTab(id: string, index: number): void;
  activateTab(id: string): void;
  /** Ctrl+Tab / Ctrl+Shift+Tab: the next / previous tab, wrapping. */
  activateRelative(step: 1 | -1): void;
  /** Ctrl+1…8: the tab at that position; Ctrl+9: the last tab (as browsers do). */
  activatePosition(position: number): void;
  setOpenAtStart(id: string, on: boolean): void;
  /** Asks the engine for the machine's interfaces again; the error when it could not (the list stays as it was). */
  loadInterfaces(): Promise<AppError | null>;
  remember(item: HistoryItem): void;
  /** After `isTakenOver`: attach this page again (the other page is told). */
  takeBack(): Promise<void>;
  /** The user read the host-restart notice. */
  dismissHostRestart(): void;
}

export type WorkspaceStore = StoreApi<WorkspaceState>;
