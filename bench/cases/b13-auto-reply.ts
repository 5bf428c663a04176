import { createSocket } from 'node:dgram';
import { Worker } from 'node:worker_threads';
import { readTrafficBatch, type AutoReplyConfig, type CommandArgs, type CommandName, type CommandResult, type EventName, type EventPayloads } from '@shared';
import { Engine } from '../../electron/engine/engine';
import { type BenchCase, type Row, interleave, judge } from '../harness/case';
import { udpDropsOf } from '../harness/proc-net';
import { median } from '../harness/stats';
import { nextWorkerMessage } from '../harness/worker-message';

/**
 * B13 (issue 10): 自动应答 echo at 20 000 requests/s of 64 B over UDP.
 *
 * A paced sender in a worker thread (its own event loop: the sender never shares the echoer's) sends N datagrams of
 * 64 B at 20 000/s from one loopback socket connected to the echoer (every 1 ms tick sends what the schedule says is
 * due) and counts the replies that come back to that socket (its receive buffer raised to 4 MiB: the measuring end
 * should not be where replies are lost; the echoers keep the system default, as the app's sockets do). Two echoers, interleaved:
 * - engine: a real Engine (its sink reads every traffic batch columnar and acks it) with a UDP session whose one
 *   rule is the echo preset (match any → echo to the sender), loop guard far above the rate;
 * - bare: a Node dgram socket whose 'message' handler sends the datagram back.
 * Socket drops (the kernel's, for a full receive buffer) are read from /proc/net/udp for both sockets of each run:
 * replies must equal requests − drops (nothing lost inside the echoer). Throughput = replies / (first send → last
 * reply); the target is ≥ 0.8× the bare loop measured in the same run.
 */

const SIZE = 64;
const RATE = 20_000;

const SENDER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
let replies = 0;
let lastReplyAt = 0;
socket.on('message', () => { replies++; lastReplyAt = performance.now(); });
socket.bind(0, '127.0.0.1', () => {
  // The measuring end keeps what comes back even while its loop is busy sending (rmem_max permitting).
  try { socket.setRecvBufferSize(4 * 1024 * 1024); } catch {}
  parentPort.postMessage({ kind: 'port', port: socket.address().port });
});
parentPort.on('message', async (m) => {
  if (m.kind === 'go') {
    replies = 0;
    // Connected: no address lookup per send, and only the echoer's datagrams come in.
    await new Promise((resolve) => socket.connect(m.port, '127.0.0.1', resolve));
    const payload = Buffer.alloc(${SIZE}, 0x61);
    let sent = 0;
    const start = performance.now();
    const end = start + m.durationMs;
    await new Promise((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(m.count, Math.floor(((Math.min(now, end) - start) / 1000) * m.rate) + 1);
        for (; sent < due; sent++) socket.send(payload);
        if (sent < m.count && now < end) setTimeout(tick, 1);
        else resolve();
      };
      tick();
    });
    const sendMs = performance.now() - start;
    // Replies still on their way: wait until none came for 300 ms (at most 5 s).
    const quietUntil = () => new Promise((resolve) => {
      const check = () => {
        const now = performance.now();
        if (replies >= sent || now - Math.max(lastReplyAt, start + sendMs) >= 300 || now - start - sendMs > 5000) resolve();
        else setTimeout(check, 20);
      };
      check();
    });
    await quietUntil();
    parentPort.postMessage({ kind: 'done', sent, replies, sendMs, replyMs: lastReplyAt - start });
  } else if (m.kind === 'stop') {
    socket.close(() => parentPort.postMessage({ kind: 'stopped' }));
  }
});
`;

interface SenderDone {
  readonly sent: number;
  readonly replies: number;
  readonly sendMs: number;
  /** First send → last reply. */
  readonly replyMs: number;
}

interface EchoRun {
  readonly sent: number;
  readonly replies: number;
  /** Requests the echoer's socket dropped + replies the sender's socket dropped (/proc/net/udp). */
  readonly drops: number;
  /** Of `drops`, the echoer's: requests it did not read in time. */
  readonly echoerDrops: number;
  /** replies − (sent − drops): 0 when nothing was lost inside the echoer. */
  readonly lostInside: number;
  readonly repliesPerSec: number;
  readonly offeredPerSec: number;
}

/** The next message of `kind` from the worker (B13 sender). */
function nextMessage<T>(worker: Worker, kind: string, timeoutMs: number): Promise<T> {
  return nextWorkerMessage<T>(worker, kind, timeoutMs, 'B13 sender');
}

/** An echoer under test: the port it listens on, and how to stop it. */
interface Echoer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * An Engine whose sink reads each traffic batch as the renderer's columnar log does (readTrafficBatch, every frame
 * visited, no object per frame) and acks it on a microtask: the page keeps up and the engine's display path runs in
 * full, without the bench's own per-frame objects weighing on the engine's event loop.
 */
class ColumnarHost {
  readonly engine: Engine;
  framesSeen = 0;
  constructor() {
    this.engine = new Engine((name, payload) => this.onEvent(name, payload));
  }
  async must<K extends CommandName>(name: K, args: CommandArgs<K>): Promise<CommandResult<K>> {
    const result = await this.engine.handle(name, args);
    if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
    return result.value;
  }
  private onEvent<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    if (name !== 'traffic.batch') return;
    const batch = payload as EventPayloads['traffic.batch'];
    const read = readTrafficBatch(batch.packed);
    if (!read.ok) throw new Error(`bad batch: ${read.error.message}`);
    read.value.forEachFrame(() => this.framesSeen++);
    queueMicrotask(() => void this.engine.handle('traffic.ack', { sessionId: batch.sessionId, batchSeq: batch.batchSeq }));
  }
}

async function engineEchoer(): Promise<Echoer> {
  const host = new ColumnarHost();
  const autoReply: AutoReplyConfig = {
    enabled: true,
    rules: [{ id: 'echo', name: 'Echo', enabled: true, match: { kind: 'any' }, action: { kind: 'echo' }, target: 'sender', delayMs: 0, then: 'stop' }],
    maxRepliesPerSecond: 1_000_000,
    encoding: 'utf-8',
  };
  const opened = await host.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 }, autoReply });
  // A UDP session opens or fails; only a TCP client that keeps retrying answers without a local endpoint.
  if (!opened.local) throw new Error('B13: the UDP session did not open');
  const port = opened.local.port;
  return {
    port,
    close: async () => {
      await host.must('session.close', { sessionId: opened.sessionId });
      await host.engine.dispose();
    },
  };
}

async function bareEchoer(): Promise<Echoer> {
  const socket = createSocket('udp4');
  socket.on('message', (message, rinfo) => socket.send(message, rinfo.port, rinfo.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

async function echoRun(makeEchoer: () => Promise<Echoer>, count: number, timeoutMs: number): Promise<EchoRun> {
  const worker = new Worker(SENDER_SOURCE, { eval: true });
  worker.on('error', (error) => console.error(`B13 sender: ${error.message}`));
  const echoer = await makeEchoer();
  try {
    const { port: senderPort } = await nextMessage<{ port: number }>(worker, 'port', 5_000);
    const before = await udpDropsOf([echoer.port, senderPort]);
    const doneP = nextMessage<SenderDone>(worker, 'done', timeoutMs);
    worker.postMessage({ kind: 'go', port: echoer.port, rate: RATE, count, durationMs: (count / RATE) * 1000 + 2_000 });
    const done = await doneP;
    const after = await udpDropsOf([echoer.port, senderPort]);
    const drops = after.reduce((sum, value, i) => sum + (value - before[i]!), 0);
    const echoerDrops = after[0]! - before[0]!;
    const stoppedP = nextMessage(worker, 'stopped', 5_000);
    worker.postMessage({ kind: 'stop' });
    await stoppedP;
    return {
      sent: done.sent,
      replies: done.replies,
      drops,
      echoerDrops,
      lostInside: done.sent - drops - done.replies,
      repliesPerSec: done.replies / (done.replyMs / 1000),
      offeredPerSec: done.sent / (done.sendMs / 1000),
    };
  } finally {
    await echoer.close();
    await worker.terminate();
  }
}

export const b13AutoReply: BenchCase = {
  id: 'B13',
  title: 'Auto-reply echo at 20 000 req/s of 64 B over UDP vs a bare Node echo loop',
  async run(ctx) {
    const count = ctx.smoke ? 4_000 : 100_000;
    const timeoutMs = (count / RATE) * 1000 + 15_000;
    const runs = await interleave(
      ctx.reps,
      {
        engine: () => echoRun(engineEchoer, count, timeoutMs),
        bare: () => echoRun(bareEchoer, count, timeoutMs),
      },
      ctx.log,
    );
    const engine = runs.engine!;
    const bare = runs.bare!;
    const engineRate = median(engine.map((r) => r.repliesPerSec));
    const bareRate = median(bare.map((r) => r.repliesPerSec));
    const ratio = engineRate / bareRate;
    const lostInside = engine.reduce((sum, r) => sum + Math.abs(r.lostInside), 0);
    const allAnswered = lostInside === 0;
    const row: Row = {
      id: 'B13',
      what: `auto-reply echo rule, ${count.toLocaleString('en-US')} requests of 64 B paced at 20k/s from a worker, replies counted`,
      unit: 'replies/s',
      offered: median(engine.map((r) => r.offeredPerSec)),
      delivered: engineRate,
      loss: median(engine.map((r) => 1 - r.replies / r.sent)),
      baselineName: 'bare Node dgram echo loop',
      baseline: bareRate,
      ratio,
      target: '≥ 0.8× bare; replies = requests − socket drops',
      status: judge(ctx, ratio >= 0.8 && allAnswered),
      note:
        `engine replies ${engine.map((r) => `${r.replies}/${r.sent} (drops ${r.drops})`).join(', ')}; ` +
        `bare ${bare.map((r) => `${r.replies}/${r.sent} (drops ${r.drops})`).join(', ')}; ` +
        `${allAnswered ? 'inside engine: 0 lost' : `INSIDE ENGINE LOST ${lostInside}`}; median of ${ctx.reps}`,
      runs,
    };
    return [row];
  },
};
