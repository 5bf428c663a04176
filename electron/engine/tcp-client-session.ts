import { performance } from 'node:perf_hooks';
import { Socket } from 'node:net';
import {
  familyOf,
  loggedError,
  ok,
  type AddressFamily,
  type AppError,
  type CloseReason,
  type Endpoint,
  type ErrorCode,
  type ErrorParams,
  type FramingConfig,
  type FramingSpec,
  type ReconnectStatus,
  type Result,
  type SessionSnapshot,
  type TcpClientConfig,
  type FrameMark,
} from '@shared';
import { errorFromNode } from './errors-from-node';
import { frameBytes } from './frame-bytes';
import { HalfOpenProbe } from './half-open-probe';
import { backoffDelayMs, isWorthRetrying } from './reconnect-backoff';
import { resolveHost, resolveHostAll, unmapIPv4, type FamilyWanted } from './resolve-host';
import { StreamRxFraming } from './rx-framing';
import type { OpenedSession, SendArgs, SessionContext } from './session';
import { closedDuringSend, sendEndOfClose, type SendEndReason } from './send-end';
import { SessionBase } from './session-base';
import { applyTcpSocketOptions } from './tcp-socket-options';
import { writeWithBackpressure } from './tcp-write';

/** Errors after which the next address of a name is worth a try (the peer may listen on the other family). */
const RETRY_NEXT_ADDRESS: ReadonlySet<ErrorCode> = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * The user disconnects after the peer finished sending: our FIN goes after what is still queued, and the socket
 * closes once both ends are done. A peer that then does not read what is queued gets this long (ms) before the
 * socket is destroyed anyway: "disconnect" must not hang on the peer.
 */
const END_GRACE_MS = 1000;

/** One connect: the socket, or why there is none (the close reason the session reports if it gives up). */
type ConnectOutcome = { readonly ok: true; readonly socket: Socket } | { readonly ok: false; readonly error: AppError; readonly reason: CloseReason };

/** One connect's run: the connect timeout cancels it, so a name's next address is not tried after it fired. */
interface ConnectRun {
  isCancelled: boolean;
}

/** A retry waited for or running, while the session is 'opening' after a drop (or after its first connect failed). */
interface Retry {
  readonly attempt: number;
  readonly phase: ReconnectStatus['phase'];
  /** performance.now() when a waiting retry starts. */
  readonly dueAt: number;
  readonly lastError: AppError | undefined;
}

/**
 * One outgoing TCP connection: connect (with a timeout covering DNS + handshake), send, receive, disconnect. What
 * it receives is cut into messages by its framing (one framer for the connection), which session.framing.set
 * changes while it runs.
 *
 * Half-close: the socket allows half-open connections, so a peer's FIN means "the peer finished sending" (a row
 * says so): the session stays open and may still send until the user disconnects, which then ends this side too.
 *
 * Reconnect (config.reconnect): a connection that drops for any reason but the user's close (reset, error) is
 * retried after a doubling back-off, in the engine, so it goes on while no page is attached. The session keeps its
 * id, counters, capture file and log across reconnects; its state is 'opening' while it retries (session.reconnect
 * events and log rows say when and how each try went) and 'open' again once connected. A first connect that fails
 * is retried too, but session.open still answers with that failure (`retrying.lastError`), so a mistyped address is
 * not hidden behind the retries. The user's close stops retrying at once.
 */
export class TcpClientSession extends SessionBase {
  readonly kind = 'tcp-client';
  private socket: Socket | undefined;
  /** The connection's framer, from the moment it is up. */
  private rx: StreamRxFraming | undefined;
  /** How the current connection ended, as its first 'error' said; undefined: no error (yet). */
  private connectionEnd: { readonly reason: CloseReason; readonly error: AppError } | undefined;
  /** The peer sent FIN on the current connection. */
  private peerFinished = false;
  /** Set once the peer finished sending: notices a peer that is gone after our next send (half-open-probe.ts). */
  private probe: HalfOpenProbe | undefined;
  /** The capture file is behind: a connection made meanwhile starts paused too. */
  private isReceivePaused = false;
  private retry: Retry | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  /** `framing`: config.framing, checked by the Engine (checkSessionFraming); config.framing follows later changes. */
  constructor(
    ctx: SessionContext,
    protected config: TcpClientConfig,
    private framing: FramingSpec,
  ) {
    super(ctx);
  }

  protected override applyFraming(spec: FramingSpec, shown: FramingConfig): void {
    this.framing = spec;
    // The snapshot a page gets on attach says the framing in force, not the one the session opened with.
    this.config = { ...this.config, framing: shown };
    // Still connecting: nothing was received, so nothing to flush or log; the connection starts with the new one.
    if (this.rx && this.remote && this.state === 'open') {
      this.rx.replace(spec);
      this.batcher.recordEvent(this.remote, { type: 'framing-changed', framing: shown });
    }
  }

  async open(): Promise<Result<OpenedSession>> {
    this.emitOpening();
    const first = await this.connectOnce();
    if (first.ok) return ok(this.adopt(first.socket, 0));
    if (this.wasCloseRequested || this.state !== 'opening') return this.closedWhileOpening();
    if (!this.config.reconnect || !isWorthRetrying(first.error)) return this.failOpen(first.reason, first.error);
    this.batcher.recordEvent(this.retryPeer(), { type: 'connect-failed', attempt: 0, error: loggedError(first.error) });
    return ok({ sessionId: this.id, retrying: this.scheduleRetry(1, first.error) });
  }

  override snapshot(): SessionSnapshot {
    const reconnect = this.reconnectStatus();
    return { ...super.snapshot(), ...(reconnect ? { reconnect } : {}), ...(this.peerFinished ? { peerFinished: true } : {}) };
  }

  /** Connect once (every address of the name, in turn), within the connect timeout. Leaves no socket behind on failure. */
  private async connectOnce(): Promise<ConnectOutcome> {
    const timeoutMs = this.config.connectTimeoutMs ?? this.ctx.defaultConnectTimeoutMs;
    const run: ConnectRun = { isCancelled: false };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<ConnectOutcome>((resolve) => {
      timer = setTimeout(() => {
        run.isCancelled = true;
        this.socket?.destroy();
        const error = errorFromNode(
          Object.assign(new Error(`connect ETIMEDOUT: no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
          { host: this.config.remoteHost, port: this.config.remotePort, timeoutMs },
        );
        resolve({ ok: false, reason: 'timeout', error });
      }, timeoutMs);
    });
    const connected = this.connect(run).then((outcome) => {
      // Connected just as the timeout fired: the timeout's answer stands, so this socket must not stay behind.
      if (outcome.ok && run.isCancelled) outcome.socket.destroy();
      return outcome;
    });
    try {
      return await Promise.race([connected, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async connect(run: ConnectRun): Promise<ConnectOutcome> {
    const { remoteHost, localAddress } = this.config;
    let wanted: FamilyWanted = 0;
    let local: string | undefined;
    if (localAddress !== undefined) {
      const bind = await resolveHost(localAddress, 0);
      if (!bind.ok) return { ok: false, reason: 'error', error: bind.error };
      local = bind.value.address;
      wanted = bind.value.family === 'IPv6' ? 6 : 4;
    }
    // A literal of the other family than the local address is a mistake in the form (INVALID_ARGUMENT).
    const remotes = await resolveHostAll(remoteHost, wanted);
    if (!remotes.ok) return { ok: false, reason: 'error', error: remotes.error };
    let lastError: AppError | undefined;
    for (const [index, remote] of remotes.value.entries()) {
      if (this.wasCloseRequested || run.isCancelled) return this.cancelledConnect();
      const attempt = await this.attempt(remote.address, remote.family, local);
      if (attempt.ok) return { ok: true, socket: attempt.value };
      lastError = attempt.error;
      const isLast = index === remotes.value.length - 1;
      if (isLast || !RETRY_NEXT_ADDRESS.has(attempt.error.code)) break;
    }
    if (this.wasCloseRequested || run.isCancelled) return this.cancelledConnect();
    return { ok: false, reason: 'error', error: lastError ?? { code: 'INTERNAL', message: 'No address to connect to' } };
  }

  /** The user closed (or the timeout fired) while connecting: whoever waits for this outcome ignores it. */
  private cancelledConnect(): ConnectOutcome {
    return { ok: false, reason: 'user', error: { code: 'NOT_OPEN', message: 'The session was closed while it was opening', params: { sessionId: this.id } } };
  }

  /** One connect to one address; resolves with the connected socket or the error, and leaves no socket behind. */
  private attempt(address: string, family: AddressFamily, localAddress: string | undefined): Promise<Result<Socket>> {
    const { remoteHost, remotePort, localPort } = this.config;
    // allowHalfOpen: a peer's FIN ends its direction only; this end still sends until the user disconnects.
    const socket = new Socket({ allowHalfOpen: true });
    this.socket = socket;
    return new Promise<Result<Socket>>((resolve) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        socket.destroy();
        // A bind error is about this end (the local port is taken, or needs rights): name it, not the remote. Node
        // attaches the local address and port it tried; what the user asked for wins where given.
        const about: ErrorParams =
          error.syscall === 'bind'
            ? { ...(localAddress !== undefined ? { address: localAddress } : {}), ...(localPort ? { port: localPort } : {}) }
            : { host: remoteHost, port: remotePort };
        resolve({ ok: false, error: errorFromNode(error, about) });
      };
      // Closed by dispose() or by the connect timeout while connecting: neither emits 'error'.
      const onClose = (): void => resolve(this.closedWhileOpening());
      socket.once('error', onError);
      socket.once('close', onClose);
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.off('close', onClose);
        resolve(ok(socket));
      });
      socket.connect({
        host: address,
        port: remotePort,
        family: family === 'IPv6' ? 6 : 4,
        ...(localAddress !== undefined ? { localAddress } : {}),
        ...(localPort !== undefined && localPort !== 0 ? { localPort } : {}),
      });
    });
  }

  /** The connection is up (`attempt` 0: the first connect, n: the n-th retry): wire its traffic and its end in. */
  private adopt(socket: Socket, attempt: number): OpenedSession {
    const { remoteHost, remotePort } = this.config;
    this.socket = socket;
    this.connectionEnd = undefined;
    this.peerFinished = false;
    this.retry = undefined;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // EPIPE: a write found the connection reset (by a peer that finished sending and then went away).
      const reason = error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : 'error';
      this.connectionEnd ??= { reason, error: errorFromNode(error, { host: remoteHost, port: remotePort }) };
    });
    socket.on('end', () => this.onPeerFinished(socket));
    socket.on('close', () => this.onConnectionClosed(socket));
    const remote = endpoint(socket.remoteAddress, socket.remotePort);
    const rx = new StreamRxFraming(this.framing, (message) => this.recordRxMessage(remote, message));
    this.rx = rx;
    socket.on('data', (chunk: Buffer) => this.recordRx(remote, chunk, rx));
    if (this.isReceivePaused) socket.pause();
    applyTcpSocketOptions(socket, this.config);
    const opened = this.markOpen(endpoint(socket.localAddress, socket.localPort), remote);
    // Before any byte: no 'data' can come before this turn of the event loop ends.
    this.batcher.recordEvent(remote, attempt > 0 ? { type: 'connected', attempt } : { type: 'connected' });
    return opened;
  }

  /** FIN from the peer: it sends nothing more, but the connection stays open for what this end still sends. */
  private onPeerFinished(socket: Socket): void {
    if (socket !== this.socket || this.state !== 'open' || !this.remote || !this.local) return;
    this.peerFinished = true;
    this.probe = new HalfOpenProbe(socket);
    // Nothing more can arrive: a message the peer did not finish comes out now (marked), before the row.
    this.rx?.close();
    this.batcher.recordEvent(this.remote, { type: 'peer-finished' });
    this.ctx.emit('session.state', { sessionId: this.id, state: 'open', local: this.local, remote: this.remote, peerFinished: true });
  }

  private onConnectionClosed(socket: Socket): void {
    if (socket !== this.socket) return;
    this.probe?.stop();
    this.probe = undefined;
    // 'close' without an 'error' first: the socket went away under us (or after the peer's FIN); the peer's doing.
    const end = this.connectionEnd ?? { reason: 'peer-closed' as const, error: undefined };
    if (this.wasCloseRequested || this.state !== 'open' || !this.config.reconnect) {
      this.noteCloseReason(end.reason, end.error);
      this.finishClose();
      return;
    }
    // Dropped: the session stays (same id, counters, capture file) and tries again.
    this.rx?.close();
    if (this.remote) this.batcher.recordEvent(this.remote, { type: 'disconnected', reason: end.reason });
    this.socket = undefined;
    this.rx = undefined;
    this.peerFinished = false;
    this.state = 'opening';
    this.inflight.abortAll(closedDuringSend(sendEndOfClose(end.reason), this.remote, end.error?.detail));
    this.emitOpening();
    this.scheduleRetry(1, end.error);
  }

  /** Retry `attempt` after its back-off; the log and a session.reconnect event say when. */
  private scheduleRetry(attempt: number, lastError: AppError | undefined): ReconnectStatus {
    const delayMs = backoffDelayMs(this.config.reconnect!, attempt);
    this.retry = { attempt, phase: 'waiting', dueAt: performance.now() + delayMs, lastError };
    this.retryTimer = setTimeout(() => void this.runRetry(attempt), delayMs);
    this.batcher.recordEvent(this.retryPeer(), { type: 'reconnect-scheduled', attempt, delayMs });
    return this.announceRetry();
  }

  private async runRetry(attempt: number): Promise<void> {
    this.retryTimer = undefined;
    const retry = this.retry;
    if (this.wasCloseRequested || this.state !== 'opening' || retry?.attempt !== attempt) return;
    this.retry = { ...retry, phase: 'connecting' };
    this.announceRetry();
    const outcome = await this.connectOnce();
    if (this.wasCloseRequested || this.state !== 'opening') {
      if (outcome.ok) outcome.socket.destroy();
      return;
    }
    if (outcome.ok) {
      this.adopt(outcome.socket, attempt);
      return;
    }
    this.batcher.recordEvent(this.retryPeer(), { type: 'connect-failed', attempt, error: loggedError(outcome.error) });
    if (!isWorthRetrying(outcome.error)) {
      this.retry = undefined;
      this.noteCloseReason(outcome.reason, outcome.error);
      this.finishClose();
      return;
    }
    this.scheduleRetry(attempt + 1, outcome.error);
  }

  private announceRetry(): ReconnectStatus {
    const status = this.reconnectStatus()!;
    this.ctx.emit('session.reconnect', { sessionId: this.id, ...status });
    return status;
  }

  private reconnectStatus(): ReconnectStatus | undefined {
    const retry = this.retry;
    if (!retry || this.state !== 'opening') return undefined;
    const delayMs = retry.phase === 'waiting' ? Math.max(0, Math.round(retry.dueAt - performance.now())) : 0;
    return { attempt: retry.attempt, phase: retry.phase, delayMs, ...(retry.lastError ? { lastError: retry.lastError } : {}) };
  }

  /** Whom the reconnect rows concern: the peer last connected to, or the remote as configured. */
  private retryPeer(): Endpoint {
    return this.remote ?? { address: this.config.remoteHost, port: this.config.remotePort, family: familyOf(this.config.remoteHost) };
  }

  protected override onClosing(reason: CloseReason, wasOpen: boolean): void {
    // A message the peer did not finish comes out (marked) before the row that says the connection ended.
    this.rx?.close();
    if (wasOpen && this.remote) this.batcher.recordEvent(this.remote, { type: 'disconnected', reason });
  }

  send(args: SendArgs, mark?: FrameMark): Promise<Result<{ bytesSent: number }>> {
    const socket = this.socket;
    if (this.state !== 'open' || !socket || socket.destroyed) return Promise.resolve(this.notOpen());
    const peer = this.remote!;
    const whyEnded = (): SendEndReason | undefined => (this.wasCloseRequested ? 'closed' : sendEndOfClose(this.connectionEnd?.reason ?? 'error'));
    return writeWithBackpressure(socket, args.bytes, { maxQueuedBytes: this.ctx.maxQueuedWriteBytes, inflight: this.inflight, peer, whyEnded }, () => {
      this.recordTx(peer, frameBytes(args.bytes), mark);
      this.probe?.afterSend();
    });
  }

  protected override setReceivePaused(paused: boolean): void {
    // TCP flow control does the rest: the kernel buffer fills, the window closes, the peer waits. Nothing is lost.
    this.isReceivePaused = paused;
    if (paused) this.socket?.pause();
    else this.socket?.resume();
  }

  protected release(): Promise<void> {
    this.probe?.stop();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retry = undefined;
    const socket = this.socket;
    if (!socket || socket.closed) return Promise.resolve();
    return new Promise((resolve) => {
      let grace: NodeJS.Timeout | undefined;
      socket.once('close', () => {
        clearTimeout(grace);
        resolve();
      });
      if (this.peerFinished && !socket.destroyed) {
        // Half-closed by the peer: what was sent still goes out, then our FIN ends the connection cleanly.
        socket.end();
        grace = setTimeout(() => socket.destroy(), END_GRACE_MS);
      } else {
        // destroy, not end: "disconnect" must not wait for the peer; queued writes resolve CLOSED_DURING_SEND.
        socket.destroy();
      }
    });
  }
}

function endpoint(address: string | undefined, port: number | undefined): Endpoint {
  const plain = unmapIPv4(address ?? '');
  return { address: plain, port: port ?? 0, family: familyOf(plain) };
}
