import { Worker } from 'node:worker_threads';
import { nextWorkerMessage } from './worker-message';

/**
 * Receivers that stamp each datagram's arrival, on a worker thread: their event loop is not the sender's, so a
 * cyclic sender's lateness is measured where its peer sees it, not delayed further by the sender's own work (the
 * engine's batches, the bench's decoding). Times are the worker's performance.now(): only differences mean anything.
 */
const RECEIVER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const dgram = require('node:dgram');
const times = [];
const sockets = [];
let bound = 0;
for (let i = 0; i < workerData.count; i++) {
  const socket = dgram.createSocket('udp4');
  const mine = [];
  times.push(mine);
  socket.on('message', () => mine.push(performance.now()));
  sockets.push(socket);
  socket.bind(0, '127.0.0.1', () => {
    if (++bound === workerData.count) parentPort.postMessage({ kind: 'ports', ports: sockets.map((s) => s.address().port) });
  });
}
parentPort.on('message', (m) => {
  if (m.kind === 'take') {
    parentPort.postMessage({ kind: 'times', times });
    for (const list of times) list.length = 0;
  } else if (m.kind === 'close') {
    let closed = 0;
    for (const socket of sockets) socket.close(() => { if (++closed === sockets.length) parentPort.postMessage({ kind: 'closed' }); });
  }
});
`;

export class UdpArrivalClock {
  private constructor(
    private readonly worker: Worker,
    /** One loopback UDP port per receiver. */
    readonly ports: readonly number[],
  ) {}

  static async start(count: number): Promise<UdpArrivalClock> {
    const worker = new Worker(RECEIVER_SOURCE, { eval: true, workerData: { count } });
    worker.on('error', (error) => console.error(`UDP arrival clock: ${error.message}`));
    const { ports } = await nextWorkerMessage<{ ports: number[] }>(worker, 'ports', 5_000, 'UDP arrival clock');
    return new UdpArrivalClock(worker, ports);
  }

  /** Arrival times per receiver since the previous take (ms, the worker's clock); clears them. */
  async take(): Promise<number[][]> {
    const reply = nextWorkerMessage<{ times: number[][] }>(this.worker, 'times', 5_000, 'UDP arrival clock');
    this.worker.postMessage({ kind: 'take' });
    return (await reply).times;
  }

  async close(): Promise<void> {
    const closed = nextWorkerMessage(this.worker, 'closed', 5_000, 'UDP arrival clock');
    this.worker.postMessage({ kind: 'close' });
    await closed;
    await this.worker.terminate();
  }
}
