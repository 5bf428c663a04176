import { readFile } from 'node:fs/promises';
import { pollUntil } from './wait';

/**
 * What Linux says about one socket of the app (/proc/net/udp, /proc/net/tcp): how much it has not read yet, and
 * what the kernel dropped. Lets a test wait for "the engine has read everything" instead of for time to pass.
 */

/** One UDP socket bound to 127.0.0.1. */
export interface UdpSocketStats {
  /** Bytes (kernel accounting, not payload) waiting in its receive queue: 0 once its owner has read everything. */
  readonly rxQueue: number;
  /** Datagrams the kernel dropped for this socket (a full receive buffer), since it was opened. */
  readonly drops: number;
}

/** /proc/net/{udp,tcp} spell 127.0.0.1:port as "0100007F:XXXX" (IPv4 bytes little-endian, port big-endian hex). */
function loopbackKey(port: number): string {
  return `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The stats of the UDP socket bound to 127.0.0.1:`port`, or undefined when there is none. */
export async function udpSocketStats(port: number): Promise<UdpSocketStats | undefined> {
  const key = loopbackKey(port);
  for (const line of (await readFile('/proc/net/udp', 'utf8')).split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] !== key) continue;
    const rxQueue = Number.parseInt(fields[4]?.split(':')[1] ?? '', 16);
    const drops = Number(fields[fields.length - 1]);
    return { rxQueue, drops };
  }
  return undefined;
}

/**
 * Waits until the socket bound to 127.0.0.1:`port` has an empty receive queue: its owner (the app's engine) has
 * read every datagram sent to it so far. This paces a sender by the reader, not by the clock.
 */
export async function waitForUdpDrained(port: number, timeoutMs = 5_000): Promise<UdpSocketStats> {
  return pollUntil(
    `the UDP socket on 127.0.0.1:${port} to have read its receive queue`,
    async () => {
      const stats = await udpSocketStats(port);
      if (!stats) throw new Error(`no UDP socket is bound to 127.0.0.1:${port}`);
      return stats.rxQueue === 0 ? stats : undefined;
    },
    { timeoutMs, intervalMs: 2 },
  );
}

/** Bytes waiting in the receive queue of the TCP socket 127.0.0.1:`localPort` ⇄ 127.0.0.1:`remotePort`. */
export async function tcpReceiveQueue(localPort: number, remotePort: number): Promise<number | undefined> {
  const [local, remote] = [loopbackKey(localPort), loopbackKey(remotePort)];
  for (const line of (await readFile('/proc/net/tcp', 'utf8')).split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === local && fields[2] === remote) return Number.parseInt(fields[4]?.split(':')[1] ?? '', 16);
  }
  return undefined;
}

/**
 * Waits until the app's end of a TCP connection (its listening port `localPort`, the peer's `remotePort`) has an
 * empty receive queue: the engine has read every byte the peer sent so far.
 */
export async function waitForTcpDrained(localPort: number, remotePort: number, timeoutMs = 5_000): Promise<void> {
  await pollUntil(`the app's TCP socket 127.0.0.1:${localPort} ⇄ :${remotePort} to have read its receive queue`, async () => {
    const queued = await tcpReceiveQueue(localPort, remotePort);
    if (queued === undefined) throw new Error(`no TCP connection 127.0.0.1:${localPort} ⇄ 127.0.0.1:${remotePort}`);
    return queued === 0 ? true : undefined;
  }, { timeoutMs, intervalMs: 5 });
}
