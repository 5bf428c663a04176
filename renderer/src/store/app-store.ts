import { createStore, type StoreApi } from 'zustand';
import type { EventName, EventPayloads } from '@shared/contract/events';
import type { TrafficCounters } from '@shared/contract/session';
import { readTrafficBatch } from '@shared/traffic/batch-codec';
import type { Schedule } from '../log/log-store';
import type { RendererTransport } from '../transport/host-link';
import type { AppState, StoreDeps } from './app-state';
import { createClientsSlice } from './clients-slice';
import { createConnectionSlice } from './connection-slice';
import { createCaptureSlice } from './capture-slice';
import { createCountersSlice } from './counters-slice';
import { createFileSendSlice } from './file-send-slice';
import { createNoticeSlice } from './notice-slice';
import { createReceiveSlice } from './receive-slice';
import { createRepeatSlice } from './repeat-slice';
import { createSendSlice } from './send-slice';
import { applyCaptureState, applyRepeatState, applySendProgress, tasksEnded } from './task-events';

export type AppStore = StoreApi<AppState>;

export function createAppStore(deps: StoreDeps): AppStore {
  const store = createStore<AppState>()((...a) => ({
    ...createConnectionSlice(deps)(...a),
    ...createReceiveSlice(deps)(...a),
    ...createSendSlice(deps)(...a),
    ...createRepeatSlice(deps)(...a),
    ...createCaptureSlice(deps)(...a),
    ...createFileSendSlice(deps)(...a),
    ...createClientsSlice(deps)(...a),
    ...createCountersSlice(deps)(...a),
    ...createNoticeSlice(deps)(...a),
  }));
  // The log follows the chosen capacity, however it was set (the select, or settings restored from the file).
  store.subscribe((state, prev) => {
    if (state.logCapacity !== prev.logCapacity) deps.log.setCapacity(state.logCapacity);
  });
  return store;
}

const frameSchedule: Schedule = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

/**
 * Routes engine events into the store and the log. Only the current (or last) session's events count; while a
 * session is opening, events for a not-yet-known id wait in `deps.early`. Returns the unsubscribe.
 */
export function attachEvents(
  store: AppStore,
  deps: StoreDeps & { readonly transport: RendererTransport; readonly schedule?: Schedule },
): () => void {
  const { transport, log, early } = deps;
  const schedule = deps.schedule ?? frameSchedule;

  // Counters come with every batch (dozens a second in a flood); the status bar takes the latest once per frame.
  let latestCounters: TrafficCounters | null = null;
  const showCounters = (counters: TrafficCounters): void => {
    const isScheduled = latestCounters !== null;
    latestCounters = counters;
    if (isScheduled) return;
    schedule(() => {
      const counters = latestCounters;
      latestCounters = null;
      if (counters) store.setState({ counters });
    });
  };

  /** Runs `apply` now if the event is ours, later if it may be ours, never if it is not. */
  const route = (sessionId: string, apply: () => void): boolean => {
    const s = store.getState();
    if (s.sessionId === sessionId && s.sessionState !== 'opening') apply();
    else if (s.sessionState === 'opening') early.hold(sessionId, apply);
    else return false;
    return true;
  };

  const handlers: { [E in EventName]: (payload: EventPayloads[E]) => void } = {
    'traffic.batch'(payload) {
      // Checked here, stored column-wise by the log: no object or string per frame (see LogStore).
      const batch = readTrafficBatch(payload.packed);
      const accepted = route(payload.sessionId, () => {
        if (!batch.ok) {
          store.getState().showError('session', batch.error);
          return;
        }
        log.ingestBatch(batch.value, payload.packed);
        showCounters(batch.value.counters);
      });
      // The batch is off the wire (and in the log, or held): let the engine send the next one. Another
      // window's batches are not ours to acknowledge.
      if (!accepted) return;
      void transport.invoke('traffic.ack', { sessionId: payload.sessionId, batchSeq: payload.batchSeq }).then((r) => {
        if (!r.ok && r.error.code !== 'NOT_FOUND' && r.error.code !== 'NOT_OPEN') console.warn('SocketDesk: traffic.ack failed', r.error.message);
      });
    },
    'session.state'(payload) {
      route(payload.sessionId, () => {
        const s = store.getState();
        if (payload.state === 'open' && s.sessionState !== 'closed') {
          store.setState({ sessionState: 'open', ...(payload.local ? { local: payload.local } : {}), ...(payload.remote ? { remote: payload.remote } : {}) });
        } else if (payload.state === 'closed' && s.sessionState !== 'closed') {
          const reason = payload.reason ?? 'error';
          store.setState({ sessionState: 'closed', clients: [], closeReason: reason === 'user' ? null : reason, ...tasksEnded(s) });
          if (reason !== 'user') {
            const protocol = s.sessionProtocol ?? s.protocol;
            store.setState({
              notice: { kind: 'closed', protocol, reason, ...(payload.error ? { error: payload.error } : {}) },
              fieldErrors: payload.error ? { session: payload.error } : {},
            });
          }
        }
      });
    },
    'session.error'(payload) {
      route(payload.sessionId, () => store.getState().showError('session', payload.error));
    },
    'repeat.state'(payload) {
      route(payload.sessionId, () => applyRepeatState(store, payload));
    },
    'capture.state'(payload) {
      route(payload.sessionId, () => applyCaptureState(store, payload));
    },
    'send.progress'(payload) {
      route(payload.sessionId, () => applySendProgress(store, payload));
    },
    'server.clients'(payload) {
      route(payload.sessionId, () => {
        const { serverTarget } = store.getState();
        const stillThere = serverTarget === 'all' || payload.clients.some((c) => c.key === serverTarget);
        store.setState({ clients: payload.clients, ...(stillThere ? {} : { serverTarget: 'all' }) });
      });
    },
  };

  const offs = (Object.keys(handlers) as EventName[]).map((name) => transport.on(name, handlers[name] as (p: unknown) => void));

  const onLink = (hostLink: AppState['hostLink']): void => {
    const s = store.getState();
    store.setState({ hostLink });
    // The browser host owns the sessions: when its socket is gone, so are they.
    if ((hostLink === 'closed' || hostLink === 'no-token') && s.sessionState !== 'closed') store.setState({ sessionState: 'closed', clients: [], ...tasksEnded(s) });
  };
  onLink(transport.linkState());
  offs.push(transport.onLinkState(onLink));
  return () => offs.forEach((off) => off());
}
