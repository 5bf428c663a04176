/**
 * Summarizes a Chromium trace (JSON, as Playwright's browser.startTracing writes it) for one renderer's main thread:
 * the self time of each kind of event (EvaluateScript, v8.compile, FunctionCall, Layout, Paint, …) between two
 * times, ms from the first navigation event. `npx tsx bench/tools/trace-summary.ts trace.json [untilMs]`
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string } };
}

const file = process.argv[2];
if (!file) throw new Error('give the trace file');
const until = Number(process.argv[3] ?? Number.POSITIVE_INFINITY);
const parsed = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
// The renderer that parsed our page: the main thread with the most complete events.
const counts = new Map<string, number>();
for (const e of events) if (e.ph === 'X') counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
const main = mains.sort((a, b) => (counts.get(`${b.pid}:${b.tid}`) ?? 0) - (counts.get(`${a.pid}:${a.tid}`) ?? 0))[0];
if (!main) throw new Error('no CrRendererMain thread in the trace');
const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
const navigation = events.find((e) => e.name === 'navigationStart' && e.pid === main.pid) ?? own[0]!;
const t0 = navigation.ts;
const self = new Map<string, number>();
const stack: { e: TraceEvent; end: number; child: number }[] = [];
const close = (upTo: number): void => {
  while (stack.length > 0 && stack.at(-1)!.end <= upTo) {
    const top = stack.pop()!;
    self.set(top.e.name, (self.get(top.e.name) ?? 0) + top.e.dur! - top.child);
    if (stack.length > 0) stack.at(-1)!.child += top.e.dur!;
  }
};
for (const e of own) {
  if ((e.ts - t0) / 1000 > until) break;
  close(e.ts);
  stack.push({ e, end: e.ts + e.dur!, child: 0 });
}
close(Number.POSITIVE_INFINITY);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`renderer main thread ${main.pid}:${main.tid}, events from navigation start${Number.isFinite(until) ? ` to ${until} ms` : ''}: ${(total / 1000).toFixed(1)} ms of self time`);
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
