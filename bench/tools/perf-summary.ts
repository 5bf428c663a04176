/**
 * Where one receiving process spends its CPU per datagram, from a Linux `perf` recording. `perf record` samples a
 * thread only while it runs (cpu-clock), so unlike --cpu-prof (which samples wall time and, on a shared machine,
 * mostly catches a thread that is waiting for a core) the shares stay honest when other work takes the cores:
 *
 *   perf record -F 4999 -o /tmp/udp.data -- node --import tsx --perf-basic-prof bench/tools/profile-udp-ingest.ts 1472 3 bare
 *   npx tsx bench/tools/perf-summary.ts /tmp/udp.data <datagrams counted> [command name, e.g. socat] [top N]
 *
 * The receiver is the process named by the command name (socat), else the first Node process recorded (the load
 * generator is forked after it). Only samples between its first and last read of a datagram count. Prints CPU µs per
 * datagram by layer (kernel, libc, V8's collector, V8 builtins, JIT-compiled JS, Node/libuv, the rest of V8) and the
 * top symbols.
 */
import { execFileSync } from 'node:child_process';

const [data, countArg, commandArg, topArg] = process.argv.slice(2);
const command = commandArg || undefined;
if (!data || !countArg) throw new Error('usage: perf-summary.ts <perf.data> <datagrams> [command] [topN]');
const datagrams = Number(countArg);
const top = Number(topArg ?? 25);
/** perf record -F: samples per second of CPU. */
const SAMPLE_HZ = 4999;

interface Sample {
  readonly command: string;
  readonly pid: number;
  readonly tid: number;
  readonly time: number;
  readonly symbol: string;
  readonly object: string;
}

const LINE = /^\s*(\S+)\s+(\d+)\/(\d+)\s+([\d.]+):\s+[0-9a-f]+\s+(.*?)\s+\(([^()]*)\)\s*$/;

function samples(): Sample[] {
  const text = execFileSync('perf', ['script', '-i', data!, '-F', 'comm,pid,tid,time,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) out.push({ command: m[1]!, pid: Number(m[2]), tid: Number(m[3]), time: Number(m[4]), symbol: m[5]!, object: m[6]! });
  }
  return out;
}

const GC = /Scaveng|Heap::|MarkCompact|Marking|Sweep|Evacuat|GCTracer|ArrayBufferSweeper|RememberedSet|SlotSet|MemoryChunk|PagedSpace|Compactor/;

/** The layer a sample's code belongs to. */
function layerOf(sample: Sample): string {
  const object = sample.object.split('/').pop() ?? '';
  if (object.startsWith('[kernel')) return 'kernel';
  if (object.startsWith('perf-') || sample.symbol.startsWith('JS:')) return 'JIT-compiled JS';
  if (object.startsWith('libc')) return 'libc (malloc, memcpy, …)';
  if (object === 'node') {
    if (GC.test(sample.symbol)) return "V8's garbage collector";
    if (sample.symbol.startsWith('Builtins_')) return 'V8 builtins';
    if (/^(node::|uv_|uv__)/.test(sample.symbol)) return 'Node / libuv';
    return 'V8 runtime (objects, buffers)';
  }
  return object;
}

const all = samples();
const byPid = new Map<number, number>();
for (const s of all) if (command === undefined || s.command === command) byPid.set(s.pid, (byPid.get(s.pid) ?? 0) + 1);
const pids = [...byPid.keys()];
if (pids.length === 0) throw new Error('no samples of the receiver');
const receiver = command === undefined ? Math.min(...pids) : [...byPid].sort((a, b) => b[1] - a[1])[0]![0];
const own = all.filter((s) => s.pid === receiver);
const reads = own.filter((s) => /recv|dgram:945/.test(s.symbol)).map((s) => s.time);
const from = Math.min(...reads);
const to = Math.max(...reads);
const window = own.filter((s) => s.time >= from && s.time <= to);

const perDatagram = (n: number): string => ((n / SAMPLE_HZ / datagrams) * 1e6).toFixed(3);
const total = window.length;
console.log(`${data}: receiver pid ${receiver}, ${(to - from).toFixed(2)} s, CPU ${(total / SAMPLE_HZ).toFixed(2)} s = ${perDatagram(total)} µs per datagram`);
const layers = new Map<string, number>();
const symbols = new Map<string, number>();
for (const s of window) {
  const layer = layerOf(s);
  layers.set(layer, (layers.get(layer) ?? 0) + 1);
  const key = `${layer}: ${s.symbol}`;
  symbols.set(key, (symbols.get(key) ?? 0) + 1);
}
for (const [layer, n] of [...layers].sort((a, b) => b[1] - a[1])) console.log(`  ${perDatagram(n)} µs  ${((n / total) * 100).toFixed(1).padStart(5)}%  ${layer}`);
console.log('top symbols:');
for (const [key, n] of [...symbols].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${perDatagram(n)} µs  ${((n / total) * 100).toFixed(1).padStart(5)}%  ${key.slice(0, 130)}`);
