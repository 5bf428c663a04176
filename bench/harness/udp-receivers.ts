import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { processCpuMs, udpQueueDrained, udpSocketStats } from './proc-net';
import { pollUntil, settled, sleep } from './wait';

/** A receiver under test: where to send, how many it counted (if it can count), how to stop it. */
export interface UdpReceiver {
  readonly port: number;
  /** Datagrams the receiver itself counted; undefined for one that cannot count (socat). */
  counted(): number | undefined;
  /**
   * CPU the receiving process has used so far (user + system), ms. Per datagram it is the receiver's cost on a
   * shared machine: unlike its rate, it hardly moves when other work takes the cores.
   */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

/** CPU this process has used so far, ms (the bare loop and the engine receive in the bench's own process). */
export async function ownCpuMs(): Promise<number> {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** The bare baseline: a Node dgram socket whose 'message' handler only counts. */
export async function bareNodeReceiver(): Promise<UdpReceiver> {
  const socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => {
    count++;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    counted: () => count,
    cpuMs: ownCpuMs,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** A port that was free a moment ago (for a tool that cannot bind port 0 and tell us). */
export async function freeUdpPort(): Promise<number> {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const port = probe.address().port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** socat reading datagrams into /dev/null: it cannot count, so delivered = sent − the socket's kernel drops. */
export async function socatReceiver(): Promise<UdpReceiver> {
  const port = await freeUdpPort();
  const child = spawn('socat', ['-u', `UDP-RECV:${port},bind=127.0.0.1`, 'OPEN:/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await pollUntil(`socat to bind UDP ${port} (${stderr})`, async () => ((await udpSocketStats(port)) ? true : undefined), 5_000);
  return {
    port,
    counted: () => undefined,
    // socat's own process: clock ticks of 10 ms, fine over a flood of a second or more.
    cpuMs: () => processCpuMs(child.pid ?? -1),
    close: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(2_000)]);
    },
  };
}

/** After the sender stopped: wait until the socket's receive queue is empty and its count no longer moves. */
export async function drained(port: number, counted: () => number | undefined): Promise<{ drops: number }> {
  await udpQueueDrained(port);
  await settled(() => counted() ?? 0, 60, 5_000);
  const stats = await udpSocketStats(port);
  return { drops: stats?.drops ?? Number.NaN };
}
