import { decodeUtf8, encodeUtf8 } from '../codecs/text';

/**
 * Why a TCP server closed connections at once instead of keeping them as clients.
 * - `EMFILE`: the process is at its file-descriptor limit (a client would take the descriptor other sessions need).
 */
export type ClientRefusalReason = 'EMFILE';
const CLIENT_REFUSAL_REASONS: readonly ClientRefusalReason[] = ['EMFILE'];

/**
 * Something that happened to a session that the user must see in its log, in order with the traffic: it travels
 * as a frame with dir 'event' whose bytes are this object encoded by `encodeLogEvent`. Counters never include it.
 */
export type SessionLogEvent = {
  readonly type: 'clients-refused';
  /** Connections refused since the previous such row. */
  readonly count: number;
  readonly reason: ClientRefusalReason;
  /** The descriptor limit in force (soft RLIMIT_NOFILE), where the OS tells it. */
  readonly limit?: number;
};

export function encodeLogEvent(event: SessionLogEvent): Uint8Array {
  return encodeUtf8(JSON.stringify(event));
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The event an 'event' frame carries, or undefined when its bytes are not one this build knows. Never throws. */
export function decodeLogEvent(bytes: Uint8Array): SessionLogEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(bytes));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const event = value as Record<string, unknown>;
  if (event.type === 'clients-refused') {
    const reason = CLIENT_REFUSAL_REASONS.find((known) => known === event.reason);
    if (!isCount(event.count) || reason === undefined) return undefined;
    return isCount(event.limit) ? { type: 'clients-refused', count: event.count, reason, limit: event.limit } : { type: 'clients-refused', count: event.count, reason };
  }
  return undefined;
}
