import net from 'node:net';
import { expect } from '@playwright/test';
import { LOOPBACK } from './ports';
import { withTimeout } from './wait';

/** A TCP server on loopback that lets the test write to the connections the app made to it. */
export async function startTalkingServer(): Promise<{ port: number; client: (nth?: number) => Promise<net.Socket>; close: () => Promise<void> }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    sockets.push(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listening TCP server has no port');
  return {
    port: address.port,
    /** The `nth` connection the app made (1-based), once it is there. */
    client: async (nth = 1) => {
      await expect.poll(() => sockets.length, { message: `the app connects to the peer (connection ${nth})` }).toBe(nth);
      return sockets[nth - 1]!;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `data` and waits until the socket has handed it to the system (5 s at most). */
export async function writeAndDrain(socket: net.Socket, data: string | Uint8Array): Promise<void> {
  await withTimeout('a TCP write to flush', new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve()))), 5_000);
}
