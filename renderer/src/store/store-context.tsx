import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { LogStore } from '../log/log-store';
import type { AppState } from './app-state';
import type { AppStore } from './app-store';

interface Stores {
  readonly app: AppStore;
  readonly log: LogStore;
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ app, log, children }: Stores & { readonly children: ReactNode }) {
  return <StoresContext.Provider value={{ app, log }}>{children}</StoresContext.Provider>;
}

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useApp/useLogStore need a <StoresProvider> above them');
  return stores;
}

/** Narrow selector over the app store: select one value or one action, not the whole state. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useStores().app, selector);
}

export function useLogStore(): LogStore {
  return useStores().log;
}
