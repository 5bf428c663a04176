import { readTrafficBatch, ZERO_COUNTERS, type CommandArgs, type CommandName, type CommandResult, type EventName, type EventPayloads, type TrafficCounters } from '@shared';
import { Engine, type EngineOptions } from '../../electron/engine/engine';

/** What one session's batches brought, as the page's log would count it. */
export interface ColumnarTally {
  /** The counters of the latest batch (rxDropped included where the OS tells it). */
  counters: TrafficCounters;
  /** rx and tx frames visited (what the log shows as traffic rows). */
  trafficFrames: number;
  /** Display bytes of those frames. */
  trafficBytes: number;
  /** Event rows (a client came, the kernel dropped datagrams, …): rows, but not traffic. */
  eventRows: number;
  /** Frames counted but not sent for display (the log's "N frames not displayed" markers). */
  gapFrames: number;
  batches: number;
  /** performance.now() of the batch in which the rx counter last grew (for rates up to the last byte). */
  lastGrowthAt: number;
}

/**
 * An Engine whose event sink consumes traffic batches the way the page does (renderer/src/workspace/event-router.ts →
 * LogStore.ingestBatch): every batch is checked by readTrafficBatch and every frame visited through forEachFrame, with
 * no object per frame, then acked on a microtask (an IPC round trip at the earliest). The batch is not kept: in the
 * app it leaves the engine's process (IPC or WebSocket) and the renderer stores the bytes in its own process, so the
 * engine's process pays for the read, not for the page's storage.
 */
export class ColumnarEngine {
  readonly engine: Engine;
  private readonly tallies = new Map<string, ColumnarTally>();

  constructor(options: EngineOptions = {}) {
    this.engine = new Engine((name, payload) => this.onEvent(name, payload), options);
  }

  tally(sessionId: string): ColumnarTally {
    let t = this.tallies.get(sessionId);
    if (!t) {
      t = { counters: { ...ZERO_COUNTERS }, trafficFrames: 0, trafficBytes: 0, eventRows: 0, gapFrames: 0, batches: 0, lastGrowthAt: 0 };
      this.tallies.set(sessionId, t);
    }
    return t;
  }

  async must<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
    const result = await this.engine.handle(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }

  dispose(): Promise<void> {
    return this.engine.dispose();
  }

  private onEvent<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    if (name !== 'traffic.batch') return;
    const batch = payload as EventPayloads['traffic.batch'];
    const read = readTrafficBatch(batch.packed);
    if (!read.ok) throw new Error(`bad batch: ${read.error.message}`);
    const t = this.tally(batch.sessionId);
    t.batches++;
    read.value.forEachFrame((_seq, _ts, dir, _peer, _start, length) => {
      if (dir === 'event') {
        t.eventRows++;
        return;
      }
      t.trafficFrames++;
      t.trafficBytes += length;
    });
    t.gapFrames += read.value.gap?.frames ?? 0;
    if (read.value.counters.rxFrames > t.counters.rxFrames) t.lastGrowthAt = performance.now();
    t.counters = read.value.counters;
    queueMicrotask(() => void this.engine.handle('traffic.ack', { sessionId: batch.sessionId, batchSeq: batch.batchSeq }));
  }
}
