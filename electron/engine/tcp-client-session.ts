import { Socket } from 'node:net';
import { familyOf, ok, type Endpoint, type Result, type TcpClientConfig } from '@shared';
import { errorFromNode } from './errors-from-node';
import { frameBytes } from './frame-bytes';
import { resolveHost, unmapIPv4, type FamilyWanted } from './resolve-host';
import type { OpenedSession, SendArgs, SessionContext } from './session';
import { SessionBase } from './session-base';
import { writeWithBackpressure } from './tcp-write';

/** One outgoing TCP connection: connect (with a timeout covering DNS + handshake), send, receive, disconnect. */
export class TcpClientSession extends SessionBase {
  readonly kind = 'tcp-client';
  private socket: Socket | undefined;

  constructor(
    ctx: SessionContext,
    private readonly config: TcpClientConfig,
  ) {
    super(ctx);
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
    const { remoteHost, remotePort, localAddress, localPort } = this.config;
    let wanted: FamilyWanted = 0;
    let local: string | undefined;
    if (localAddress !== undefined) {
      const bind = await resolveHost(localAddress, 0);
      if (!bind.ok) return this.failOpen('error', bind.error);
      local = bind.value.address;
      wanted = bind.value.family === 'IPv6' ? 6 : 4;
    }
    const remote = await resolveHost(remoteHost, wanted);
    if (!remote.ok) {
      // A literal of the other family than the local address is a mistake in the form, not a network error.
      return this.failOpen('error', remote.error);
    }
    if (this.wasCloseRequested || this.state !== 'opening') return this.closedWhileOpening();
    const socket = new Socket();
    this.socket = socket;
    return new Promise<Result<OpenedSession>>((resolve) => {
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (this.state === 'opening') {
          resolve(this.failOpen('error', errorFromNode(error, { host: remoteHost, port: remotePort })));
          return;
        }
        this.noteCloseReason(error.code === 'ECONNRESET' ? 'reset' : 'error', errorFromNode(error, { host: remoteHost, port: remotePort }));
      });
      socket.on('close', () => {
        if (this.state === 'opening') resolve(this.closedWhileOpening());
        this.noteCloseReason('peer-closed');
        this.finishClose();
      });
      socket.on('end', () => this.noteCloseReason('peer-closed'));
      socket.on('data', (chunk: Buffer) => this.batcher.record('rx', this.remote!, frameBytes(chunk)));
      socket.once('connect', () => {
        if (this.state !== 'opening') return;
        // A debugging tool sends what the user typed now, not after Nagle's delay.
        socket.setNoDelay(true);
        const localEndpoint = endpoint(socket.localAddress, socket.localPort);
        const remoteEndpoint = endpoint(socket.remoteAddress, socket.remotePort);
        resolve(ok(this.markOpen(localEndpoint, remoteEndpoint)));
      });
      const options = {
        host: remote.value.address,
        port: remotePort,
        family: remote.value.family === 'IPv6' ? 6 : 4,
        ...(local !== undefined ? { localAddress: local } : {}),
        ...(localPort !== undefined && localPort !== 0 ? { localPort } : {}),
      };
      socket.connect(options);
    });
  }

  send(args: SendArgs): Promise<Result<{ bytesSent: number }>> {
    const socket = this.socket;
    if (this.state !== 'open' || !socket || socket.destroyed) return Promise.resolve(this.notOpen());
    const peer = this.remote!;
    return writeWithBackpressure(socket, args.bytes, this.ctx.maxQueuedWriteBytes, this.inflight, () =>
      this.batcher.record('tx', peer, args.bytes),
    );
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

