import { EMPTY_LOG_SEARCH } from '../log/search/log-search';
import type { ReceiveSlice, SliceCreator } from './tab-state';

export const createReceiveSlice: SliceCreator<ReceiveSlice> = (deps) => (set, get) => {
  const applyFilter = (): void => deps.log.setFilter({ hideRx: get().hideRx, paused: get().paused });
  return {
    recvMode: 'ascii',
    logMode: true,
    wrap: false,
    hideRx: false,
    autoScroll: true,
    paused: false,
    // The log applies it (app-store.ts subscribes), so a capacity restored from the settings file takes effect too.
    logCapacity: deps.log.capacity,
    setRecvMode: (recvMode) => set({ recvMode }),
    setLogMode: (logMode) => set({ logMode }),
    setWrap: (wrap) => set({ wrap }),
    setHideRx(hideRx) {
      set({ hideRx });
      applyFilter();
    },
    setAutoScroll: (autoScroll) => set({ autoScroll }),
    setPaused(paused) {
      set({ paused });
      applyFilter();
    },
    setLogCapacity: (logCapacity) => set({ logCapacity }),
    recvEncoding: 'utf-8',
    setRecvEncoding: (recvEncoding) => set({ recvEncoding }),
    logPeerFilter: null,
    setLogPeerFilter: (peer) => set({ logPeerFilter: peer ? { address: peer.address, port: peer.port } : null }),
    logDirFilter: 'all',
    setLogDirFilter: (logDirFilter) => set({ logDirFilter }),
    logSearch: EMPTY_LOG_SEARCH,
    setLogSearch: (patch) => set({ logSearch: { ...get().logSearch, ...patch } }),
    recvDelta: false,
    setRecvDelta: (recvDelta) => set({ recvDelta }),
    recvRtt: false,
    setRecvRtt: (recvRtt) => set({ recvRtt }),
    clearLog: () => deps.log.clear(),
  };
};
