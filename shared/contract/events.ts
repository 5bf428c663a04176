import type { AppError } from './errors';
import type { ServerClientsEvent, SessionStateEvent } from './session';
import type { CaptureStateEvent, RepeatStateEvent, SendProgressEvent } from './session-tasks';

/**
 * The one map of events, engine → renderer. `traffic.batch` carries many frames packed into one binary buffer
 * (see shared/traffic/batch-codec.ts): one message per session per flush, never one per frame.
 */
export interface EventPayloads {
  'session.state': SessionStateEvent;
  'session.error': { readonly sessionId: string; readonly error: AppError };
  'server.clients': ServerClientsEvent;
  'traffic.batch': { readonly sessionId: string; readonly batchSeq: number; readonly packed: Uint8Array };
  'repeat.state': RepeatStateEvent;
  'capture.state': CaptureStateEvent;
  'send.progress': SendProgressEvent;
}

export type EventName = keyof EventPayloads;

export const EVENT_NAMES: readonly EventName[] = [
  'session.state',
  'session.error',
  'server.clients',
  'traffic.batch',
  'repeat.state',
  'capture.state',
  'send.progress',
];

/** Where an engine sends its events; a host forwards them to its transport. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayloads[E]) => void;

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
