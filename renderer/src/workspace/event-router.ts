import type { EventName, EventPayloads } from '@shared/contract/events';
import type { TrafficCounters } from '@shared/contract/session';
import { readTrafficBatch } from '@shared/traffic/batch-codec';
import type { Schedule } from '../log/log-store';
import {
  errorPatch,
  reduceCaptureState,
  reduceRepeatState,
  reduceSendProgress,
  reduceServerClients,
  reduceSessionError,
  reduceSessionReconnect,
  reduceSessionState,
  type TabPatch,
} from '../store/tab-reducers';
import { countersWithSession } from '../store/tab-counters';
import { reduceSequenceDone, reduceSequenceProgress } from '../sequence/sequence-reducers';
import { reduceRulesState } from '../auto-reply/auto-reply-reducers';
import type { TabState } from '../store/tab-state';
import type { RendererTransport } from '../transport/host-link';
import { EarlyEvents } from './early-events';
import type { Tab } from './workspace-state';

/** What the router needs from the workspace: the tab by id, whether it is on screen, and app-wide events. */
export interface RouterHost {
  tabById(tabId: string): Tab | undefined;
  isVisible(tabId: string): boolean;
  /** Another page took the workspace over. */
  onDetached(): void;
}

type SessionEventName = Exclude<EventName, 'traffic.batch' | 'workspace.detached'>;
type Reducer<E extends SessionEventName> = (state: TabState, event: EventPayloads[E]) => TabPatch | null;

/** One pure reducer per session event (`Record` over the names: a new event without a reducer is a type error). */
const REDUCERS: { readonly [E in SessionEventName]: Reducer<E> } = {
  'session.state': reduceSessionState,
  'session.error': reduceSessionError,
  'session.reconnect': reduceSessionReconnect,
  'server.clients': reduceServerClients,
  'repeat.state': reduceRepeatState,
  'capture.state': reduceCaptureState,
  'send.progress': reduceSendProgress,
  'sequence.progress': reduceSequenceProgress,
  'sequence.done': reduceSequenceDone,
  'rules.state': reduceRulesState,
};

/**
 * The one subscriber to the transport's events (DESIGN §4b). It knows which tab owns which session (a tab claims
 * its session when `session.open` answers, or when `workspace.attach` gives it back) and hands every event to
 * that tab: traffic to the tab's log (and its counters, at most once per display frame), everything else through
 * the pure reducers above. Events of a session no tab has claimed yet wait in EarlyEvents for a limited time.
 */
export class EventRouter {
  /** Session id → tab id. A tab keeps its previous sessions too: their late traffic still lands in its log. */
  private readonly owners = new Map<string, string>();
  private readonly early: EarlyEvents;
  /** A session's counters waiting for the next display frame, per tab: a flood brings dozens of batches a second. */
  private readonly pendingCounters = new Map<string, { readonly sessionId: string; readonly counters: TrafficCounters }>();
  private isCountersScheduled = false;
  private readonly offs: Array<() => void>;

  constructor(
    private readonly transport: RendererTransport,
    private readonly host: RouterHost,
    private readonly schedule: Schedule,
    now?: () => number,
  ) {
    this.early = new EarlyEvents(now);
    const sessionEvents = (Object.keys(REDUCERS) as SessionEventName[]).map((name) =>
      transport.on(name, (payload) => this.onSessionEvent(name, payload)),
    );
    this.offs = [
      ...sessionEvents,
      transport.on('traffic.batch', (payload) => this.onTraffic(payload)),
      transport.on('workspace.detached', () => host.onDetached()),
    ];
  }

  /** `sessionId` is `tabId`'s from now on; what it sent before the claim is replayed to the tab now. */
  claim(sessionId: string, tabId: string): void {
    this.owners.set(sessionId, tabId);
    this.early.claim(sessionId);
  }

  /** The tab closed: its sessions' late events are dropped (after the early-event time limit). */
  releaseTab(tabId: string): void {
    for (const [sessionId, owner] of this.owners) if (owner === tabId) this.owners.delete(sessionId);
    this.pendingCounters.delete(tabId);
  }

  dispose(): void {
    this.offs.splice(0).forEach((off) => off());
  }

  private deliver(sessionId: string, apply: (tab: Tab) => void): void {
    const owner = this.owners.get(sessionId);
    const tab = owner === undefined ? undefined : this.host.tabById(owner);
    if (tab) apply(tab);
    else this.early.hold(sessionId, () => this.deliver(sessionId, apply));
  }

  private onSessionEvent<E extends SessionEventName>(name: E, payload: EventPayloads[E]): void {
    this.deliver(payload.sessionId, (tab) => {
      const patch = REDUCERS[name](tab.store.getState(), payload);
      if (patch) tab.store.setState(patch);
    });
  }

  private onTraffic(payload: EventPayloads['traffic.batch']): void {
    this.deliver(payload.sessionId, (tab) => {
      // Checked here, stored column-wise by the log: no object or string per frame (see LogStore).
      const batch = readTrafficBatch(payload.packed);
      if (!batch.ok) {
        tab.store.setState(errorPatch('session', batch.error));
      } else {
        tab.log.ingestBatch(batch.value, payload.packed);
        this.showCounters(tab.id, payload.sessionId, batch.value.counters);
        if (batch.value.frameCount > 0 && !this.host.isVisible(tab.id) && !tab.store.getState().hasUnseenTraffic) {
          tab.store.setState({ hasUnseenTraffic: true });
        }
      }
      // The batch is in the log: the engine may send the next one.
      void this.transport.invoke('traffic.ack', { sessionId: payload.sessionId, batchSeq: payload.batchSeq }).then((r) => {
        if (!r.ok && r.error.code !== 'NOT_FOUND' && r.error.code !== 'NOT_OPEN') console.warn('SocketDesk: traffic.ack failed', r.error.message);
      });
    });
  }

  private showCounters(tabId: string, sessionId: string, counters: TrafficCounters): void {
    this.pendingCounters.set(tabId, { sessionId, counters });
    if (this.isCountersScheduled) return;
    this.isCountersScheduled = true;
    this.schedule(() => {
      this.isCountersScheduled = false;
      for (const [id, latest] of this.pendingCounters) {
        const store = this.host.tabById(id)?.store;
        const s = store?.getState();
        // A late batch of the tab's previous session: its totals are in the base already.
        if (s && s.sessionId === latest.sessionId) store!.setState(countersWithSession(s, latest.counters));
      }
      this.pendingCounters.clear();
    });
  }
}
