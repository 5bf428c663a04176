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

  static async start(host: typeof LOOPBACK | '::1' = LOOPBACK): Promise<UdpPeer> {
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

  async dispose(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

/** A TCP client socket that records what it receives and whether the other side ended or closed it. */
export class TcpClientPeer implements Disposable {
  private readonly chunks: Buffer[] = [];
  private closed = false;
  private ended = false;
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    socket.on('end', () => (this.ended = true));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
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

  get localPort(): number {
    return this.socket.localPort ?? 0;
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

  write(data: string | Uint8Array): void {
    this.socket.write(data);
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
