/**
 * CPU profile of the engine's UDP ingest under a flood, for finding where the time goes:
 *   npx tsx --cpu-prof --cpu-prof-dir=bench/profiles bench/tools/profile-udp-ingest.ts [size] [seconds] [decode|nodecode]
 * Prints the delivered rate; open the .cpuprofile in Chrome DevTools or summarize it with bench/tools/top-self.ts.
 */
import { LoadProcess } from '../harness/load-process';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { Engine } from '../../electron/engine/engine';

const size = Number(process.argv[2] ?? 64);
const seconds = Number(process.argv[3] ?? 3);
const decode = (process.argv[4] ?? 'decode') === 'decode';

const load = await LoadProcess.start();
let counted = () => 0;
let engine: Engine;
if (decode) {
  const host = new RendererLikeEngine();
  engine = host.engine;
  counted = () => host.tally('s1').counters.rxFrames;
} else {
  let last = 0;
  const acker = new Engine((name, payload) => {
    if (name !== 'traffic.batch') return;
    const p = payload as { sessionId: string; batchSeq: number; packed: Uint8Array };
    const view = new DataView(p.packed.buffer, p.packed.byteOffset);
    const headerLength = view.getUint32(4, true);
    last = (JSON.parse(Buffer.from(p.packed.subarray(8, 8 + headerLength)).toString()) as { counters: { rxFrames: number } }).counters.rxFrames;
    queueMicrotask(() => void acker.handle('traffic.ack', { sessionId: p.sessionId, batchSeq: p.batchSeq }));
  });
  engine = acker;
  counted = () => last;
}
const opened = await engine.handle('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
if (!opened.ok) throw new Error(opened.error.message);
if (!opened.value.local) throw new Error('the UDP session did not open');
const reply = await load.request({ kind: 'udp-flood', host: '127.0.0.1', port: opened.value.local.port, size, count: 20_000_000, durationMs: seconds * 1000 });
await new Promise((resolve) => setTimeout(resolve, 300));
console.log(`size ${size} ${decode ? 'with' : 'without'} decode: sent ${reply.sent}, counted ${counted()}, ${Math.round(counted() / (reply.elapsedMs / 1000))}/s`);
await engine.dispose();
await load.stop();
