import {
  decodeLogEvent,
  decodeTrafficBatch,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayloads,
  type Result,
  type SessionLogEvent,
  type SessionOpened,
  type TrafficCounters,
  type TrafficFrame,
  type TrafficGap,
} from '@shared';
import { waitFor } from './wait-for';

/** What `must` answers: session.open's open variant, any other command's result as it is. */
export type MustResult<K extends CommandName> = K extends 'session.open' ? SessionOpened : CommandResult<K>;

function isRetrying(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'retrying' in value && value.retrying !== undefined;
}

export interface RecordedEvent {
  readonly name: EventName;
  readonly payload: unknown;
}

/**
 * What one receiver of engine events saw (an Engine's sink, or one page of a workspace): every event, and every
 * traffic batch decoded and acked the way the renderer would, so tests can ask "what did session s1 receive?" and
 * wait for it. Subclasses say how commands are run.
 */
export abstract class RecordedEvents {
  readonly events: RecordedEvent[] = [];
  private readonly frames = new Map<string, TrafficFrame[]>();
  private readonly gaps = new Map<string, TrafficGap[]>();
  private readonly lastCounters = new Map<string, TrafficCounters>();
  autoAck = true;

  abstract invoke<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<Result<CommandResult<K>>>;

  /**
   * Invoke and insist on success: returns the value or throws with the error. session.open must open, too (not
   * answer `retrying`: a TCP client whose first connect failed), so its answer has the local endpoint.
   */
  async must<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<MustResult<K>> {
    const result = await this.invoke(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    const value: CommandResult<K> = result.value;
    if (isRetrying(value)) throw new Error(`${name} did not open: ${JSON.stringify(value)}`);
    return value as MustResult<K>;
  }

  framesOf(sessionId: string, dir?: 'rx' | 'tx'): TrafficFrame[] {
    const all = this.frames.get(sessionId) ?? [];
    return dir ? all.filter((f) => f.dir === dir) : all;
  }

  /** The session's log rows (event frames) as the page decodes them. */
  logEventsOf(sessionId: string): SessionLogEvent[] {
    return this.framesOf(sessionId)
      .filter((frame) => frame.dir === 'event')
      .map((frame) => decodeLogEvent(frame.bytes))
      .filter((event): event is SessionLogEvent => event !== undefined);
  }

  gapsOf(sessionId: string): TrafficGap[] {
    return this.gaps.get(sessionId) ?? [];
  }

  bytesOf(sessionId: string, dir: 'rx' | 'tx'): Buffer {
    return Buffer.concat(this.framesOf(sessionId, dir).map((f) => f.bytes));
  }

  countersOf(sessionId: string): TrafficCounters | undefined {
    return this.lastCounters.get(sessionId);
  }

  eventsOf<E extends EventName>(name: E, sessionId?: string): EventPayloads[E][] {
    return this.events
      .filter((e) => e.name === name && (sessionId === undefined || (e.payload as { sessionId: string }).sessionId === sessionId))
      .map((e) => e.payload as EventPayloads[E]);
  }

  waitForState(sessionId: string, state: 'open' | 'closed', timeoutMs = 5000): Promise<EventPayloads['session.state']> {
    return waitFor(() => this.eventsOf('session.state', sessionId).find((e) => e.state === state), timeoutMs, `${sessionId} ${state}`);
  }

  waitForRx(sessionId: string, byteCount: number, timeoutMs = 5000): Promise<Buffer> {
    return waitFor(
      () => {
        const bytes = this.bytesOf(sessionId, 'rx');
        return bytes.length >= byteCount ? bytes : undefined;
      },
      timeoutMs,
      `${byteCount} rx bytes on ${sessionId}`,
    );
  }

  lastClients(sessionId: string): EventPayloads['server.clients']['clients'] {
    const all = this.eventsOf('server.clients', sessionId);
    return all[all.length - 1]?.clients ?? [];
  }

  /** The sink: give it to the engine (or the page) whose events this records. */
  protected onEvent<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    this.events.push({ name, payload });
    if (name !== 'traffic.batch') return;
    const batch = payload as EventPayloads['traffic.batch'];
    const decoded = decodeTrafficBatch(batch.packed);
    if (!decoded.ok) throw new Error(`bad batch: ${decoded.error.message}`);
    const list = this.frames.get(batch.sessionId) ?? [];
    list.push(...decoded.value.frames);
    this.frames.set(batch.sessionId, list);
    if (decoded.value.gap) this.gaps.set(batch.sessionId, [...this.gapsOf(batch.sessionId), decoded.value.gap]);
    this.lastCounters.set(batch.sessionId, decoded.value.counters);
    if (this.autoAck) void this.invoke('traffic.ack', { sessionId: batch.sessionId, batchSeq: batch.batchSeq });
  }
}
