import WebSocket from 'ws';
import { pollUntil } from './wait';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** What `node --inspect=127.0.0.1:0` prints on stderr once its inspector listens. */
const INSPECTOR_LINE = /Debugger listening on (ws:\/\/\S+)/;

/**
 * The DevTools protocol of a Node process started with `--inspect` (a profiling tool's view of the browser host):
 * evaluate in its main context, force a full garbage collection, take a heap snapshot. Not used by the bench rows:
 * an inspector in the process changes what it measures.
 */
export class InspectorSession {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private chunks: string[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: { chunk?: string } };
      if (message.method === 'HeapProfiler.addHeapSnapshotChunk') this.chunks.push(message.params?.chunk ?? '');
      if (message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    });
  }

  /** Connects to the inspector whose URL the process printed into `output()` (bounded wait). */
  static async fromOutput(output: () => string): Promise<InspectorSession> {
    const url = await pollUntil('the inspector URL on stderr', () => INSPECTOR_LINE.exec(output())?.[1], 10_000, 20);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new InspectorSession(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** The value of `expression` in the process's main context, as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const result = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: T }; exceptionDetails?: { text: string } };
    if (result.exceptionDetails) throw new Error(`evaluate failed: ${result.exceptionDetails.text}`);
    return result.result.value;
  }

  /** Full GCs (twice: weak references the first one clears free more in the second). */
  async collectGarbage(): Promise<void> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
  }

  /** The heap snapshot as its JSON text (V8's .heapsnapshot format). */
  async heapSnapshot(): Promise<string> {
    this.chunks = [];
    await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const text = this.chunks.join('');
    this.chunks = [];
    return text;
  }

  /** Starts the sampling heap profiler, counting what the GC collects too: where allocation happens, not what stays. */
  async startAllocationSampling(samplingInterval = 1024): Promise<void> {
    await this.send('HeapProfiler.startSampling', { samplingInterval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }

  /** Stops it; bytes allocated per function (self), largest first. */
  async stopAllocationSampling(): Promise<Array<{ where: string; bytes: number }>> {
    const { profile } = (await this.send('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
    const byWhere = new Map<string, number>();
    const walk = (node: SamplingNode): void => {
      const f = node.callFrame;
      const where = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(out|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
      byWhere.set(where, (byWhere.get(where) ?? 0) + node.selfSize);
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    return [...byWhere].map(([where, bytes]) => ({ where, bytes })).sort((a, b) => b.bytes - a.bytes);
  }

  close(): void {
    this.socket.close();
  }
}
