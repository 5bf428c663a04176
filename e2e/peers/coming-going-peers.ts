import net from 'node:net';
import { LOOPBACK } from './ports';
import { endpointKey, type Disposable } from './node-peers';
import { pollUntil, withTimeout } from './wait';

/*
 * Peers for issue 10's stories: a TCP server that crashes and comes back on the same port (reconnect), and TCP
 * peers that half-close (FIN after their message, then go on reading: the reply must still reach them).
 */

/** One connection a peer holds: what arrived on it, and whether the other side ended (FIN) or closed it. */
export class PeerConnection {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private closed = false;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    socket.on('end', () => (this.ended = true));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }

  get received(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  /** The other side sent its FIN. */
  get sawEnd(): boolean {
    return this.ended;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/**
 * A TCP server on a fixed loopback port that can go away as a crashed peer does (every connection reset, the
 * listener closed) and listen again on the same port. With `greeting`, it greets each connection and half-closes
 * (FIN) at once, then goes on reading (allowHalfOpen).
 */
export class ComingAndGoingServer implements Disposable {
  readonly connections: PeerConnection[] = [];
  private server: net.Server | undefined;

  constructor(
    readonly port: number,
    private readonly greeting?: string,
  ) {}

  async listen(): Promise<void> {
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      this.connections.push(new PeerConnection(socket));
      if (this.greeting !== undefined) socket.end(this.greeting);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, LOOPBACK, () => resolve());
    });
  }

  /** Waits until it has accepted `count` connections in all. */
  async waitForConnections(count: number, timeoutMs = 5_000): Promise<void> {
    await pollUntil(`server ${this.port} to accept ${count} connections`, () => (this.connections.length >= count ? true : undefined), { timeoutMs });
  }

  /** Gone as a crashed peer is: its connections reset (RST), its port closed. */
  async crash(): Promise<void> {
    for (const { socket } of this.connections) if (!socket.destroyed) socket.resetAndDestroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async dispose(): Promise<void> {
    await this.crash();
  }
}

/** A TCP client that can half-close: after end() it still reads, so a reply to its request can arrive. */
export class HalfClosingClient implements Disposable {
  readonly connection: PeerConnection;
  /** Kept from the connect: a destroyed socket no longer says its port. */
  readonly localPort: number;

  private constructor(socket: net.Socket) {
    this.connection = new PeerConnection(socket);
    this.localPort = socket.localPort ?? 0;
  }

  static async connect(port: number): Promise<HalfClosingClient> {
    const socket = net.connect({ port, host: LOOPBACK, allowHalfOpen: true });
    await withTimeout(
      `TCP connect to ${LOOPBACK}:${port}`,
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      }),
      5_000,
    );
    return new HalfClosingClient(socket);
  }

  /** "127.0.0.1:port", how the app names this client. */
  get address(): string {
    return endpointKey(LOOPBACK, this.localPort);
  }

  /** Sends its request and its FIN: it finished sending, it still reads. */
  finish(request: string): void {
    this.connection.socket.end(request);
  }

  async dispose(): Promise<void> {
    this.connection.socket.destroy();
  }
}
