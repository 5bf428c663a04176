import type { AppError } from '@shared/contract/errors';
import type { EventPayloads } from '@shared/contract/events';
import type { CaptureStateEvent, RepeatStateEvent, SendProgressEvent } from '@shared/contract/session-tasks';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { ZERO_COUNTERS } from '@shared/contract/session';
import type { ReconnectStatus } from '@shared/contract/tcp-options';
import { countersWithSession } from './tab-counters';
import { udpFormOfConfig } from './udp-addressing-form';
import { sequenceEnded, sequenceFromSnapshot } from '../sequence/sequence-reducers';
import type { ErrorSlot, ReconnectView, TabState } from './tab-state';
import { autoReplySnapshotPatch } from '../auto-reply/auto-reply-reducers';

/*
 * How engine events change one tab: pure functions `(state, event) => patch` (STYLE: effects at the edge). The
 * event router (renderer/src/workspace/event-router.ts) finds the tab and applies the patch; these decide what
 * it is. An event for a session other than the tab's current one (a late event of the session before it)
 * changes nothing: null.
 */

export type TabPatch = Partial<TabState>;

/** The error line and the control's error, as `showError` sets them. */
export function errorPatch(slot: ErrorSlot, error: AppError): TabPatch {
  return { fieldErrors: { [slot]: error }, notice: { kind: 'error', error, slot } };
}

/** The session is gone (closed, host lost): whatever the engine was doing for it has stopped. */
export function tasksEnded(s: TabState): TabPatch {
  return {
    ...(s.repeat?.running ? { repeat: { ...s.repeat, running: false } } : {}),
    ...(s.capture?.active ? { capture: { ...s.capture, active: false } } : {}),
    ...(s.relayPaused ? { relayPaused: false } : {}),
    ...sequenceEnded(s),
  };
}

const isCurrent = (s: TabState, sessionId: string): boolean => s.sessionId === sessionId;

export function reduceSessionState(s: TabState, event: EventPayloads['session.state']): TabPatch | null {
  if (!isCurrent(s, event.sessionId)) return null;
  if (event.state === 'open' && s.sessionState !== 'closed') {
    return {
      sessionState: 'open',
      ...(event.local ? { local: event.local } : {}),
      ...(event.remote ? { remote: event.remote } : {}),
      reconnect: null,
      peerFinished: event.peerFinished === true,
      // Reconnected: the failure shown by the button (the first connect's) is over.
      ...(s.reconnect && s.fieldErrors.open ? withoutError(s, 'open') : {}),
    };
  }
  // A TCP client whose connection dropped retries (reconnect on); session.reconnect says when.
  if (event.state === 'opening') return s.sessionState === 'open' ? { sessionState: 'opening', peerFinished: false } : null;
  if (event.state !== 'closed' || s.sessionState === 'closed') return null;
  const reason = event.reason ?? 'error';
  const closed: TabPatch = {
    sessionState: 'closed',
    clients: [],
    closeReason: reason === 'user' ? null : reason,
    reconnect: null,
    peerFinished: false,
    ...tasksEnded(s),
  };
  if (reason === 'user') return closed;
  const protocol = s.sessionProtocol ?? s.protocol;
  return {
    ...closed,
    notice: { kind: 'closed', protocol, reason, ...(event.error ? { error: event.error } : {}) },
    fieldErrors: event.error ? { session: event.error } : {},
  };
}

/** The error of `slot` gone; the error line too when it showed that one. */
function withoutError(s: TabState, slot: ErrorSlot): TabPatch {
  const { [slot]: _gone, ...fieldErrors } = s.fieldErrors;
  return { fieldErrors, ...(s.notice?.kind === 'error' && s.notice.slot === slot ? { notice: null } : {}) };
}

/**
 * Where a reconnect is as the status line shows it. The wait is relative (the engine's clock need not be this
 * page's): it becomes a time on this clock when it arrives.
 */
export function reconnectView(status: ReconnectStatus, now: number = Date.now()): ReconnectView {
  return { attempt: status.attempt, phase: status.phase, retryAt: now + status.delayMs, lastError: status.lastError ?? null };
}

/** TCP client with reconnect on: a retry was scheduled, or started. */
export function reduceSessionReconnect(s: TabState, event: EventPayloads['session.reconnect']): TabPatch | null {
  if (!isCurrent(s, event.sessionId) || s.sessionState === 'closed') return null;
  return { sessionState: 'opening', reconnect: reconnectView(event), peerFinished: false };
}

export function reduceSessionError(s: TabState, event: EventPayloads['session.error']): TabPatch | null {
  return isCurrent(s, event.sessionId) ? errorPatch('session', event.error) : null;
}

export function reduceServerClients(s: TabState, event: EventPayloads['server.clients']): TabPatch | null {
  if (!isCurrent(s, event.sessionId)) return null;
  const present = new Set(event.clients.map((c) => c.key));
  // Clients that left are no longer ticked; a target that left falls back to all.
  const selectedClients = s.selectedClients.filter((key) => present.has(key));
  const target = s.serverTarget === 'selected' ? (selectedClients.length > 0 ? 'selected' : 'all') : s.serverTarget === 'all' || present.has(s.serverTarget) ? s.serverTarget : 'all';
  return {
    clients: event.clients,
    ...(selectedClients.length !== s.selectedClients.length ? { selectedClients } : {}),
    ...(target !== s.serverTarget ? { serverTarget: target } : {}),
  };
}

export function reduceRepeatState(s: TabState, event: RepeatStateEvent): TabPatch | null {
  if (!isCurrent(s, event.sessionId)) return null;
  const repeat = { running: event.running, sent: event.sent, skipped: event.skipped, isFinal: !event.running };
  return !event.running && event.error ? { repeat, ...errorPatch('send', event.error) } : { repeat };
}

export function reduceCaptureState(s: TabState, event: CaptureStateEvent): TabPatch | null {
  if (!isCurrent(s, event.sessionId)) return null;
  const capture = { active: event.active, path: event.path, bytes: event.bytes, pendingBytes: event.pendingBytes };
  // The file failed (disk full, removed, no permission): the box unchecks so the next open does not retry blindly.
  return event.error ? { capture, captureEnabled: false, ...errorPatch('capturePath', event.error) } : { capture };
}

/** Progress only: the outcome (and any error) is the answer to session.sendFile (file-send-slice.ts). */
export function reduceSendProgress(s: TabState, event: SendProgressEvent): TabPatch | null {
  if (!isCurrent(s, event.sessionId)) return null;
  if (s.fileSend?.done && !event.done) return null; // a late throttled report after the final answer
  return { fileSend: { path: event.path, bytesSent: event.bytesSent, totalBytes: event.totalBytes, done: event.done, cancelled: event.cancelled === true } };
}

/**
 * A live session the engine kept while this page was away (reload, reconnect): the tab shows it as it is now.
 * A session that is closing or closed is not brought back (its tab shows it closed).
 */
export function reduceSnapshot(s: TabState, snapshot: SessionSnapshot): TabPatch {
  const isLive = snapshot.state === 'open' || snapshot.state === 'opening';
  if (!isLive) return s.sessionId === snapshot.sessionId ? { sessionState: 'closed', clients: [], reconnect: null, peerFinished: false, ...tasksEnded(s) } : {};
  const { repeat, capture, fileSend } = snapshot;
  return {
    sessionId: snapshot.sessionId,
    sessionProtocol: snapshot.config.kind,
    protocol: snapshot.config.kind,
    sessionState: snapshot.state === 'open' ? 'open' : 'opening',
    local: snapshot.local ?? null,
    remote: snapshot.remote ?? null,
    // A page that attached anew has no earlier sessions; one that reconnected keeps what it counted before.
    ...(s.sessionId === snapshot.sessionId ? countersWithSession(s, snapshot.counters) : { counterBase: ZERO_COUNTERS, counters: snapshot.counters }),
    clients: snapshot.clients,
    repeat: repeat ? { running: repeat.running, sent: repeat.sent, skipped: repeat.skipped, isFinal: !repeat.running } : null,
    capture: capture ? { active: capture.active, path: capture.path, bytes: capture.bytes, pendingBytes: capture.pendingBytes } : null,
    ...(capture?.active ? { captureEnabled: true } : {}),
    fileSend: fileSend
      ? { path: fileSend.path, bytesSent: fileSend.bytesSent, totalBytes: fileSend.totalBytes, done: fileSend.done, cancelled: fileSend.cancelled === true }
      : null,
    isFileSending: fileSend !== null && !fileSend.done,
    closeReason: null,
    // 广播 / 组播 as the engine has them now (the tab may have saved an older state before the page went away).
    ...(snapshot.config.kind === 'udp' ? udpFormOfConfig(snapshot.config) : {}),
    // A relay comes back with its transport and whether its forwarding is paused.
    ...(snapshot.config.kind === 'relay' ? { relayTransport: snapshot.config.transport, relayPaused: snapshot.relay?.paused ?? false } : {}),
    ...sequenceFromSnapshot(s, snapshot),
    reconnect: snapshot.reconnect && snapshot.state === 'opening' ? reconnectView(snapshot.reconnect) : null,
    peerFinished: snapshot.peerFinished === true,
    ...autoReplySnapshotPatch(s, snapshot),
  };
}
