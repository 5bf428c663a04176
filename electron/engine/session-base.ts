import {
  fail,
  framingConfigFromSpec,
  ok,
  type AppError,
  type CloseReason,
  type CommandArgs,
  type Endpoint,
  type FramedMessage,
  type FramingConfig,
  type FramingSpec,
  type MulticastMembership,
  type Protocol,
  type Result,
  type ServerClientInfo,
  type SessionConfig,
  type SessionSnapshot,
  type SessionState,
  type FrameMark,
  type UdpSocketOptions,
  type SessionLogEvent,
} from '@shared';
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server } from 'node:net';
import { errorFromNode } from './errors-from-node';
import { frameBytes } from './frame-bytes';
import { InflightSends } from './inflight-sends';
import { closedDuringSend, sendEndOfClose } from './send-end';
import { checkSessionFraming, type StreamRxFraming } from './rx-framing';
import type { MessageObserver, OpenedSession, ReceivedMessage, SendArgs, Session, SessionContext } from './session';
import { SessionTasks } from './session-tasks';
import { TrafficBatcher } from './traffic-batcher';
import type { SentObserver } from './sequence/sequence-run';
import { SessionSequence } from './sequence/session-sequence';
import { UdpDropMonitor, type UdpSocketType } from './kernel-drops/udp-drop-monitor';

/** Connections a TCP listener lets wait for accept: thousands of clients connecting together (B7) are not refused. */
const LISTEN_BACKLOG = 8192;

/**
 * The lifecycle every session shares: opening → open → closed, exactly one `closed` event carrying the first
 * reason seen (user, FIN, RST, timeout, error), traffic batching, in-flight sends settled on close, and the
 * session's tasks (cyclic send, capture file, file send). Subclasses open their socket, implement `release`
 * (let go of the socket, resolve when it is gone), and hand every received chunk to `recordRx` (TCP: with the
 * stream's framer, whose messages come back through `recordRxMessage`).
 */
export abstract class SessionBase implements Session {
  abstract readonly kind: Protocol;
  /** As the page gave it to session.open; returned to a page that attaches later. */
  protected abstract readonly config: SessionConfig;
  protected state: SessionState = 'opening';
  protected local: Endpoint | undefined;
  protected remote: Endpoint | undefined;
  protected readonly batcher: TrafficBatcher;
  protected readonly inflight = new InflightSends();
  private readonly tasks: SessionTasks;
  private tasksClosed: Promise<void> = Promise.resolve();
  private closeReason: CloseReason | undefined;
  private closeError: AppError | undefined;
  private isCloseRequested = false;
  private readonly messageObservers = new Set<MessageObserver>();
  private readonly sentObservers = new Set<SentObserver>();
  /** 测试序列: runs in the engine, on this session's send path and messages. */
  private readonly sequence: SessionSequence;
  /** The kernel's drop counter of the session's UDP socket (issue 11); undefined where the OS does not tell it. */
  private dropMonitor: UdpDropMonitor | undefined;
  private resolveClosed!: () => void;
  private readonly closedSignal = new Promise<void>((resolve) => (this.resolveClosed = resolve));

  constructor(protected readonly ctx: SessionContext) {
    this.batcher = new TrafficBatcher(
      (batchSeq, packed) => ctx.emit('traffic.batch', { sessionId: ctx.id, batchSeq, packed }),
      ctx.batcher,
      ctx.displayBudget,
    );
    this.tasks = new SessionTasks({
      sessionId: ctx.id,
      emit: ctx.emit,
      send: (args) => this.send(args),
      setReceivePaused: (paused) => this.setReceivePaused(paused),
      logEvent: (event) => this.logEvent(event),
    });
    this.sequence = new SessionSequence({
      sessionId: ctx.id,
      emit: ctx.emit,
      send: (args, mark) => this.send(args, mark),
      observeMessages: (observer) => this.observeMessages(observer),
      observeSent: (observer) => {
        this.sentObservers.add(observer);
        return () => this.sentObservers.delete(observer);
      },
    });
  }

  get id(): string {
    return this.ctx.id;
  }

  abstract open(): Promise<Result<OpenedSession>>;
  /** `mark`: what produced the send when not the user (an auto-reply rule, a sequence step), shown on its tx rows. */
  abstract send(args: SendArgs, mark?: FrameMark): Promise<Result<{ bytesSent: number }>>;
  protected abstract release(): Promise<void>;

  resetCounters(): void {
    // Drops up to now belong before the reset, not after it.
    this.dropMonitor?.pollNow();
    this.batcher.resetCounters();
  }

  ack(batchSeq: number): void {
    this.batcher.ack(batchSeq);
    this.onDisplayCredit();
  }

  /** The page acknowledged a batch: what waited for it to keep up (a server's client list) may go now. */
  protected onDisplayCredit(): void {}

  startRepeat(args: CommandArgs<'session.repeat.start'>): Promise<Result<null>> {
    return this.state === 'open' ? this.tasks.startRepeat(args) : Promise.resolve(this.notOpen());
  }

  stopRepeat(): Promise<void> {
    return this.tasks.stopRepeat();
  }

  startCapture(path: string, append: boolean): Promise<Result<{ path: string }>> {
    return this.state === 'open' ? this.tasks.startCapture(path, append) : Promise.resolve(this.notOpen());
  }

  stopCapture(): Promise<Result<{ path: string; bytes: number }>> {
    return this.tasks.stopCapture();
  }

  sendFile(args: CommandArgs<'session.sendFile'>): Promise<Result<{ bytesSent: number; cancelled: boolean }>> {
    return this.state === 'open' ? this.tasks.sendFile(args, this.sendsDatagrams) : Promise.resolve(this.notOpen());
  }

  /** A file goes out as datagrams (UDP, a UDP relay) rather than as a byte stream. */
  protected get sendsDatagrams(): boolean {
    return this.kind === 'udp';
  }

  cancelSendFile(): void {
    this.tasks.cancelSendFile();
  }

  runSequence(args: CommandArgs<'session.sequence.run'>): Result<{ runId: number }> {
    return this.state === 'open' ? this.sequence.start(args) : this.notOpen();
  }

  stopSequence(): void {
    this.sequence.stop();
  }

  /**
   * session.framing.set: checked here once for every kind; a TCP session applies it (`applyFraming`). UDP has none:
   * a datagram is a message already, there is no stream to re-cut.
   */
  setFraming(framing: FramingConfig): Result<null> {
    if (!this.applyFraming) {
      return fail('INVALID_ARGUMENT', 'Framing applies to TCP sessions only: each UDP datagram is already one message', {
        field: 'framing',
        reason: 'not-tcp',
      });
    }
    if (this.state === 'closed') return this.notOpen();
    const checked = checkSessionFraming(framing);
    if (!checked.ok) return checked;
    this.applyFraming(checked.value, framingConfigFromSpec(checked.value));
    return ok(null);
  }

  /**
   * TCP sessions: from the next byte on, cut the stream with `spec` (the old framers flush, marked) and say so in
   * the log; `shown` is the same framing as contract data, for the snapshot and the log row.
   */
  protected applyFraming?(spec: FramingSpec, shown: FramingConfig): void;

  kick(_client: string): Result<null> {
    return fail('INVALID_ARGUMENT', 'Only a TCP server session has clients', { field: 'sessionId' });
  }

  setUdpOptions(_options: UdpSocketOptions): Result<null> {
    return notUdp();
  }

  joinMulticast(_membership: MulticastMembership): Result<null> {
    return notUdp();
  }

  leaveMulticast(_membership: MulticastMembership): Result<null> {
    return notUdp();
  }

  snapshot(): SessionSnapshot {
    return {
      sessionId: this.id,
      tabId: this.ctx.tabId,
      config: this.config,
      state: this.state,
      ...(this.local ? { local: this.local } : {}),
      ...(this.remote ? { remote: this.remote } : {}),
      counters: this.batcher.getCounters(),
      clients: this.clientList(),
      ...this.tasks.snapshot(),
      ...this.sequenceSnapshot(),
    };
  }

  private sequenceSnapshot(): Pick<SessionSnapshot, 'sequence'> {
    const sequence = this.sequence.snapshot();
    return sequence ? { sequence } : {};
  }

  detachDisplay(): void {
    this.batcher.detachDisplay();
  }

  attachDisplay(): void {
    this.batcher.attachDisplay();
    // A page that asks for the session's figures gets the kernel's drops as they are now (in the next batch).
    void this.dropMonitor?.poll();
  }

  /** The clients as `server.clients` lists them; only a TCP server has any. */
  protected clientList(): ServerClientInfo[] {
    return [];
  }

  async dispose(): Promise<void> {
    if (!this.isCloseRequested) {
      this.isCloseRequested = true;
      this.noteCloseReason('user');
      // A file send stops first and its bytes already in the socket get a moment to leave, so what it reports
      // sent is what the peer gets (session-tasks.ts). The connection may end meanwhile (a reset): then it is closed.
      if (this.state !== 'closed') await this.tasks.beforeClose(closedDuringSend('closed', this.sendEndPeer()));
      if (this.state !== 'closed') {
        try {
          await this.release();
        } finally {
          this.finishClose();
        }
      }
    }
    // Resolves once the capture file (if any) is flushed and closed too.
    return this.closedSignal.then(() => this.tasksClosed);
  }

  /**
   * One received chunk: its bytes counted and appended to the capture file (when one is open) as they came, then
   * shown: as one frame (UDP, a datagram), or through the stream's framer (TCP), whose messages are the frames.
   * `mark`: an unframed frame's mark (a relay's client → server leg).
   */
  protected recordRx(peer: Endpoint, chunk: Buffer, stream?: StreamRxFraming, mark?: FrameMark): void {
    this.batcher.countRxBytes(chunk.length);
    this.tasks.captureRx(chunk);
    if (stream) {
      stream.push(chunk);
      return;
    }
    const ts = this.batcher.recordMessage('rx', peer, frameBytes(chunk), mark);
    if (this.messageObservers.size > 0) this.tellObservers({ peer, bytes: chunk, ts });
  }

  /**
   * A message of `peer`'s stream (its bytes were counted by recordRx): one rx frame, followed by a row saying it was
   * cut when it did not end by the framing's rule (max size, or flushed at a close or a framing change).
   */
  protected recordRxMessage(peer: Endpoint, message: FramedMessage): void {
    const ts = this.batcher.recordMessage('rx', peer, frameBytes(message.bytes));
    if (message.cut === 'max-size' || message.cut === 'flush') {
      this.batcher.recordEvent(peer, { type: 'message-cut', reason: message.cut, bytes: message.bytes.length });
    }
    if (this.messageObservers.size > 0) this.tellObservers({ peer, bytes: message.bytes, ts });
  }

  /**
   * A send's bytes went out to `peer`: one tx frame (with the send's mark), and the run of a sequence that sent
   * them learns its time (SentObserver).
   */
  protected recordTx(peer: Endpoint, bytes: Uint8Array, mark?: FrameMark): void {
    const ts = this.batcher.record('tx', peer, bytes, mark);
    if (this.sentObservers.size > 0) for (const observer of [...this.sentObservers]) observer({ peer, ts, mark });
  }

  /**
   * Whole received messages (a UDP datagram, a TCP message as the framing cut it) for the session's automation:
   * auto-reply rules and test sequences see messages, never socket chunks (DESIGN §3b). Called in arrival order,
   * after the message's rx frame is recorded, so a reply's tx row follows the row it answers. Returns the
   * unsubscribe function.
   */
  observeMessages(observer: MessageObserver): () => void {
    this.messageObservers.add(observer);
    return () => this.messageObservers.delete(observer);
  }

  /** Keys of the connected clients (a TCP server's), for "reply to all / all other clients". */
  clientKeys(): string[] {
    return this.clientList().map((client) => client.key);
  }

  /**
   * A row of the session's automation in its log. Its peer is the session's own endpoint (the remote for a TCP
   * client, whose rows all name it); before the session has either, there is nothing to log against.
   */
  logEvent(event: SessionLogEvent): void {
    const peer = this.kind === 'tcp-client' ? (this.remote ?? this.local) : this.local;
    if (peer) this.batcher.recordEvent(peer, event);
  }

  /**
   * UDP sessions and the UDP relay, once open: the kernel's drops for `socket` are counted (`rxDropped`) and each
   * growth is a row (kernel-drops/udp-drop-monitor.ts: read once a second, never per datagram). Where the OS does not
   * tell them, nothing is counted and the page shows no drop counter.
   */
  protected watchKernelDrops(socket: UdpSocket, type: UdpSocketType): void {
    this.dropMonitor = UdpDropMonitor.start(socket, type, (added) => {
      this.batcher.countRxDropped(added);
      this.logEvent({ type: 'kernel-drops', count: added });
    });
    if (this.dropMonitor) this.batcher.countRxDropped(0);
  }

  /** Before the socket closes: one last reading, so the counter is exact at the end. */
  protected async stopWatchingKernelDrops(): Promise<void> {
    const monitor = this.dropMonitor;
    this.dropMonitor = undefined;
    await monitor?.stop();
  }

  private tellObservers(message: ReceivedMessage): void {
    // A copy of the set: an observer may unsubscribe (a sequence ends) while being told.
    for (const observer of [...this.messageObservers]) observer(message);
  }

  /** Stop (true) or resume (false) reading while the capture file is behind. UDP cannot; TCP sessions override. */
  protected setReceivePaused(_paused: boolean): void {}

  /**
   * The session is reaching `closed` for `reason`; its last frames are not flushed yet, so a row recorded here still
   * reaches the page. `wasOpen`: it had opened (an open that failed has nothing to log). Called once.
   */
  protected onClosing(_reason: CloseReason, _wasOpen: boolean): void {}

  /** True once the user (or the Engine) asked to close: an open() still running must give up. */
  protected get wasCloseRequested(): boolean {
    return this.isCloseRequested;
  }

  protected emitOpening(): void {
    this.ctx.emit('session.state', { sessionId: this.id, state: 'opening' });
  }

  protected markOpen(local: Endpoint, remote?: Endpoint): OpenedSession {
    this.state = 'open';
    this.local = local;
    this.remote = remote;
    this.ctx.emit('session.state', { sessionId: this.id, state: 'open', local, ...(remote ? { remote } : {}) });
    return { sessionId: this.id, local, ...(remote ? { remote } : {}) };
  }

  /** The first reason wins: a FIN followed by a RST is still "peer closed". */
  protected noteCloseReason(reason: CloseReason, error?: AppError): void {
    if (this.closeReason !== undefined) return;
    this.closeReason = reason;
    this.closeError = error;
  }

  /** The open attempt failed: report it as a `closed` event too, and return the error as the command's result. */
  protected failOpen<T>(reason: CloseReason, error: AppError): Result<T> {
    this.noteCloseReason(reason, error);
    this.finishClose();
    return { ok: false, error };
  }

  /**
   * The error listener of a socket or listener being bound to `address:port`: an error before it is open fails
   * the open (with the address and port in the message); after that, it is reported and the session carries on.
   */
  protected bindErrorListener(resolve: (result: Result<null>) => void, address: string, port: number): (error: Error) => void {
    return (error) => {
      if (this.state !== 'opening') {
        this.ctx.emit('session.error', { sessionId: this.id, error: errorFromNode(error) });
        return;
      }
      resolve({ ok: false, error: errorFromNode(error, { address, port }) });
    };
  }

  /**
   * Binds a UDP socket to `address:port` while the session opens: ok once bound; the bind error (with the address
   * and port), or NOT_OPEN when dispose() closed the socket meanwhile (which emits neither). After bind, socket
   * errors do not close a UDP socket: they are reported and the session carries on (bindErrorListener).
   */
  protected bindUdp(socket: UdpSocket, address: string, port: number): Promise<Result<null>> {
    return new Promise((resolve) => {
      socket.once('close', () => resolve(this.closedWhileOpening()));
      socket.on('error', this.bindErrorListener(resolve, address, port));
      socket.bind({ address, port, exclusive: true }, () => resolve(ok(null)));
    });
  }

  /** A TCP listener on `address:port` (both families where the address allows), the same way as bindUdp. */
  protected listenTcp(server: Server, address: string, port: number): Promise<Result<null>> {
    return new Promise((resolve) => {
      server.once('close', () => resolve(this.closedWhileOpening()));
      server.on('error', this.bindErrorListener(resolve, address, port));
      server.listen({ host: address, port, backlog: LISTEN_BACKLOG, ipv6Only: false }, () => resolve(ok(null)));
    });
  }

  protected closedWhileOpening<T>(): Result<T> {
    return fail('NOT_OPEN', 'The session was closed while it was opening', { sessionId: this.id });
  }

  protected notOpen<T>(): Result<T> {
    return fail('NOT_OPEN', 'The session is not open', { sessionId: this.id });
  }

  /** Whom a send cut short by the session's end went to, where the session has one peer (a TCP client). */
  private sendEndPeer(): Endpoint | undefined {
    return this.kind === 'tcp-client' ? this.remote : undefined;
  }

  /** Idempotent: settles in-flight sends, flushes the last frames, emits `closed` once, tells the Engine. */
  protected finishClose(): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    const reason = this.closeReason ?? 'error';
    // Before the sends in flight fail: the run ends as 'closed' (its sequence.done before the closed state).
    this.sequence.close(reason);
    // Sends cut short say why: "the session was closed", "reset by the peer" (send-end.ts), never "not open".
    const cutShort = closedDuringSend(sendEndOfClose(reason), this.sendEndPeer());
    this.inflight.abortAll(cutShort);
    this.onClosing(reason, wasOpen);
    this.batcher.dispose();
    this.tasksClosed = this.tasks.close(cutShort);
    this.ctx.emit('session.state', {
      sessionId: this.id,
      state: 'closed',
      reason,
      ...(this.local ? { local: this.local } : {}),
      ...(this.remote ? { remote: this.remote } : {}),
      ...(this.closeError ? { error: this.closeError } : {}),
    });
    this.ctx.onClosed(this.id);
    this.resolveClosed();
  }
}

/** 广播 / 组播 are options of a UDP socket; a TCP session has none. */
function notUdp(): Result<never> {
  return fail('INVALID_ARGUMENT', 'Broadcast and multicast are options of a UDP session', { field: 'sessionId', reason: 'notUdp' });
}
