import dgram from 'node:dgram';
import net from 'node:net';
import { pollUntil } from './wait';

/** The suite only ever talks to loopback. */
export const LOOPBACK = '127.0.0.1';

/**
 * A port that was free a moment ago: the OS picks it for a throw-away socket, which is closed again.
 * Tools that cannot report the port they bound (socat, ncat) get one of these.
 */
export async function freePort(kind: 'tcp' | 'udp', host = LOOPBACK): Promise<number> {
  if (kind === 'udp') {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => resolve());
    });
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    return port;
  }
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('listening TCP server has no port');
  return address.port;
}

/** Resolves once something accepts TCP connections on host:port (a connect that is closed at once). */
export async function waitForTcpListening(port: number, host = LOOPBACK, timeoutMs = 5_000): Promise<void> {
  await pollUntil(
    `TCP ${host}:${port} to accept connections`,
    () =>
      new Promise<true | undefined>((resolve) => {
        const socket = net.connect({ port, host });
        socket.setTimeout(500);
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolve(undefined);
        });
        socket.once('error', () => resolve(undefined));
      }),
    { timeoutMs, intervalMs: 50 },
  );
}
