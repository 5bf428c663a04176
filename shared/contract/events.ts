import type { AppError } from './errors';
import type { ServerClientsEvent, SessionStateEvent } from './session';
import type { CaptureStateEvent, RepeatStateEvent, SendProgressEvent } from './session-tasks';
import type { SessionReconnectEvent } from './tcp-options';
import type { WorkspaceDetachedEvent } from './workspace';
import type { SequenceDoneEvent, SequenceProgressEvent } from './sequence';
import type { RulesStateEvent } from './rules';

/**
 * The one map of events, engine → renderer. `traffic.batch` carries many frames packed into one binary buffer
 * (see shared/traffic/batch-codec.ts): one message per session per flush, never one per frame.
 */
export interface EventPayloads {
  'session.state': SessionStateEvent;
  'session.error': { readonly sessionId: string; readonly error: AppError };
  /** TCP client with reconnect on: a retry was scheduled or started (the session's state is 'opening' meanwhile). */
  'session.reconnect': SessionReconnectEvent;
  'server.clients': ServerClientsEvent;
  'traffic.batch': { readonly sessionId: string; readonly batchSeq: number; readonly packed: Uint8Array };
  'repeat.state': RepeatStateEvent;
  'capture.state': CaptureStateEvent;
  'send.progress': SendProgressEvent;
  /** 自动应答: hit counts (throttled), a rule disabled by a run-time error, the loop guard (rules.ts). */
  'rules.state': RulesStateEvent;
  /** To the page that is no longer attached (another page took the workspace over); nothing follows it. */
  'workspace.detached': WorkspaceDetachedEvent;
  /** 测试序列: the current step and the steps whose results changed (throttled), then one `sequence.done`. */
  'sequence.progress': SequenceProgressEvent;
  'sequence.done': SequenceDoneEvent;
}

export type EventName = keyof EventPayloads;

/** Every event name once: a Record over EventName, so an event added to EventPayloads cannot be left out here. */
const EVENT_NAME_SET: Readonly<Record<EventName, true>> = {
  'session.state': true,
  'session.error': true,
  'session.reconnect': true,
  'server.clients': true,
  'traffic.batch': true,
  'repeat.state': true,
  'capture.state': true,
  'send.progress': true,
  'rules.state': true,
  'workspace.detached': true,
  'sequence.progress': true,
  'sequence.done': true,
};

export const EVENT_NAMES = Object.keys(EVENT_NAME_SET) as readonly EventName[];

/** Where an engine sends its events; a host forwards them to its transport. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayloads[E]) => void;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVENT_NAME_SET, value);
}
