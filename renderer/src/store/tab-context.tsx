import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { LogStore } from '../log/log-store';
import type { TabState } from './tab-state';
import type { TabStore } from './tab-store';

interface TabStores {
  readonly store: TabStore;
  readonly log: LogStore;
}

const TabContext = createContext<TabStores | null>(null);

/** Gives the panels inside it one tab's store and log: the panels themselves do not know there are tabs. */
export function TabProvider({ store, log, children }: TabStores & { readonly children: ReactNode }) {
  return <TabContext.Provider value={{ store, log }}>{children}</TabContext.Provider>;
}

function useTabStores(): TabStores {
  const stores = useContext(TabContext);
  if (!stores) throw new Error('useTab/useLogStore need a <TabProvider> above them');
  return stores;
}

/** Narrow selector over the tab's store: select one value or one action, not the whole state. */
export function useTab<T>(selector: (state: TabState) => T): T {
  return useStore(useTabStores().store, selector);
}

export function useLogStore(): LogStore {
  return useTabStores().log;
}

/** The tab's store itself, for effects that read it on their own clock (rates); components use `useTab`. */
export function useTabStore(): TabStore {
  return useTabStores().store;
}
