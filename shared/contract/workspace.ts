import type { Endpoint } from './endpoint';
import type { RelaySnapshot } from './relay';
import type { ServerClientInfo, SessionConfig, SessionState, TrafficCounters } from './session';
import type { CaptureStateEvent, RepeatStateEvent, SendProgressEvent } from './session-tasks';
import type { SequenceRunSnapshot } from './sequence';
import type { ReconnectStatus } from './tcp-options';
import type { AutoReplySnapshot } from './rules';

/*
 * The workspace outlives the page (DESIGN §4b): the engine keeps its sessions when the page that opened them
 * reloads or loses its connection. A page that (re)connects calls `workspace.attach` and gets every live session
 * back as a snapshot; from then on the engine's events go to that page only. A page that is replaced by another
 * one attaching gets `workspace.detached` and hears nothing more.
 */

/** A live session as the engine holds it, for a page that attaches. */
export interface SessionSnapshot {
  readonly sessionId: string;
  /** The tab that opened it (`session.open`'s tabId), so a reloaded page gives it back to the same tab. */
  readonly tabId: string | null;
  readonly config: SessionConfig;
  readonly state: SessionState;
  readonly local?: Endpoint;
  readonly remote?: Endpoint;
  /** TCP client retrying a dropped connection (state 'opening'); `delayMs` is what is left of the wait. */
  readonly reconnect?: ReconnectStatus;
  /** TCP client: the peer finished sending (FIN); the connection stays open for what this end still sends. */
  readonly peerFinished?: boolean;
  /** Exact totals; the log of the page that attaches starts empty and says how much it did not see. */
  readonly counters: TrafficCounters;
  /** TCP server: its clients now; empty for other kinds. */
  readonly clients: readonly ServerClientInfo[];
  /** The cyclic send, capture and file send as their last event said; null when none ran in this session. */
  readonly repeat: RepeatStateEvent | null;
  readonly capture: CaptureStateEvent | null;
  readonly fileSend: SendProgressEvent | null;
  /** Relay sessions only: whether forwarding is paused. */
  readonly relay?: RelaySnapshot;
  /** 测试序列: the run going or the last one; absent when none ran in this session. */
  readonly sequence?: SequenceRunSnapshot;
  /** 自动应答: the rules the session runs and how they fared; absent when none were ever set. */
  readonly autoReply?: AutoReplySnapshot;
}

/** Why a page no longer hears from the engine. */
export type DetachReason = 'taken-over';

export interface WorkspaceDetachedEvent {
  readonly reason: DetachReason;
}
