import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchCase, type CaseContext, type Row, hasCommand, judge, notYet } from '../harness/case';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { median } from '../harness/stats';
import { pollUntil } from '../harness/wait';

interface IngestRun {
  bytes: number;
  fileBytes: number;
  MBps: number;
}

/** Bare Node `net` server that writes every chunk to a file (the capture), fed by the load generator. */
async function bareCaptureRun(ctx: CaseContext, totalBytes: number): Promise<IngestRun> {
  const file = join(tmpdir(), `socketdesk-bench-capture-${process.pid}.bin`);
  const out = createWriteStream(file);
  let bytes = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const server = createServer((socket) => {
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // Backpressure from the file pauses the socket, as a capture that must not lose bytes has to.
      if (!out.write(chunk)) {
        socket.pause();
        out.once('drain', () => socket.resume());
      }
    });
    socket.on('end', () => out.end(done));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const port = (server.address() as { port: number }).port;
  const start = performance.now();
  await ctx.load.request({ kind: 'tcp-blast', host: '127.0.0.1', port, totalBytes, chunkBytes: 64 * 1024, timeoutMs: 30_000 });
  await finished;
  const seconds = (performance.now() - start) / 1000;
  server.close();
  const fileBytes = (await stat(file)).size;
  await rm(file, { force: true });
  return { bytes, fileBytes, MBps: bytes / seconds / 1e6 };
}

/** The engine's TCP server with capture on; done when the counters reach the total and the file is closed. */
async function engineCaptureRun(ctx: CaseContext, totalBytes: number): Promise<IngestRun> {
  const file = join(tmpdir(), `socketdesk-bench-engine-capture-${process.pid}.bin`);
  const host = new RendererLikeEngine();
  const opened = (await host.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } })) as { sessionId: string; local: { port: number } };
  await host.must('session.capture.start' as never, { sessionId: opened.sessionId, path: file } as never);
  const tally = host.tally(opened.sessionId);
  const start = performance.now();
  await ctx.load.request({ kind: 'tcp-blast', host: '127.0.0.1', port: opened.local.port, totalBytes, chunkBytes: 64 * 1024, timeoutMs: 30_000 });
  await pollUntil('engine counters to reach the total', () => (tally.counters.rxBytes >= totalBytes ? true : undefined), 30_000, 5);
  await host.must('session.capture.stop' as never, { sessionId: opened.sessionId } as never);
  const seconds = (performance.now() - start) / 1000;
  const bytes = tally.counters.rxBytes;
  await host.dispose();
  const fileBytes = (await stat(file)).size;
  await rm(file, { force: true });
  return { bytes, fileBytes, MBps: bytes / seconds / 1e6 };
}

export const b2TcpCapture: BenchCase = {
  id: 'B2',
  title: 'TCP ingest of 1 GiB with capture to file',
  async run(ctx) {
    const total = ctx.smoke ? 32 * 2 ** 20 : 2 ** 30;
    const ready = await hasCommand('session.capture.start');
    const runs: IngestRun[] = [];
    const engineRuns: IngestRun[] = [];
    for (let i = 0; i < ctx.reps; i++) {
      if (ready) engineRuns.push(await engineCaptureRun(ctx, total));
      runs.push(await bareCaptureRun(ctx, total));
      ctx.log(`  run ${i + 1}/${ctx.reps} engine: ${JSON.stringify(engineRuns.at(-1))} bare: ${JSON.stringify(runs.at(-1))}`);
    }
    const bare = median(runs.map((r) => r.MBps));
    const rows: Row[] = [];
    if (ready) {
      const e = median(engineRuns.map((r) => r.MBps));
      const fileOk = engineRuns.every((r) => r.fileBytes === r.bytes && r.bytes === total);
      rows.push({
        id: 'B2',
        what: `${total / 2 ** 20} MiB TCP ingest + capture vs bare net → file`,
        unit: 'MB/s',
        delivered: e,
        baselineName: 'bare net → file',
        baseline: bare,
        ratio: e / bare,
        target: '≥ 0.7×; file = counter',
        status: judge(ctx, e / bare >= 0.7 && fileOk),
        note: `file = counter = total in every run: ${fileOk}; median of ${ctx.reps}`,
        runs: { engine: engineRuns, bare: runs },
      });
    } else {
      rows.push({
        ...notYet('B2', `${total / 2 ** 20} MiB TCP ingest + capture vs bare net → file`, 'session.capture.start not in the contract', '≥ 0.7×; file = counter'),
        unit: 'MB/s',
        baselineName: 'bare net → file',
        baseline: bare,
        note: `not measurable yet: session.capture.start not in the contract (baseline measured: bare net → file ${bare.toFixed(0)} MB/s, file = bytes in every run: ${runs.every((r) => r.fileBytes === r.bytes && r.bytes === total)})`,
        runs,
      });
    }
    return rows;
  },
};
