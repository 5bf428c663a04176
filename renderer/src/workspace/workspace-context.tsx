import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { WorkspaceState, WorkspaceStore } from './workspace-state';

const WorkspaceContext = createContext<WorkspaceStore | null>(null);

export function WorkspaceProvider({ store, children }: { readonly store: WorkspaceStore; readonly children: ReactNode }) {
  return <WorkspaceContext.Provider value={store}>{children}</WorkspaceContext.Provider>;
}

/** Narrow selector over the app-level store (tabs, host link, interfaces, history). */
export function useWorkspace<T>(selector: (state: WorkspaceState) => T): T {
  const store = useContext(WorkspaceContext);
  if (!store) throw new Error('useWorkspace needs a <WorkspaceProvider> above it');
  return useStore(store, selector);
}
