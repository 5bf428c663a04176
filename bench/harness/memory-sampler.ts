import type { BenchPage } from './browser-session';
import { processMemory } from './proc-net';
import { sleep } from './wait';

/**
 * Memory over a long run (B10). Every `intervalMs`: the page's JS heap in use and DOM size (CDP
 * Performance.getMetrics: JSHeapUsedSize, Nodes, JSEventListeners) and a process's resident set (/proc/PID/status
 * VmRSS). Every `gcEveryMs` also the page's live heap: a full collection (CDP HeapProfiler.collectGarbage) and then
 * Runtime.getHeapUsage. The heap in use between collections is a saw-tooth whose phase says nothing about a leak;
 * what survives a full collection is what a leak raises. The collections are the bench's own work on the page's
 * main thread, so their times are kept (`gcSpans`) for the long-task count to set them apart.
 */

export interface MemorySample {
  /** Seconds since `origin`. */
  readonly s: number;
  /** Bytes (NaN if the read failed). */
  readonly heapUsed: number;
  /** Bytes after a forced full collection; NaN in the samples without one. */
  readonly liveHeap: number;
  readonly nodes: number;
  readonly listeners: number;
  /** Bytes. */
  readonly hostRss: number;
}

export interface MemorySeries {
  readonly samples: MemorySample[];
  /** Forced collections: [start, end], seconds since `origin`. */
  readonly gcSpans: [number, number][];
}

export interface MemorySampling {
  readonly intervalMs: number;
  readonly gcEveryMs: number;
  /** performance.now() of the bench process that `s` counts from. */
  readonly origin: number;
}

export function sampleMemory(bench: BenchPage, hostPid: number, how: MemorySampling): { stop(): Promise<MemorySeries> } {
  const samples: MemorySample[] = [];
  const gcSpans: [number, number][] = [];
  const since = (): number => (performance.now() - how.origin) / 1000;
  let lastGc = Number.NEGATIVE_INFINITY;
  let running = true;
  const liveHeap = async (): Promise<number> => {
    const from = since();
    try {
      await bench.cdp.send('HeapProfiler.collectGarbage');
      return (await bench.cdp.send('Runtime.getHeapUsage')).usedSize;
    } catch {
      return Number.NaN;
    } finally {
      gcSpans.push([from, since()]);
    }
  };
  const read = async (): Promise<MemorySample> => {
    const s = since();
    const [metrics, host] = await Promise.all([
      bench.cdp.send('Performance.getMetrics').then(
        ({ metrics: m }) => m,
        () => [],
      ),
      processMemory(hostPid).catch(() => ({ rssBytes: Number.NaN })),
    ]);
    const metric = (name: string): number => metrics.find((x) => x.name === name)?.value ?? Number.NaN;
    let live = Number.NaN;
    if ((s - lastGc) * 1000 >= how.gcEveryMs - how.intervalMs / 2) {
      lastGc = s;
      live = await liveHeap();
    }
    return { s, heapUsed: metric('JSHeapUsedSize'), liveHeap: live, nodes: metric('Nodes'), listeners: metric('JSEventListeners'), hostRss: host.rssBytes };
  };
  const loop = (async () => {
    let next = performance.now();
    while (running) {
      samples.push(await read());
      next += how.intervalMs;
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, gcSpans };
    },
  };
}
