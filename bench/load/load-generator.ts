/**
 * The load generator: a separate Node process (forked by bench/harness/load-process.ts) so that senders and the
 * receiver under test never share an event loop. It only uses node:* and answers one request at a time over the
 * IPC channel. Every job is bounded in count AND time, and every target must be loopback (127.0.0.1 / ::1).
 */
import { createHash, type Hash } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { takeSenderPriority } from './sender-priority';
import type { LoadReply, LoadRequest, TcpBlastReply, TcpClientsReply, TcpSinkReply, UdpFloodReply, UdpPacedMultiReply, UdpPacedReply } from './protocol';
import { LOAD_LIMITS } from './protocol';
import { soakPaced } from './soak-sender';

const LOOPBACK = new Set(['127.0.0.1', '::1']);

function assertBounded(host: string, durationMs: number, count: number): void {
  if (!LOOPBACK.has(host)) throw new Error(`load generator: ${host} is not loopback`);
  if (!(durationMs > 0 && durationMs <= LOAD_LIMITS.maxDurationMs)) throw new Error(`load generator: duration ${durationMs} ms out of bounds`);
  if (!(count > 0 && count <= LOAD_LIMITS.maxCount)) throw new Error(`load generator: count ${count} out of bounds`);
}

function connectedUdp(host: string, port: number): Promise<UdpSocket> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('error', () => undefined); // ECONNREFUSED on a connected socket when the receiver is gone: ignore
  return new Promise((resolve) => socket.connect(port, host, () => resolve(socket)));
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}

/** As fast as one core can: bursts of sends without callbacks on a connected socket, yielding between bursts. */
async function udpFlood(req: Extract<LoadRequest, { kind: 'udp-flood' }>): Promise<UdpFloodReply> {
  assertBounded(req.host, req.durationMs, req.count);
  const socket = await connectedUdp(req.host, req.port);
  const payload = Buffer.alloc(req.size, 0x61);
  let sent = 0;
  const start = performance.now();
  const end = start + req.durationMs;
  await new Promise<void>((resolve) => {
    const burst = (): void => {
      const n = Math.min(256, req.count - sent);
      for (let i = 0; i < n; i++) socket.send(payload);
      sent += n;
      if (sent < req.count && performance.now() < end) setImmediate(burst);
      else resolve();
    };
    burst();
  });
  const elapsedMs = performance.now() - start;
  await closeUdp(socket); // close() flushes Node's send queue first
  return { kind: 'udp-flood', sent, elapsedMs };
}

/**
 * A steady rate: every tick (1 ms) sends what the schedule says is due, so the achieved rate tracks the target
 * even when a tick is late. Reports the achieved rate and the worst 1 s window.
 */
async function udpPaced(req: Extract<LoadRequest, { kind: 'udp-paced' }>): Promise<UdpPacedReply> {
  assertBounded(req.host, req.durationMs, req.count);
  const socket = await connectedUdp(req.host, req.port);
  const payload = Buffer.alloc(req.size, 0x62);
  let sent = 0;
  const start = performance.now();
  const end = start + req.durationMs;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(req.count, Math.floor(((Math.min(now, end) - start) / 1000) * req.ratePerSec));
      for (; sent < due; sent++) socket.send(payload);
      if (sent < req.count && now < end) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const elapsedMs = performance.now() - start;
  await closeUdp(socket);
  return { kind: 'udp-paced', sent, elapsedMs };
}

/**
 * Many paced streams from one tick loop (B9: 8 targets × 10k dgram/s). Each tick sends what the schedule says is
 * due to every target, interleaved one datagram per target at a time, so every target's stream is as smooth as
 * the others' and a late tick catches up on all of them alike. Reports what was really offered: per-target
 * counts, the worst 1 s window of all targets together, the longest gap between ticks and the CPU it took.
 */
async function udpPacedMulti(req: Extract<LoadRequest, { kind: 'udp-paced-multi' }>): Promise<UdpPacedMultiReply> {
  const targets = req.targets.length;
  if (!(targets > 0 && targets <= LOAD_LIMITS.maxTargets)) throw new Error(`load generator: ${targets} targets out of bounds`);
  assertBounded(req.host, req.durationMs, req.countPerTarget * targets);
  const sockets = await Promise.all(req.targets.map((t) => connectedUdp(req.host, t.port)));
  const payloads = req.targets.map((t) => Buffer.alloc(req.size, t.fill & 0xff));
  const sourcePorts = sockets.map((s) => s.address().port);
  const priority = takeSenderPriority(req.nice);
  let each = 0; // datagrams sent to every target so far (all targets share one schedule)
  const marks: number[] = []; // [t, total sent] after each tick, for the worst-window figure
  let ticks = 0;
  let maxTickGapMs = 0;
  const stalls: { atMs: number; gapMs: number }[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + req.durationMs;
  let lastTick = start;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      ticks++;
      maxTickGapMs = Math.max(maxTickGapMs, now - lastTick);
      if (now - lastTick > 20 && stalls.length < 200) stalls.push({ atMs: Math.round(lastTick - start), gapMs: Math.round(now - lastTick) });
      lastTick = now;
      const due = Math.min(req.countPerTarget, Math.floor(((Math.min(now, end) - start) / 1000) * req.ratePerTarget));
      for (; each < due; each++) for (let i = 0; i < targets; i++) sockets[i]!.send(payloads[i]!);
      marks.push(now - start, each * targets);
      if (each < req.countPerTarget && now < end) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  priority.restore();
  await Promise.all(sockets.map(closeUdp));
  // The fewest sent in any window (t_i, t_i + 1 s] that lies inside the run.
  let worst = Number.POSITIVE_INFINITY;
  for (let i = 0, j = 0; i < marks.length; i += 2) {
    const from = marks[i]!;
    if (from + 1000 > elapsedMs) break;
    if (j < i) j = i;
    while (j + 2 < marks.length && marks[j + 2]! <= from + 1000) j += 2;
    worst = Math.min(worst, marks[j + 1]! - marks[i + 1]!);
  }
  const total = each * targets;
  return {
    kind: 'udp-paced-multi',
    sent: req.targets.map(() => each),
    sourcePorts,
    elapsedMs,
    worstWindowPerSec: Number.isFinite(worst) ? worst : total / (elapsedMs / 1000),
    ticks,
    maxTickGapMs,
    stalls,
    cpuMs: (cpu.user + cpu.system) / 1000,
    nice: priority.nice,
    ...(priority.niceError === undefined ? {} : { niceError: priority.niceError }),
  };
}

/** N concurrent TCP clients: connect all at once, each writes one message and keeps the connection open. */
async function tcpClients(req: Extract<LoadRequest, { kind: 'tcp-clients' }>): Promise<TcpClientsReply> {
  assertBounded(req.host, req.timeoutMs, req.clients);
  const sockets: Socket[] = [];
  const start = performance.now();
  let connected = 0;
  let failed = 0;
  let lastConnectMs = 0;
  const message = Buffer.from(req.message, 'latin1');
  await new Promise<void>((resolve) => {
    let settled = 0;
    const timer = setTimeout(resolve, req.timeoutMs);
    const done = (): void => {
      if (++settled === req.clients) {
        clearTimeout(timer);
        resolve();
      }
    };
    for (let i = 0; i < req.clients; i++) {
      const socket = connect({ host: req.host, port: req.port });
      sockets.push(socket);
      socket.once('connect', () => {
        connected++;
        lastConnectMs = performance.now() - start;
        socket.write(message);
        done();
      });
      socket.once('error', () => {
        failed++;
        done();
      });
    }
  });
  const reply: TcpClientsReply = { kind: 'tcp-clients', connected, failed, lastConnectMs };
  // Keep them open until told to hang up (the receiver counts while they are connected).
  heldSockets = sockets;
  return reply;
}

let heldSockets: Socket[] = [];

function hangUp(): LoadReply {
  for (const socket of heldSockets) socket.destroy();
  const n = heldSockets.length;
  heldSockets = [];
  return { kind: 'hung-up', sockets: n };
}

/** One TCP connection writing `totalBytes` in `chunkBytes` writes, honouring backpressure. */
async function tcpBlast(req: Extract<LoadRequest, { kind: 'tcp-blast' }>): Promise<TcpBlastReply> {
  assertBounded(req.host, req.timeoutMs, Math.ceil(req.totalBytes / req.chunkBytes));
  const chunk = Buffer.alloc(req.chunkBytes, 0x63);
  const socket = connect({ host: req.host, port: req.port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const start = performance.now();
  let written = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('tcp-blast timed out')), req.timeoutMs);
    socket.once('error', reject);
    const pump = (): void => {
      while (written < req.totalBytes) {
        const n = Math.min(req.chunkBytes, req.totalBytes - written);
        written += n;
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end(() => {
        clearTimeout(timer);
        resolve();
      });
    };
    pump();
  });
  const elapsedMs = performance.now() - start;
  socket.destroy();
  return { kind: 'tcp-blast', written, elapsedMs };
}

let sink: { server: Server; sockets: Set<Socket>; reply: TcpSinkReply; timer: NodeJS.Timeout; hash?: Hash } | undefined;

async function tcpSinkStart(host: string, withHash: boolean): Promise<TcpSinkReply> {
  if (!LOOPBACK.has(host)) throw new Error(`load generator: ${host} is not loopback`);
  if (sink) throw new Error('a tcp sink is already running');
  const reply: TcpSinkReply = { kind: 'tcp-sink', port: 0, bytes: 0, firstAt: 0, lastAt: 0 };
  const sockets = new Set<Socket>();
  const hash = withHash ? createHash('sha256') : undefined;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      const now = performance.timeOrigin + performance.now();
      if (reply.bytes === 0) reply.firstAt = now;
      reply.lastAt = now;
      reply.bytes += chunk.length;
      hash?.update(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen({ host, port: 0, backlog: 64 }, resolve));
  reply.port = (server.address() as { port: number }).port;
  const timer = setTimeout(() => void tcpSinkStop(), LOAD_LIMITS.maxDurationMs * 2);
  sink = { server, sockets, reply, timer, ...(hash ? { hash } : {}) };
  return { ...reply };
}

async function tcpSinkStop(): Promise<TcpSinkReply> {
  if (!sink) throw new Error('no tcp sink is running');
  const { server, sockets, reply, timer, hash } = sink;
  sink = undefined;
  clearTimeout(timer);
  server.close();
  for (const socket of sockets) socket.destroy();
  return hash ? { ...reply, sha256: hash.digest('hex') } : reply;
}

async function handle(req: LoadRequest): Promise<LoadReply> {
  switch (req.kind) {
    case 'udp-flood':
      return udpFlood(req);
    case 'udp-paced':
      return udpPaced(req);
    case 'udp-paced-multi':
      return udpPacedMulti(req);
    case 'soak-paced':
      return soakPaced(req);
    case 'tcp-clients':
      return tcpClients(req);
    case 'tcp-blast':
      return tcpBlast(req);
    case 'hang-up':
      return hangUp();
    case 'tcp-sink-start':
      return tcpSinkStart(req.host, req.hash === true);
    case 'tcp-sink-stop':
      return tcpSinkStop();
  }
}

process.on('message', (message: { id: number; req: LoadRequest }) => {
  handle(message.req).then(
    (reply) => process.send?.({ id: message.id, reply }),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The parent is gone: stop sending at once.
process.on('disconnect', () => process.exit(0));
