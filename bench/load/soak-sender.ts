/**
 * The load generator's B10 soak job (`soak-paced`): several UDP streams and one TCP line stream at the same message
 * rate from one pacing loop, for up to LOAD_LIMITS.maxSoakDurationMs. node:* only, loopback only, like the rest of
 * the load generator.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { takeSenderPriority } from './sender-priority';
import { LOAD_LIMITS, type LoadRequest, type SoakPacedReply } from './protocol';

type SoakRequest = Extract<LoadRequest, { kind: 'soak-paced' }>;

const LOOPBACK = new Set(['127.0.0.1', '::1']);
/** A tick later than this after the one before counts as a stall of the sender. */
const STALL_MS = 20;
/** Stalls kept for the reply (the longest); all are counted. */
const STALLS_KEPT = 200;

function check(req: SoakRequest): void {
  if (!LOOPBACK.has(req.host)) throw new Error(`load generator: ${req.host} is not loopback`);
  const targets = req.udpTargets.length + (req.tcpTarget ? 1 : 0);
  if (!(targets > 0 && targets <= LOAD_LIMITS.maxTargets)) throw new Error(`load generator: ${targets} targets out of bounds`);
  if (!(req.durationMs > 0 && req.durationMs <= LOAD_LIMITS.maxSoakDurationMs)) throw new Error(`load generator: soak of ${req.durationMs} ms out of bounds`);
  const count = Math.ceil((req.ratePerTarget * req.durationMs) / 1000) * targets;
  if (!(count > 0 && count <= LOAD_LIMITS.maxSoakCount)) throw new Error(`load generator: soak of ${count} messages out of bounds`);
  if (!(req.size >= 2 && req.size <= 1472)) throw new Error(`load generator: size ${req.size} out of bounds`);
}

/** A connected UDP socket that counts (and drops) what comes back to it. */
async function countingUdp(host: string, port: number, onReply: () => void): Promise<UdpSocket> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('error', () => undefined); // ECONNREFUSED once the receiver is gone: ignore
  socket.on('message', onReply);
  await new Promise<void>((resolve) => socket.connect(port, host, () => resolve()));
  return socket;
}

async function tcpTo(host: string, port: number): Promise<Socket> {
  const socket = connect({ host, port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  return socket;
}

/** Ends the connection once Node has handed every written byte to the kernel (bounded: 60 s). */
async function finish(socket: Socket): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    socket.end(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
}

/** The fewest messages sent in any window (t_i, t_i + 1 s] inside the run; `marks` is [t, total] pairs. */
function worstWindow(marks: readonly number[], elapsedMs: number, total: number): number {
  let worst = Number.POSITIVE_INFINITY;
  for (let i = 0, j = 0; i < marks.length; i += 2) {
    const from = marks[i]!;
    if (from + 1000 > elapsedMs) break;
    if (j < i) j = i;
    while (j + 2 < marks.length && marks[j + 2]! <= from + 1000) j += 2;
    worst = Math.min(worst, marks[j + 1]! - marks[i + 1]!);
  }
  return Number.isFinite(worst) ? worst : total / (elapsedMs / 1000);
}

export async function soakPaced(req: SoakRequest): Promise<SoakPacedReply> {
  check(req);
  const udpReplies = req.udpTargets.map(() => 0);
  const udp = await Promise.all(req.udpTargets.map((t, i) => countingUdp(req.host, t.port, () => udpReplies[i]!++)));
  const udpSourcePorts = udp.map((socket) => socket.address().port);
  const payloads = req.udpTargets.map((t) => Buffer.alloc(req.size, t.fill & 0xff));
  const tcp = req.tcpTarget ? await tcpTo(req.host, req.tcpTarget.port) : undefined;
  // One block of whole lines, written in slices: its content never changes, so Node may hold it while queued.
  const linesPerBlock = Math.max(1, Math.ceil(req.ratePerTarget / 50));
  const block = Buffer.alloc(linesPerBlock * req.size, (req.tcpTarget?.fill ?? 0x41) & 0xff);
  for (let i = req.size - 1; i < block.length; i += req.size) block[i] = 0x0a;

  const priority = takeSenderPriority(req.nice);
  const targets = udp.length + (tcp ? 1 : 0);
  const count = Math.floor((req.ratePerTarget * req.durationMs) / 1000);
  let each = 0; // messages sent to every target so far (one schedule for all)
  let tcpMaxQueuedBytes = 0;
  const marks: number[] = [];
  const stalls: { atMs: number; gapMs: number }[] = [];
  let stallCount = 0;
  let ticks = 0;
  let maxTickGapMs = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + req.durationMs;
  let lastTick = start;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      ticks++;
      const gap = now - lastTick;
      maxTickGapMs = Math.max(maxTickGapMs, gap);
      if (gap > STALL_MS) {
        stallCount++;
        stalls.push({ atMs: Math.round(lastTick - start), gapMs: Math.round(gap) });
        if (stalls.length > STALLS_KEPT * 2) stalls.sort((a, b) => b.gapMs - a.gapMs).splice(STALLS_KEPT);
      }
      lastTick = now;
      const due = Math.min(count, Math.floor(((Math.min(now, end) - start) / 1000) * req.ratePerTarget));
      if (tcp) {
        for (let left = due - each; left > 0; left -= linesPerBlock) tcp.write(block.subarray(0, Math.min(left, linesPerBlock) * req.size));
        tcpMaxQueuedBytes = Math.max(tcpMaxQueuedBytes, tcp.writableLength);
      }
      for (; each < due; each++) for (let i = 0; i < udp.length; i++) udp[i]!.send(payloads[i]!);
      marks.push(now - start, each * targets);
      if (each < count && now < end) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  priority.restore();
  if (tcp) await finish(tcp);
  // Replies still on their way to the UDP sockets.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await Promise.all(udp.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
  return {
    kind: 'soak-paced',
    udpSent: udp.map(() => each),
    udpSourcePorts,
    udpReplies,
    tcpLines: tcp ? each : 0,
    tcpMaxQueuedBytes,
    elapsedMs,
    worstWindowPerSec: worstWindow(marks, elapsedMs, each * targets),
    ticks,
    maxTickGapMs,
    stalls: stalls.sort((a, b) => b.gapMs - a.gapMs).slice(0, STALLS_KEPT).sort((a, b) => a.atMs - b.atMs),
    stallCount,
    cpuMs: (cpu.user + cpu.system) / 1000,
    nice: priority.nice,
    ...(priority.niceError === undefined ? {} : { niceError: priority.niceError }),
  };
}
