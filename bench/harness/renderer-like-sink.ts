import { decodeTrafficBatch, type EventName, type EventPayloads, type TrafficCounters } from '@shared';
import { Engine, type EngineOptions } from '../../electron/engine/engine';

/** Fixed-capacity ring of frames, like the renderer's log (renderer/src/log/ring-buffer.ts), minus React. */
class FrameRing<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  size = 0;
  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }
  push(item: T): void {
    this.items[(this.head + this.size) % this.capacity] = item;
    if (this.size < this.capacity) this.size++;
    else this.head = (this.head + 1) % this.capacity;
  }
}

/** Per-session bookkeeping of what reached the "display". */
export interface SessionTally {
  counters: TrafficCounters;
  /** Frames decoded from batches (kept in the ring). */
  displayedFrames: number;
  /** Frames the engine reported as not displayed (gap markers). */
  gapFrames: number;
  batches: number;
  /** performance.now() of every traffic.batch, for messages/s. */
  batchTimes: number[];
  /** performance.now() when rxFrames last grew. */
  lastGrowthAt: number;
  firstFrameTs: number;
}

/**
 * An Engine whose event sink behaves like the renderer: decodes every traffic batch, keeps the frames in a ring,
 * records the gap markers and acks the batch (on a microtask, like an IPC round trip would, at the earliest).
 */
export class RendererLikeEngine {
  readonly engine: Engine;
  readonly tallies = new Map<string, SessionTally>();
  private readonly ring: FrameRing<unknown>;

  constructor(options: EngineOptions = {}, ringCapacity = 100_000) {
    this.ring = new FrameRing(ringCapacity);
    this.engine = new Engine((name, payload) => this.onEvent(name, payload), options);
  }

  tally(sessionId: string): SessionTally {
    let t = this.tallies.get(sessionId);
    if (!t) {
      t = { counters: { rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 }, displayedFrames: 0, gapFrames: 0, batches: 0, batchTimes: [], lastGrowthAt: 0, firstFrameTs: 0 };
      this.tallies.set(sessionId, t);
    }
    return t;
  }

  async must<K extends Parameters<Engine['handle']>[0]>(name: K, args: Parameters<Engine['handle']>[1] & object): Promise<unknown> {
    const result = await this.engine.handle(name, args as never);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  dispose(): Promise<void> {
    return this.engine.dispose();
  }

  /** Latest server.clients list length per session, and how many such events (and bytes of JSON) were emitted. */
  readonly clients = { lastCount: 0, events: 0, jsonBytes: 0 };
  /** Set to measure the size of server.clients events (JSON.stringify per event costs time itself). */
  measureClientsJson = false;
  private clientEntryBytes = 0;

  private onEvent<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    if (name === 'server.clients') {
      const list = (payload as EventPayloads['server.clients']).clients;
      this.clients.lastCount = list.length;
      this.clients.events++;
      // Size of what a host would serialize for the UI, estimated from one entry (stringifying every list would
      // cost more than the engine itself at thousands of clients).
      if (this.measureClientsJson && list.length > 0) {
        this.clientEntryBytes ||= JSON.stringify(list[0]).length + 1;
        this.clients.jsonBytes += list.length * this.clientEntryBytes;
      }
      return;
    }
    if (name !== 'traffic.batch') return;
    const batch = payload as EventPayloads['traffic.batch'];
    const decoded = decodeTrafficBatch(batch.packed);
    if (!decoded.ok) throw new Error(`bad batch: ${decoded.error.message}`);
    const t = this.tally(batch.sessionId);
    const now = performance.now();
    t.batches++;
    t.batchTimes.push(now);
    for (const frame of decoded.value.frames) this.ring.push(frame);
    if (t.firstFrameTs === 0 && decoded.value.frames.length > 0) t.firstFrameTs = decoded.value.frames[0]!.ts;
    t.displayedFrames += decoded.value.frames.length;
    t.gapFrames += decoded.value.gap?.frames ?? 0;
    if (decoded.value.counters.rxFrames > t.counters.rxFrames) t.lastGrowthAt = now;
    t.counters = decoded.value.counters;
    queueMicrotask(() => void this.engine.handle('traffic.ack', { sessionId: batch.sessionId, batchSeq: batch.batchSeq }));
  }
}
