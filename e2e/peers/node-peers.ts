import dgram from 'node:dgram';
import net from 'node:net';
import { LOOPBACK } from './ports';
import { pollUntil, withTimeout } from './wait';

/** Peers written with Node sockets, for cases where a test must see exactly what arrived and from where. */

export interface Disposable {
  dispose(): Promise<void>;
}

export interface Datagram {
  readonly data: Buffer;
  readonly from: string;
}

/** "127.0.0.1:9" or "[::1]:9", the spelling of shared/contract/endpoint.ts. */
export function endpointKey(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A UDP socket on loopback (127.0.0.1 or ::1) with an OS-picked port that records every datagram it receives. */
export class UdpPeer implements Disposable {
  readonly received: Datagram[] = [];
  private constructor(
    private readonly socket: dgram.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    socket.on('message', (data, rinfo) => this.received.push({ data, from: endpointKey(rinfo.address, rinfo.port) }));
  }

  /** '127.255.255.255': loopback's broadcast address, which gets what is broadcast on loopback to its port. */
  static async start(host: typeof LOOPBACK | '::1' | '127.255.255.255' = LOOPBACK): Promise<UdpPeer> {
    const socket = dgram.createSocket(host === '::1' ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => resolve());
    });
    return new UdpPeer(socket, host, socket.address().port);
  }

  /** How the app names this peer: "127.0.0.1:port" or "[::1]:port". */
  get address(): string {
    return endpointKey(this.host, this.port);
  }

  /** Sends to the app's port on the same loopback address. */
  async send(data: string | Uint8Array, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => this.socket.send(data, port, this.host, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * Sends `count` datagrams of `payload` to `port` at `perSecond`, paced by the clock: every few milliseconds it sends
   * what is due by now (datagram i is due at i / perSecond s), so a late timer is caught up at once and the average
   * stays on pace. Bounded twice: `count` datagrams, and it gives up `count / perSecond` s + 2 s after it started.
   * Returns at once; `done` says how many went out and in what time.
   */
  sendPaced(port: number, { payload, perSecond, count }: { payload: Uint8Array; perSecond: number; count: number }): PacedSend {
    const started = performance.now();
    const deadline = started + (count / perSecond) * 1000 + 2_000;
    let sent = 0;
    const done = (async (): Promise<PacedSendResult> => {
      while (sent < count && performance.now() < deadline) {
        const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * perSecond) + 1);
        while (sent < due) {
          await this.send(payload, port);
          sent++;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return { sent, elapsedMs: performance.now() - started };
    })();
    return { done, sent: () => sent };
  }

  async dispose(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

export interface PacedSendResult {
  readonly sent: number;
  readonly elapsedMs: number;
}

export interface PacedSend {
  readonly done: Promise<PacedSendResult>;
  /** Datagrams sent so far. */
  sent(): number;
}

/** A TCP client socket that records what it receives and whether the other side ended or closed it. */
export class TcpClientPeer implements Disposable {
  private readonly chunks: Buffer[] = [];
  private closed = false;
  private ended = false;
  private errorCode: string | undefined;
  /** Kept from the connect: a destroyed socket no longer says its port. */
  readonly localPort: number;
  private constructor(private readonly socket: net.Socket) {
    this.localPort = socket.localPort ?? 0;
    socket.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    socket.on('end', () => (this.ended = true));
    socket.on('close', () => (this.closed = true));
    socket.on('error', (error: NodeJS.ErrnoException) => (this.errorCode ??= error.code ?? error.message));
  }

  static async connect(port: number): Promise<TcpClientPeer> {
    const socket = net.connect({ port, host: LOOPBACK });
    await withTimeout(
      `TCP connect to ${LOOPBACK}:${port}`,
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      }),
      5_000,
    );
    return new TcpClientPeer(socket);
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The other side sent its FIN ('end'): it will send nothing more. */
  get sawEnd(): boolean {
    return this.ended;
  }

  /** The socket error it saw, if any (ECONNRESET when the other side reset the connection). */
  get error(): string | undefined {
    return this.errorCode;
  }

  /** "127.0.0.1:port", how the app names this client. */
  get address(): string {
    return endpointKey(LOOPBACK, this.localPort);
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Stops reading: the kernel's buffers fill, and what the server sends it waits in the server's queue. */
  pause(): void {
    this.socket.pause();
  }

  /** Hangs up politely: sends its FIN (and the server's FIN closes the socket). */
  end(): void {
    this.socket.end();
  }

  /** Hangs up rudely: an RST (SO_LINGER 0), no FIN. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  async waitForClose(timeoutMs = 5_000): Promise<void> {
    await pollUntil(`TCP client ${this.localPort} to be closed by the server`, () => (this.closed ? true : undefined), { timeoutMs });
  }

  async dispose(): Promise<void> {
    this.socket.destroy();
  }
}

/**
 * A TCP server on loopback that records every byte its clients send. `stall()` stops reading, so the kernel
 * buffers fill and a sender backs up (a slow receiver); `resume()` reads again.
 */
export class TcpSinkServer implements Disposable {
  private readonly chunks: Buffer[] = [];
  private readonly sockets = new Set<net.Socket>();
  private isStalled = false;
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      if (this.isStalled) socket.pause();
      socket.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    });
  }

  static async start(): Promise<TcpSinkServer> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('listening TCP server has no port');
    return new TcpSinkServer(server, address.port);
  }

  get host(): string {
    return LOOPBACK;
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get receivedBytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  /** Connections it holds now. */
  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Waits until it holds `count` connections. */
  async waitForConnections(count: number, timeoutMs = 5_000): Promise<void> {
    await pollUntil(`TCP sink ${this.port} to hold ${count} connections`, () => (this.sockets.size >= count ? true : undefined), { timeoutMs });
  }

  /** Hangs up on every client politely: a FIN each. */
  endAll(): void {
    for (const socket of this.sockets) socket.end();
  }

  /** Hangs up on every client rudely: an RST each (SO_LINGER 0), no FIN. */
  resetAll(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  stall(): void {
    this.isStalled = true;
    for (const socket of this.sockets) socket.pause();
  }

  resume(): void {
    this.isStalled = false;
    for (const socket of this.sockets) socket.resume();
  }

  async dispose(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Holds a port so the app's attempt to bind it fails with EADDRINUSE. */
export class PortHolder implements Disposable {
  private constructor(
    readonly port: number,
    private readonly close: () => Promise<void>,
  ) {}

  static async tcp(): Promise<PortHolder> {
    const server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, LOOPBACK, () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('listening TCP server has no port');
    return new PortHolder(address.port, () => new Promise((resolve) => server.close(() => resolve())));
  }

  static async udp(): Promise<PortHolder> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, LOOPBACK, () => resolve());
    });
    return new PortHolder(socket.address().port, () => new Promise((resolve) => socket.close(() => resolve())));
  }

  async dispose(): Promise<void> {
    await this.close();
  }
}
