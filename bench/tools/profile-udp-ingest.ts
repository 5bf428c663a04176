/**
 * CPU profile of the engine's UDP ingest under a flood, for finding where the time goes:
 *   npx tsx --cpu-prof --cpu-prof-dir=bench/profiles bench/tools/profile-udp-ingest.ts [size] [seconds] [columnar|decode|nodecode]
 * The sink reads batches as the page does (columnar, B1's), decodes every frame into an object (decode, the older
 * RendererLikeEngine) or reads only the header (nodecode). Prints the delivered rate and the process's CPU per
 * datagram; open the .cpuprofile in Chrome DevTools or summarize it with bench/tools/top-self.ts.
 */
import { LoadProcess } from '../harness/load-process';
import { ColumnarEngine } from '../harness/columnar-sink';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { Engine } from '../../electron/engine/engine';

const size = Number(process.argv[2] ?? 64);
const seconds = Number(process.argv[3] ?? 3);
const sink = process.argv[4] ?? 'columnar';

const load = await LoadProcess.start();
let counted = () => 0;
let engine: Engine;
if (sink === 'columnar') {
  const host = new ColumnarEngine();
  engine = host.engine;
  counted = () => host.tally('s1').counters.rxFrames;
} else if (sink === 'decode') {
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
const cpuBefore = process.cpuUsage();
const reply = await load.request({ kind: 'udp-flood', host: '127.0.0.1', port: opened.value.local.port, size, count: 20_000_000, durationMs: seconds * 1000 });
await new Promise((resolve) => setTimeout(resolve, 300));
const cpu = process.cpuUsage(cpuBefore);
const perDgramUs = (cpu.user + cpu.system) / Math.max(1, counted());
console.log(
  `size ${size}, ${sink} sink: sent ${reply.sent}, counted ${counted()}, ${Math.round(counted() / (reply.elapsedMs / 1000))}/s, CPU ${perDgramUs.toFixed(2)} µs/datagram`,
);
await engine.dispose();
await load.stop();
