import { readFile } from 'node:fs/promises';
import { freePort, LOOPBACK, waitForTcpListening } from './ports';
import { ToolProcess } from './tool-process';
import { pollUntil } from './wait';

/**
 * Real third-party peers (DESIGN §6: interop with socat and ncat), always on loopback, on ports picked by the OS.
 * Each start* function waits, bounded, until the peer is ready, and registers it with `track` for teardown.
 */
export type Track = (process: ToolProcess) => void;

export interface EchoPeer {
  readonly host: string;
  readonly port: number;
  readonly process: ToolProcess;
}

export interface ClientPeer {
  /** The client's own port (its source port), so a test can find it in the server's client list. */
  readonly localPort: number;
  readonly process: ToolProcess;
}

/**
 * socat answering every UDP datagram with the same bytes, from the port it listens on. `fork` gives every
 * datagram its own `cat`; `-T` ends idle children.
 */
export async function startSocatUdpEcho(track: Track): Promise<EchoPeer> {
  const port = await freePort('udp');
  const process = new ToolProcess('socat', ['-T5', `UDP4-RECVFROM:${port},bind=${LOOPBACK},reuseaddr,fork`, 'EXEC:cat']);
  track(process);
  await waitForUdpBound(port, process);
  return { host: LOOPBACK, port, process };
}

/** ncat echoing every byte back on every connection it accepts (`-k`: keep listening). */
export async function startNcatTcpEcho(track: Track): Promise<EchoPeer> {
  const port = await freePort('tcp');
  const process = new ToolProcess('ncat', ['-l', '-k', LOOPBACK, String(port), '-e', '/bin/cat']);
  track(process);
  await waitForTcpListening(port).catch((error: unknown) => {
    process.assertRunning();
    throw error;
  });
  return { host: LOOPBACK, port, process };
}

/**
 * ncat that, on every connection, writes `greeting` and closes at once (like an SMTP server that refuses
 * service). The readiness probe also gets greeted; that is harmless.
 */
export async function startNcatGreeter(track: Track, greeting: string): Promise<EchoPeer> {
  const port = await freePort('tcp');
  const process = new ToolProcess('ncat', ['-l', '-k', LOOPBACK, String(port), '--sh-exec', `printf '%s' '${greeting.replace(/'/g, '')}'`]);
  track(process);
  await waitForTcpListening(port).catch((error: unknown) => {
    process.assertRunning();
    throw error;
  });
  return { host: LOOPBACK, port, process };
}

/**
 * An ncat TCP client from a known source port; what the server sends lands in `process.stdout`, and
 * `process.write` sends. ncat 7.x keeps running after the server closes while its stdin is open, so tests that
 * need "the client saw the close" use a socat or Node client instead.
 */
export async function startNcatClient(track: Track, serverPort: number): Promise<ClientPeer> {
  const localPort = await freePort('tcp');
  const process = new ToolProcess('ncat', ['-p', String(localPort), LOOPBACK, String(serverPort)]);
  track(process);
  return { localPort, process };
}

/** A socat TCP client from a known source port; it exits shortly after the server closes the connection. */
export async function startSocatClient(track: Track, serverPort: number): Promise<ClientPeer> {
  const localPort = await freePort('tcp');
  const process = new ToolProcess('socat', ['STDIO', `TCP4:${LOOPBACK}:${serverPort},bind=${LOOPBACK}:${localPort},reuseaddr`]);
  track(process);
  return { localPort, process };
}

/** Linux: waits until /proc/net/udp lists a socket bound to `port` (no probe traffic needed). */
async function waitForUdpBound(port: number, process: ToolProcess): Promise<void> {
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  await pollUntil(`UDP port ${port} to be bound by ${process.label}`, async () => {
    process.assertRunning();
    const table = await readFile('/proc/net/udp', 'utf8');
    return table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hexPort.trim())) ? true : undefined;
  });
}
