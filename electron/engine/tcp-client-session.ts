import { Socket } from 'node:net';
import {
  familyOf,
  ok,
  type AddressFamily,
  type AppError,
  type CloseReason,
  type Endpoint,
  type ErrorCode,
  type ErrorParams,
  type FramingConfig,
  type FramingSpec,
  type Result,
  type TcpClientConfig,
  type FrameMark,
} from '@shared';
import { errorFromNode } from './errors-from-node';
import { frameBytes } from './frame-bytes';
import { resolveHost, resolveHostAll, unmapIPv4, type FamilyWanted } from './resolve-host';
import { StreamRxFraming } from './rx-framing';
import type { OpenedSession, SendArgs, SessionContext } from './session';
import { SessionBase } from './session-base';
import { writeWithBackpressure } from './tcp-write';

/** Errors after which the next address of a name is worth a try (the peer may listen on the other family). */
const RETRY_NEXT_ADDRESS: ReadonlySet<ErrorCode> = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/**
 * One outgoing TCP connection: connect (with a timeout covering DNS + handshake), send, receive, disconnect. What
 * it receives is cut into messages by its framing (one framer for the connection), which session.framing.set
 * changes while it runs.
 */
export class TcpClientSession extends SessionBase {
  readonly kind = 'tcp-client';
  private socket: Socket | undefined;
  /** The connection's framer, from the moment it is up. */
  private rx: StreamRxFraming | undefined;

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
    if (this.rx && this.remote) {
      this.rx.replace(spec);
      this.batcher.recordEvent(this.remote, { type: 'framing-changed', framing: shown });
    }
  }

  async open(): Promise<Result<OpenedSession>> {
    this.emitOpening();
    const timeoutMs = this.config.connectTimeoutMs ?? this.ctx.defaultConnectTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Result<OpenedSession>>((resolve) => {
      timer = setTimeout(() => {
        this.socket?.destroy();
        const error = errorFromNode(
          Object.assign(new Error(`connect ETIMEDOUT: no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }),
          { host: this.config.remoteHost, port: this.config.remotePort, timeoutMs },
        );
        resolve(this.failOpen('timeout', error));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.connect(), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async connect(): Promise<Result<OpenedSession>> {
    const { remoteHost, localAddress } = this.config;
    let wanted: FamilyWanted = 0;
    let local: string | undefined;
    if (localAddress !== undefined) {
      const bind = await resolveHost(localAddress, 0);
      if (!bind.ok) return this.failOpen('error', bind.error);
      local = bind.value.address;
      wanted = bind.value.family === 'IPv6' ? 6 : 4;
    }
    // A literal of the other family than the local address is a mistake in the form (INVALID_ARGUMENT).
    const remotes = await resolveHostAll(remoteHost, wanted);
    if (!remotes.ok) return this.failOpen('error', remotes.error);
    let lastError: AppError | undefined;
    for (const [index, remote] of remotes.value.entries()) {
      if (this.wasCloseRequested || this.state !== 'opening') return this.closedWhileOpening();
      const attempt = await this.attempt(remote.address, remote.family, local);
      if (attempt.ok) return ok(this.adopt(attempt.value));
      lastError = attempt.error;
      const isLast = index === remotes.value.length - 1;
      if (isLast || !RETRY_NEXT_ADDRESS.has(attempt.error.code)) break;
    }
    if (this.state !== 'opening') return this.closedWhileOpening();
    return this.failOpen('error', lastError ?? { code: 'INTERNAL', message: 'No address to connect to' });
  }

  /** One connect to one address; resolves with the connected socket or the error, and leaves no socket behind. */
  private attempt(address: string, family: AddressFamily, localAddress: string | undefined): Promise<Result<Socket>> {
    const { remoteHost, remotePort, localPort } = this.config;
    const socket = new Socket();
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

  /** The connection is up: wire its traffic and its end into the session. */
  private adopt(socket: Socket): OpenedSession {
    const { remoteHost, remotePort } = this.config;
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.noteCloseReason(error.code === 'ECONNRESET' ? 'reset' : 'error', errorFromNode(error, { host: remoteHost, port: remotePort }));
    });
    socket.on('end', () => this.noteCloseReason('peer-closed'));
    socket.on('close', () => {
      // 'close' without an 'end' or 'error' first: the socket went away under us; call it the peer's doing.
      this.noteCloseReason('peer-closed');
      this.finishClose();
    });
    const remote = endpoint(socket.remoteAddress, socket.remotePort);
    const rx = new StreamRxFraming(this.framing, (message) => this.recordRxMessage(remote, message));
    this.rx = rx;
    socket.on('data', (chunk: Buffer) => this.recordRx(remote, chunk, rx));
    // A debugging tool sends what the user typed now, not after Nagle's delay.
    socket.setNoDelay(true);
    const opened = this.markOpen(endpoint(socket.localAddress, socket.localPort), remote);
    // Before any byte: no 'data' can come before this turn of the event loop ends.
    this.batcher.recordEvent(remote, { type: 'connected' });
    return opened;
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
    return writeWithBackpressure(socket, args.bytes, this.ctx.maxQueuedWriteBytes, this.inflight, () =>
      this.recordTx(peer, frameBytes(args.bytes), mark),
    );
  }

  protected override setReceivePaused(paused: boolean): void {
    // TCP flow control does the rest: the kernel buffer fills, the window closes, the peer waits. Nothing is lost.
    if (paused) this.socket?.pause();
    else this.socket?.resume();
  }

  protected release(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.closed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      // destroy, not end: "disconnect" must not wait for the peer; queued writes resolve CLOSED_DURING_SEND.
      socket.destroy();
    });
  }
}

function endpoint(address: string | undefined, port: number | undefined): Endpoint {
  const plain = unmapIPv4(address ?? '');
  return { address: plain, port: port ?? 0, family: familyOf(plain) };
}

