import { createStore, type StoreApi } from 'zustand';
import { createCaptureSlice } from './capture-slice';
import { createClientsSlice } from './clients-slice';
import { createConnectionSlice } from './connection-slice';
import { createCountersSlice } from './counters-slice';
import { createFileSendSlice } from './file-send-slice';
import { createFramingSlice } from './framing-slice';
import { createNoticeSlice } from './notice-slice';
import { createReceiveSlice } from './receive-slice';
import { createRelaySlice } from './relay-slice';
import { createRepeatSlice } from './repeat-slice';
import { createSendSlice } from './send-slice';
import { createSequenceSlice } from '../sequence/sequence-slice';
import { createTcpOptionsSlice } from './tcp-options-slice';
import type { TabDeps, TabState } from './tab-state';
import { createUdpAddressingSlice } from './udp-addressing-slice';
import { createAutoReplySlice } from '../auto-reply/auto-reply-slice';

export type TabStore = StoreApi<TabState>;

/** One session tab's store; engine events reach it through the workspace's event router, never directly. */
export function createTabStore(deps: TabDeps): TabStore {
  const store = createStore<TabState>()((...a) => ({
    ...createConnectionSlice(deps)(...a),
    ...createReceiveSlice(deps)(...a),
    ...createFramingSlice(deps)(...a),
    ...createUdpAddressingSlice(deps)(...a),
    ...createTcpOptionsSlice(deps)(...a),
    ...createSendSlice(deps)(...a),
    ...createRepeatSlice(deps)(...a),
    ...createCaptureSlice(deps)(...a),
    ...createFileSendSlice(deps)(...a),
    ...createClientsSlice(deps)(...a),
    ...createCountersSlice(deps)(...a),
    ...createNoticeSlice(deps)(...a),
    ...createRelaySlice(deps)(...a),
    ...createSequenceSlice(deps)(...a),
    ...createAutoReplySlice(deps)(...a),
    hasUnseenTraffic: false,
  }));
  // The log follows the chosen capacity, however it was set (the select, or settings restored from the file).
  store.subscribe((state, prev) => {
    if (state.logCapacity !== prev.logCapacity) deps.log.setCapacity(state.logCapacity);
    // 显示往返时间: the log measures only while it is on (restored from the file too).
    if (state.recvRtt !== prev.recvRtt) deps.log.setRoundTrip(state.recvRtt);
    // A TCP client connected on a retry: what waited for an open session (the framing typed meanwhile, a capture
    // whose first connect failed) applies now. Both do nothing when already in force.
    if (state.sessionState === 'open' && prev.sessionState === 'opening' && prev.reconnect !== null && state.sessionId === prev.sessionId) {
      void state.applyFraming().then(() => (state.captureEnabled && !store.getState().capture?.active ? store.getState().resumeCapture() : undefined));
    }
    // 自动应答 reads and writes text in the receive encoding: the open session's rules follow it.
    if (state.recvEncoding !== prev.recvEncoding) void state.applyAutoReply();
  });
  return store;
}
