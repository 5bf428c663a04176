import { decodeUtf8, encodeUtf8 } from '../codecs/text';
import { CLOSE_REASONS } from '../contract/constants';
import { framingConfigFromSpec, framingSpecFromConfig, type FramingConfig } from '../contract/framing';
import { isErrorCode, type AppError, type ErrorParams } from '../contract/errors';
import type { CloseReason } from '../contract/session';
import { decodeRelayLogEvent, type RelayLogEvent } from './relay-log-event';
import { decodeUdpSocketLogEvent, type UdpSocketLogEvent } from './udp-socket-log-event';
import { MAX_MARK_NAME_CHARS } from './frame-mark';

/**
 * Why a TCP server closed connections at once instead of keeping them as clients.
 * - `EMFILE`: the process is at its file-descriptor limit (a client would take the descriptor other sessions need).
 * - `max-clients`: the server already has as many clients as its `maxClients` allows.
 */
export type ClientRefusalReason = 'EMFILE' | 'max-clients';
const CLIENT_REFUSAL_REASONS: readonly ClientRefusalReason[] = ['EMFILE', 'max-clients'];

/**
 * How a TCP server's client went away.
 * - `peer-closed`: the client closed (FIN). - `reset`: it reset the connection (RST, ECONNRESET).
 * - `kicked`: the user kicked it (server.kick). - `server-closed`: the server session closed, and with it the client.
 * - `error`: any other socket error, or a close with no FIN or RST seen first.
 */
/** 'finished-idle': it finished sending (FIN) and nothing went to it for a while, so the server closed its side too. */
export type ClientDisconnectReason = 'peer-closed' | 'reset' | 'kicked' | 'server-closed' | 'error' | 'finished-idle';
const CLIENT_DISCONNECT_REASONS: readonly ClientDisconnectReason[] = ['peer-closed', 'reset', 'kicked', 'server-closed', 'error', 'finished-idle'];

/**
 * Why the message in the row before did not end at its own boundary (FramingCut without 'idle', which is how every
 * idle-framed message ends).
 * - `max-size`: it reached the framing's maximum message size; the next message of that peer continues it.
 * - `flush`: the stream ended (the connection closed) or the framing changed with these bytes still buffered.
 */
export type MessageCutReason = 'max-size' | 'flush';
const MESSAGE_CUT_REASONS: readonly MessageCutReason[] = ['max-size', 'flush'];

/**
 * Something that happened to a session that the user must see in its log, in order with the traffic: it travels
 * as a frame with dir 'event' whose bytes are this object encoded by `encodeLogEvent`. Counters never include it.
 * The frame's peer says whom it concerns: the client (client-*), the remote (connected, disconnected), or the
 * server's own endpoint (clients-refused).
 */
export type SessionLogEvent =
  | {
      readonly type: 'clients-refused';
      /** Connections refused since the previous such row (for the same reason). */
      readonly count: number;
      readonly reason: ClientRefusalReason;
      /** EMFILE: the descriptor limit in force (soft RLIMIT_NOFILE), where the OS tells it. max-clients: maxClients. */
      readonly limit?: number;
    }
  /** TCP server: a client was accepted. */
  | { readonly type: 'client-connected' }
  /** TCP server: a client's connection ended. */
  | { readonly type: 'client-disconnected'; readonly reason: ClientDisconnectReason }
  /** TCP client: the connection is up; `attempt`: it came back on that retry of its reconnect (issue 10). */
  | { readonly type: 'connected'; readonly attempt?: number }
  /** TCP client: the connection ended; `reason` is the session's close reason (its `closed` event says the same). */
  | { readonly type: 'disconnected'; readonly reason: CloseReason }
  /** TCP: the peer's message just before this row (`bytes` long) was cut, not ended by the framing rule. */
  | { readonly type: 'message-cut'; readonly reason: MessageCutReason; readonly bytes: number }
  /**
   * TCP: the framing is now `framing` (checked, maxMessageBytes filled in), from the next received byte on. The
   * bytes the old framing held came out before this row, each marked by a message-cut row. Peer: the remote (TCP
   * client) or the server's own endpoint (TCP server: every client's framing changed).
   */
  | { readonly type: 'framing-changed'; readonly framing: FramingConfig }
  /** A relay's rows (relay-log-event.ts). */
  | RelayLogEvent
  // Issue 10: half-close and the TCP client's reconnect.
  /** TCP: the peer finished sending (FIN); the connection stays open for what this end still sends. */
  | { readonly type: 'peer-finished' }
  /** TCP client: connect `attempt` failed (0: the first connect, n: the n-th retry), with the error the user would see. */
  | { readonly type: 'connect-failed'; readonly attempt: number; readonly error: LoggedError }
  /** TCP client: retry `attempt` starts in `delayMs`. */
  | { readonly type: 'reconnect-scheduled'; readonly attempt: number; readonly delayMs: number }
  /**
   * 自动应答's loop guard: replies passed `limit` per second and the ones beyond are dropped ('tripped', dropped 0),
   * or a whole second went by without dropping one ('cleared', `dropped` of that episode). Peer: the session's own
   * endpoint (the remote for a TCP client).
   */
  | { readonly type: 'loop-guard'; readonly state: LoopGuardPhase; readonly limit: number; readonly dropped: number }
  /** 自动应答: the rule named `rule` stopped, its reply could not be made (`error`); the others carry on. */
  | { readonly type: 'rule-disabled'; readonly rule: string; readonly error: AppError }
  /** Issue 11: a UDP socket's receive buffer as granted, and datagrams the kernel dropped (udp-socket-log-event.ts). */
  | UdpSocketLogEvent
  /**
   * 接收保存到文件 (issue 11): the capture stopped on its own, the file (or the pipe) failed with `error` (a full disk,
   * the reader of a FIFO gone); `bytes` are in the file. The session carries on. Peer: the session's own endpoint.
   */
  | { readonly type: 'capture-failed'; readonly bytes: number; readonly error: LoggedError }
  /**
   * TCP server: a send went to the other clients it was for but not to this one (its queue is full, it went away
   * meanwhile), `error` says why. One row when it starts missing sends; the next only after a send reached it again.
   * Peer: the client.
   */
  | { readonly type: 'client-send-failed'; readonly error: LoggedError };

/** An error as a log row keeps it: what the page needs to say it in words (no English message, no OS detail). */
export type LoggedError = Pick<AppError, 'code' | 'params'>;

/** `error` as a row keeps it. */
export function loggedError(error: AppError): LoggedError {
  return error.params ? { code: error.code, params: error.params } : { code: error.code };
}

/** Params as JSON gave them: only string and (finite) number values, or nothing. */
function paramsOf(value: unknown): ErrorParams | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const params: Record<string, string | number> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item))) params[key] = item;
  }
  return params;
}

export type LoopGuardPhase = 'tripped' | 'cleared';
const LOOP_GUARD_PHASES: readonly LoopGuardPhase[] = ['tripped', 'cleared'];

export function encodeLogEvent(event: SessionLogEvent): Uint8Array {
  return encodeUtf8(JSON.stringify(event));
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** `value` if it is one of `known`, else undefined: narrows untrusted JSON without a cast. */
const oneOf = <T extends string>(known: readonly T[], value: unknown): T | undefined => known.find((item) => item === value);

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
  // Only the fields each type defines are kept: what the page draws is exactly what this build validated.
  switch (event.type) {
    case 'clients-refused': {
      const reason = oneOf(CLIENT_REFUSAL_REASONS, event.reason);
      if (!isCount(event.count) || reason === undefined) return undefined;
      return isCount(event.limit) ? { type: 'clients-refused', count: event.count, reason, limit: event.limit } : { type: 'clients-refused', count: event.count, reason };
    }
    case 'client-connected':
      return { type: 'client-connected' };
    case 'client-disconnected': {
      const reason = oneOf(CLIENT_DISCONNECT_REASONS, event.reason);
      return reason === undefined ? undefined : { type: 'client-disconnected', reason };
    }
    case 'connected':
      return isCount(event.attempt) ? { type: 'connected', attempt: event.attempt } : { type: 'connected' };
    case 'disconnected': {
      const reason = oneOf(CLOSE_REASONS, event.reason);
      return reason === undefined ? undefined : { type: 'disconnected', reason };
    }
    case 'message-cut': {
      const reason = oneOf(MESSAGE_CUT_REASONS, event.reason);
      return reason === undefined || !isCount(event.bytes) ? undefined : { type: 'message-cut', reason, bytes: event.bytes };
    }
    case 'framing-changed': {
      // The contract's own check: what the row describes is a framing the engine could have run.
      const spec = framingSpecFromConfig(event.framing);
      return spec.ok ? { type: 'framing-changed', framing: framingConfigFromSpec(spec.value) } : undefined;
    }
    case 'peer-finished':
      return { type: 'peer-finished' };
    case 'connect-failed': {
      const error = loggedErrorOf(event.error);
      return isCount(event.attempt) && error ? { type: 'connect-failed', attempt: event.attempt, error } : undefined;
    }
    case 'reconnect-scheduled':
      return isCount(event.attempt) && isCount(event.delayMs) ? { type: 'reconnect-scheduled', attempt: event.attempt, delayMs: event.delayMs } : undefined;
    case 'loop-guard': {
      const state = oneOf(LOOP_GUARD_PHASES, event.state);
      if (state === undefined || !isCount(event.limit) || !isCount(event.dropped)) return undefined;
      return { type: 'loop-guard', state, limit: event.limit, dropped: event.dropped };
    }
    case 'rule-disabled': {
      const error = appErrorOf(event.error);
      return typeof event.rule === 'string' && error ? { type: 'rule-disabled', rule: event.rule.slice(0, MAX_MARK_NAME_CHARS), error } : undefined;
    }
    case 'receive-buffer':
    case 'kernel-drops':
      return decodeUdpSocketLogEvent(event);
    case 'capture-failed': {
      const error = loggedErrorOf(event.error);
      return isCount(event.bytes) && error ? { type: 'capture-failed', bytes: event.bytes, error } : undefined;
    }
    case 'client-send-failed': {
      const error = loggedErrorOf(event.error);
      return error ? { type: 'client-send-failed', error } : undefined;
    }
    default:
      return typeof event.type === 'string' && event.type.startsWith('relay-') ? decodeRelayLogEvent(event) : undefined;
  }
}

/** A LoggedError from untrusted JSON: a known code, and params of strings and finite numbers only. */
function loggedErrorOf(value: unknown): LoggedError | undefined {
  const error = value as { code?: unknown; params?: unknown } | null | undefined;
  if (typeof error !== 'object' || error === null || !isErrorCode(error.code)) return undefined;
  const params = paramsOf(error.params);
  return params ? { code: error.code, params } : { code: error.code };
}

/** An AppError from untrusted JSON: a known code, a message, and params of strings and numbers only. */
function appErrorOf(value: unknown): AppError | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const error = value as Record<string, unknown>;
  if (!isErrorCode(error.code) || typeof error.message !== 'string') return undefined;
  const params: Record<string, string | number> = {};
  if (typeof error.params === 'object' && error.params !== null) {
    for (const [key, param] of Object.entries(error.params)) if (typeof param === 'string' || typeof param === 'number') params[key] = param;
  }
  return { code: error.code, message: error.message, params };
}
