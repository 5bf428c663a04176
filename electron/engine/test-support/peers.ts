import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { once } from './wait-for';

/** Whether a command-line tool is installed (socat, ncat, python3): interop tests skip, loudly, without it. */
export function hasTool(name: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
  if (!found) console.warn(`[engine tests] ${name} is not installed: its interop tests are skipped`);
  return found;
}

/** A Node UDP peer on loopback that records what it receives. */
export async function udpPeer(type: 'udp4' | 'udp6' = 'udp4'): Promise<{ socket: UdpSocket; port: number; received: Array<{ data: Buffer; port: number; address: string }> }> {
  const socket = createSocket(type);
  const received: Array<{ data: Buffer; port: number; address: string }> = [];
  socket.on('message', (data, rinfo) => received.push({ data, port: rinfo.port, address: rinfo.address }));
  socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1');
  await once(socket, 'listening');
  return { socket, port: socket.address().port, received };
}

/** A Node TCP server on loopback that keeps its accepted sockets and what they received. */
export async function tcpPeerServer(host = '127.0.0.1'): Promise<{ server: Server; port: number; sockets: Socket[]; received: () => Buffer }> {
  const sockets: Socket[] = [];
  const chunks: Buffer[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => chunks.push(chunk));
    sockets.push(socket);
  });
  server.listen(0, host);
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, sockets, received: () => Buffer.concat(chunks) };
}

export function closeServer(server: Server, sockets: Socket[] = []): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port that was just free: bind, read, close. Used to get ECONNREFUSED without guessing numbers. */
export async function closedTcpPort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Spawned helper processes; `killAll` in afterEach so a failing test never leaves a peer running. */
export class Processes {
  private readonly children: ChildProcess[] = [];

  start(command: string, args: readonly string[]): ChildProcess {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.on('error', (error) => console.warn(`[engine tests] ${command} failed to start: ${error.message}`));
    this.children.push(child);
    return child;
  }

  async killAll(): Promise<void> {
    await Promise.all(
      this.children.splice(0).map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 2000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** Resolve with everything the stream printed once `pattern` matches it (e.g. a tool's "listening on" line). */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      stream.off('data', onData);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${pattern} in output: ${JSON.stringify(text.slice(-500))}`));
    }, timeoutMs);
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        stream.off('data', onData);
        resolve(text);
      }
    };
    stream.on('data', onData);
  });
}

/** A UDP port that was just free on `host`. */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.bind(0, host);
  await once(socket, 'listening');
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
