/**
 * Where the browser host's memory per TCP client goes (issue 12, B7):
 *   npx tsx bench/tools/profile-host-memory.ts [clients=5000] [none|line] [snapshot|nosnapshot|allocations]
 * Starts `node --inspect out/main/serve.js` (build first), attaches a page (WebSocket, as the renderer) with a TCP
 * server session, connects the clients from a python3 crowd, each sending one 16 B line. After full GCs before and
 * with the clients it prints, per client: VmRSS, and process.memoryUsage()'s heapUsed, external and arrayBuffers;
 * with `snapshot`, the kinds of heap nodes that grew, per client (count and bytes); with `allocations`, which
 * functions allocated the most while the clients arrived (sampled, garbage included). Then the clients reset and it
 * prints the same after they left. The inspector adds its own memory: use the bench row (B7) for the absolute RSS.
 */
import { fileURLToPath } from 'node:url';
import { startBrowserHost } from '../harness/browser-session';
import { diffHeapSummaries, summarizeHeapSnapshot, type HeapSummary } from '../harness/heap-snapshot-summary';
import { HostServerPage } from '../harness/host-server-page';
import { InspectorSession } from '../harness/inspector-session';
import { processMemory } from '../harness/proc-net';
import { pollUntil, sleep } from '../harness/wait';
import { TcpCrowd } from '../../electron/engine/test-support/tcp-crowd';

const clients = Number(process.argv[2] ?? 5000);
const framing = process.argv[3] === 'line' ? ({ kind: 'delimiter', delimiter: [10], keep: 'strip' } as const) : undefined;
const withSnapshot = process.argv[4] === undefined || process.argv[4] === 'snapshot';
const withAllocations = process.argv[4] === 'allocations';
const MESSAGE = Buffer.from('hello, server!\r\n');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** What V8 has committed for its heap (all spaces): RSS − this is native memory (malloc, libuv, code, stacks). */
  heapCommitted: number;
  /** Committed bytes of each V8 heap space. */
  spaces: Record<string, number>;
}

/** V8's heap spaces from the diagnostic report (the inspector cannot import node:v8 into the host). */
const SPACES = `(() => { const s = process.report.getReport().javascriptHeap.heapSpaces; const out = {}; for (const k in s) out[k] = s[k].committedMemory; return out; })()`;

const host = await startBrowserHost(ROOT, { nodeArgs: ['--inspect=127.0.0.1:0'] });
const inspector = await InspectorSession.fromOutput(host.output);
const crowd = await TcpCrowd.start();
const server = await HostServerPage.open(host, framing);

/** The host's memory as it is (`gc` false: what the user's RSS shows), or after full GCs (what is live). */
async function measure(gc = true): Promise<Memory> {
  if (gc) {
    await inspector.collectGarbage();
    await sleep(200);
  }
  const usage = await inspector.evaluate<{ heapUsed: number; external: number; arrayBuffers: number }>('process.memoryUsage()');
  const spaces = await inspector.evaluate<Record<string, number>>(SPACES);
  const heapCommitted = Object.values(spaces).reduce((a, b) => a + b, 0);
  return { rss: (await processMemory(host.pid)).rssBytes, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers, heapCommitted, spaces };
}

const snapshot = async (): Promise<HeapSummary | undefined> => (withSnapshot ? summarizeHeapSnapshot(await inspector.heapSnapshot()) : undefined);

type Figure = Exclude<keyof Memory, 'spaces'>;

function perClient(label: string, from: Memory, to: Memory): void {
  const per = (k: Figure): string => `${((to[k] - from[k]) / clients).toFixed(0).padStart(6)} B`;
  const native = ((to.rss - to.heapCommitted - (from.rss - from.heapCommitted)) / clients).toFixed(0);
  console.log(
    `${label}: RSS ${per('rss')} = V8 heap committed ${per('heapCommitted')} + native ${native} B; heapUsed ${per('heapUsed')}, ` +
      `external ${per('external')} (arrayBuffers ${per('arrayBuffers')})`,
  );
}

function describe(label: string, m: Memory): void {
  const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
  const spaces = Object.entries(m.spaces)
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => `${name.replace(/_space$/, '')} ${mb(bytes)}`)
    .join(', ');
  console.log(`${label}: RSS ${mb(m.rss)} MB; V8 committed ${mb(m.heapCommitted)} MB (${spaces}), heapUsed ${mb(m.heapUsed)} MB; native ${mb(m.rss - m.heapCommitted)} MB`);
}

try {
  await sleep(1000);
  describe('host idle, before any forced GC', await measure(false));
  const idle = await measure();
  const before = await snapshot();
  const idleAfterSnapshot = await measure();
  describe(`host idle (framing ${framing ? 'line' : 'none'})`, idle);

  if (withAllocations) await inspector.startAllocationSampling();
  const connected = await crowd.connect(server.port, clients);
  if (connected.connected !== clients) throw new Error(`only ${connected.connected} of ${clients} connected: ${JSON.stringify(connected.failed)}`);
  await crowd.send(MESSAGE);
  await pollUntil('every client listed and its line counted', () => (server.listed() === clients && server.rxBytes() === clients * MESSAGE.length ? true : undefined), 60_000, 100);
  await sleep(1000);
  if (withAllocations) {
    const top = await inspector.stopAllocationSampling();
    const total = top.reduce((sum, row) => sum + row.bytes, 0);
    console.log(`allocated while the clients arrived (sampled): ${(total / 2 ** 20).toFixed(1)} MB, per client ${(total / clients).toFixed(0)} B; top functions (self):`);
    for (const row of top.slice(0, 25)) console.log(`  ${((row.bytes / total) * 100).toFixed(1).padStart(5)}%  ${(row.bytes / clients).toFixed(0).padStart(6)} B/client  ${row.where}`);
  }
  describe(`host with ${clients} clients, before any forced GC`, await measure(false));
  const withClients = await measure();
  describe(`host with ${clients} clients`, withClients);
  perClient('per client', idleAfterSnapshot, withClients);
  const after = await snapshot();
  if (before && after) {
    console.log('heap nodes that grew, per client (count, bytes):');
    for (const row of diffHeapSummaries(before, after).slice(0, 30)) {
      console.log(`  ${(row.count / clients).toFixed(2).padStart(6)}  ${(row.bytes / clients).toFixed(0).padStart(6)} B  ${row.key}`);
    }
  }
  const events = server.clientListEvents();
  console.log(`client lists sent to the page: ${events.count}, ${(events.wireBytes / 2 ** 20).toFixed(2)} MB on the wire, largest ${(events.largest / 1024).toFixed(0)} KiB`);

  await crowd.close('reset');
  await pollUntil('every client gone from the list', () => (server.listed() === 0 ? true : undefined), 30_000, 100);
  await sleep(1000);
  describe('host after they left, before any forced GC', await measure(false));
  const left = await measure();
  describe('host after they left', left);
  perClient('left behind per client', idleAfterSnapshot, left);
} finally {
  inspector.close();
  await server.close().catch(() => undefined);
  await crowd.close();
  await host.stop();
}
