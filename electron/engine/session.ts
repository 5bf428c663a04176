import type { CommandArgs, CommandResult, Endpoint, EventSink, FrameMark, FramingConfig, MulticastMembership, Protocol, Result, SessionLogEvent, SessionSnapshot, UdpSocketOptions } from '@shared';
import type { DisplayBudget } from './display-budget';
import type { TrafficBatcherOptions } from './traffic-batcher';

/** What the Engine hands every session: its id, where events go, and the limits it runs under. */
export interface SessionContext {
  readonly id: string;
  /** The page's tab that opened it (session.open's tabId), kept for the snapshot; null when none was given. */
  readonly tabId: string | null;
  /** Never throws (the Engine wraps the host's sink). */
  readonly emit: EventSink;
  readonly batcher: Partial<TrafficBatcherOptions>;
  /** What all sessions of the engine together may hold for a display that is behind. */
  readonly displayBudget: DisplayBudget;
  /** Cap on bytes waiting in Node's write buffer of one TCP socket; a send beyond it fails with QUEUE_FULL. */
  readonly maxQueuedWriteBytes: number;
  /** TCP connect timeout when the config gives none (ms). */
  readonly defaultConnectTimeoutMs: number;
  /** TCP server: a client that finished sending is closed on our side after this long with nothing sent to it (ms). */
  readonly halfClosedLingerMs: number;
  /** Called once when the session reached `closed`, whatever the reason, so the Engine forgets it. */
  readonly onClosed: (id: string) => void;
}

/** Open (local, remote), or a TCP client retrying after its first connect failed (SessionOpenResult). */
export type OpenedSession = CommandResult<'session.open'>;

export type SendArgs = CommandArgs<'session.send'>;

/**
 * One whole received message: a UDP datagram, or a TCP message as the session's framing cut it. `bytes` may be a
 * view of a socket buffer: an observer that keeps them must copy.
 */
export interface ReceivedMessage {
  readonly peer: Endpoint;
  readonly bytes: Uint8Array;
  /** The message's rx frame time (ms since epoch). */
  readonly ts: number;
}

export type MessageObserver = (message: ReceivedMessage) => void;

/** One open UDP socket, TCP connection or TCP listener, as the Engine sees it. */
export interface Session {
  readonly id: string;
  readonly kind: Protocol;
  /** Resolves once open or with the reason it could not open; never rejects. Called once. */
  open(): Promise<Result<OpenedSession>>;
  /** `mark`: what produced the send when not the user (an auto-reply rule, a sequence step), shown on its tx rows. */
  send(args: SendArgs, mark?: FrameMark): Promise<Result<{ bytesSent: number }>>;
  resetCounters(): void;
  ack(batchSeq: number): void;
  /** 循环发送: replaces a running one; resolves with the first send's outcome. */
  startRepeat(args: CommandArgs<'session.repeat.start'>): Promise<Result<null>>;
  stopRepeat(): Promise<void>;
  /** 接收保存到文件: replaces a running capture once the new file is open. */
  startCapture(path: string, append: boolean): Promise<Result<{ path: string }>>;
  stopCapture(): Promise<Result<{ path: string; bytes: number }>>;
  /** 打开文件数据源: one at a time; resolves when sent or cancelled. */
  sendFile(args: CommandArgs<'session.sendFile'>): Promise<Result<{ bytesSent: number; cancelled: boolean }>>;
  cancelSendFile(): void;
  /** 测试序列: checks and starts a run (replacing one going); progress comes as sequence.progress / sequence.done. */
  runSequence(args: CommandArgs<'session.sequence.run'>): Result<{ runId: number }>;
  /** Ends the run going (as stopped); its sequence.done has gone out when this returns. */
  stopSequence(): void;
  /**
   * TCP only: cut received bytes by `framing` from the next byte on (each stream's buffered bytes come out marked,
   * then a framing-changed row). UDP: INVALID_ARGUMENT, reason 'not-tcp'.
   */
  setFraming(framing: FramingConfig): Result<null>;
  /** TCP server only: destroy one client's connection. */
  kick(client: string): Result<null>;
  /** UDP only (广播 / 组播): apply each option given; join or leave one group. Other kinds: INVALID_ARGUMENT. */
  setUdpOptions(options: UdpSocketOptions): Result<null>;
  joinMulticast(membership: MulticastMembership): Result<null>;
  leaveMulticast(membership: MulticastMembership): Result<null>;
  /** Everything a page that attaches needs to show this session: config, state, exact counters, clients, tasks. */
  snapshot(): SessionSnapshot;
  /** No page shows the session now: traffic is counted into a gap, nothing is sent (TrafficBatcher). */
  detachDisplay(): void;
  /** A page attached: the next batch carries the gap of what it did not see; flow-control credit starts afresh. */
  attachDisplay(): void;
  /** User close: releases the socket(s), emits `closed` with reason 'user', closes the capture file. Idempotent. */
  dispose(): Promise<void>;
  /** Whole received messages, in arrival order after their rx row (automation: auto-reply rules). Returns the unsubscribe. */
  observeMessages(observer: MessageObserver): () => void;
  /** A TCP server's connected clients' keys; empty for other kinds. */
  clientKeys(): string[];
  /** A row in the session's log (automation's own events: a rule stopped, the loop guard), in order with traffic. */
  logEvent(event: SessionLogEvent): void;
}
