/**
 * CPU profile of UDP ingest under a flood, for finding where the time goes:
 *   npx tsx --cpu-prof --cpu-prof-dir=bench/profiles bench/tools/profile-udp-ingest.ts [size] [seconds] [columnar|decode|nodecode|bare|socat]
 * The receiver is the engine with a sink that reads batches as the page does (columnar, B1's), decodes every frame
 * into an object (decode, the older RendererLikeEngine) or reads only the header (nodecode); or one of B1's
 * baselines: the bare Node dgram loop (bare) or socat into /dev/null (socat: counted = sent − its socket's drops). Prints the delivered rate and the process's CPU per datagram; summarize the
 * .cpuprofile of the main thread with bench/tools/top-self.ts.
 */
import { readTrafficBatch } from '@shared';
import { ColumnarEngine } from '../harness/columnar-sink';
import { LoadProcess } from '../harness/load-process';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { bareNodeReceiver, drained, socatReceiver } from '../harness/udp-receivers';
import { Engine } from '../../electron/engine/engine';

const size = Number(process.argv[2] ?? 64);
const seconds = Number(process.argv[3] ?? 3);
const kind = process.argv[4] ?? 'columnar';

interface Receiver {
  readonly port: number;
  /** What it received of `sent` datagrams, once its queue drained. */
  counted(sent: number): Promise<number>;
  close(): Promise<void>;
}

/** The engine with one UDP session on loopback, its batches consumed by `engine`'s sink. */
async function engineReceiver(engine: Engine, counted: (sessionId: string) => number): Promise<Receiver> {
  const opened = await engine.handle('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
  if (!opened.ok) throw new Error(opened.error.message);
  if (!opened.value.local) throw new Error('the UDP session did not open');
  const { sessionId } = opened.value;
  return { port: opened.value.local.port, counted: async () => counted(sessionId), close: () => engine.dispose() };
}

/** A sink that reads only each batch's header (its counters) and acks it. */
function headerOnlyEngine(): { engine: Engine; counted: () => number } {
  let last = 0;
  const engine: Engine = new Engine((name, payload) => {
    if (name !== 'traffic.batch') return;
    const batch = payload as { sessionId: string; batchSeq: number; packed: Uint8Array };
    const read = readTrafficBatch(batch.packed);
    if (read.ok) last = read.value.counters.rxFrames;
    queueMicrotask(() => void engine.handle('traffic.ack', { sessionId: batch.sessionId, batchSeq: batch.batchSeq }));
  });
  return { engine, counted: () => last };
}

async function receiver(): Promise<Receiver> {
  switch (kind) {
    case 'bare': {
      const bare = await bareNodeReceiver();
      return { port: bare.port, counted: async () => bare.counted() ?? 0, close: () => bare.close() };
    }
    case 'socat': {
      const socat = await socatReceiver();
      return { port: socat.port, counted: async (sent) => sent - (await drained(socat.port, () => undefined)).drops, close: () => socat.close() };
    }
    case 'decode': {
      const host = new RendererLikeEngine();
      return engineReceiver(host.engine, (id) => host.tally(id).counters.rxFrames);
    }
    case 'nodecode': {
      const { engine, counted } = headerOnlyEngine();
      return engineReceiver(engine, counted);
    }
    default: {
      const host = new ColumnarEngine();
      return engineReceiver(host.engine, (id) => host.tally(id).counters.rxFrames);
    }
  }
}

const load = await LoadProcess.start();
const target = await receiver();
const cpuBefore = process.cpuUsage();
const reply = await load.request({ kind: 'udp-flood', host: '127.0.0.1', port: target.port, size, count: 20_000_000, durationMs: seconds * 1000 });
await new Promise((resolve) => setTimeout(resolve, 300));
const cpu = process.cpuUsage(cpuBefore);
const counted = await target.counted(reply.sent);
// socat runs in its own process: this process's CPU says nothing about it.
const cpuNote = kind === 'socat' ? '' : `, CPU ${((cpu.user + cpu.system) / Math.max(1, counted)).toFixed(2)} µs/datagram`;
console.log(`size ${size}, ${kind}: sent ${reply.sent}, counted ${counted}, ${Math.round(counted / (reply.elapsedMs / 1000))}/s${cpuNote}`);
await target.close();
await load.stop();
