import { createHash, type Hash } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { closeServer } from './peers';
import { once } from './wait-for';

/** A TCP peer that counts (and hashes) what it receives instead of keeping it: files of 64 MiB pass through. */
export interface CountingPeer {
  readonly server: Server;
  readonly port: number;
  readonly sockets: Socket[];
  /** Bytes received on all connections so far. */
  readonly bytes: () => number;
  /** SHA-256 of everything received so far, in order (one connection at a time is what the tests use). */
  readonly digest: () => string;
  readonly close: () => Promise<void>;
}

/**
 * Listens on loopback; each accepted connection is read at full speed unless `paused` (then the test resumes it:
 * a peer that never reads until told). Every socket has an error listener: a reset is expected here.
 */
export async function countingPeer(options: { paused?: boolean } = {}): Promise<CountingPeer> {
  let bytes = 0;
  const hash: Hash = createHash('sha256');
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    if (options.paused) socket.pause();
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    sockets.push(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    sockets,
    bytes: () => bytes,
    digest: () => hash.copy().digest('hex'),
    close: () => closeServer(server, sockets),
  };
}

/** `read()` once it has not changed for `quietMs` (bytes still in flight have arrived by then), within `timeoutMs`. */
export async function settledValue(read: () => number, what: string, quietMs = 300, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  let changedAt = Date.now();
  while (Date.now() - changedAt < quietMs) {
    if (Date.now() > deadline) throw new Error(`${what} still changing after ${timeoutMs} ms (now ${read()})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (read() !== value) {
      value = read();
      changedAt = Date.now();
    }
  }
  return value;
}
