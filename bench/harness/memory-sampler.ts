import type { BenchPage } from './browser-session';
import { processMemory } from './proc-net';
import { sleep } from './wait';

/**
 * Memory over a long run (B10): every `intervalMs`, the page's JS heap and DOM size (CDP Performance.getMetrics:
 * JSHeapUsedSize, Nodes, JSEventListeners) and a process's resident set (/proc/PID/status VmRSS). One sample is one
 * CDP call and one small file read; the loop runs in the bench process, not in the page.
 */

export interface MemorySample {
  /** Seconds since the sampler started. */
  readonly s: number;
  /** Bytes (NaN if the read failed). */
  readonly heapUsed: number;
  readonly nodes: number;
  readonly listeners: number;
  /** Bytes. */
  readonly hostRss: number;
}

export function sampleMemory(bench: BenchPage, hostPid: number, intervalMs: number): { stop(): Promise<MemorySample[]> } {
  const samples: MemorySample[] = [];
  const started = performance.now();
  let running = true;
  const read = async (): Promise<MemorySample> => {
    const s = (performance.now() - started) / 1000;
    const [metrics, host] = await Promise.all([
      bench.cdp.send('Performance.getMetrics').then(
        ({ metrics: m }) => m,
        () => [],
      ),
      processMemory(hostPid).catch(() => ({ rssBytes: Number.NaN })),
    ]);
    const metric = (name: string): number => metrics.find((x) => x.name === name)?.value ?? Number.NaN;
    return { s, heapUsed: metric('JSHeapUsedSize'), nodes: metric('Nodes'), listeners: metric('JSEventListeners'), hostRss: host.rssBytes };
  };
  const loop = (async () => {
    let next = performance.now();
    while (running) {
      samples.push(await read());
      next += intervalMs;
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}
