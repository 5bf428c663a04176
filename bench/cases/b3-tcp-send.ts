import { connect, type Socket } from 'node:net';
import { type BenchCase, type CaseContext, type Row, hasCommand, judge } from '../harness/case';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { median } from '../harness/stats';
import { sleep } from '../harness/wait';
import { spawn } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../harness/wait';

const MESSAGE = new Uint8Array(64).fill(0x65);

/** The naive sender: one write per 64 B message, each waiting for its callback (one syscall per message). */
async function naiveRun(ctx: CaseContext, seconds: number): Promise<number> {
  const sink = await ctx.load.request({ kind: 'tcp-sink-start', host: '127.0.0.1' });
  const socket: Socket = connect({ host: '127.0.0.1', port: sink.port, noDelay: true });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const end = performance.now() + seconds * 1000;
  let sent = 0;
  const start = performance.now();
  while (performance.now() < end) {
    await new Promise<void>((resolve) => socket.write(MESSAGE, () => resolve()));
    sent++;
  }
  const rate = sent / ((performance.now() - start) / 1000);
  socket.destroy();
  await ctx.load.request({ kind: 'tcp-sink-stop' });
  return rate;
}

/** The engine's TCP client: session.send of 64 B at max rate (many in flight), counted as the sink received it. */
async function engineRun(ctx: CaseContext, seconds: number): Promise<number> {
  const sink = await ctx.load.request({ kind: 'tcp-sink-start', host: '127.0.0.1' });
  const host = new RendererLikeEngine();
  const opened = (await host.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: sink.port } })) as { sessionId: string };
  const end = performance.now() + seconds * 1000;
  let accepted = 0;
  const start = performance.now();
  // Keep up to 256 sends in flight: the renderer does not wait for each result before the next send either.
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const result = await host.engine.handle('session.send', { sessionId: opened.sessionId, bytes: MESSAGE });
      if (result.ok) accepted++;
      else await sleep(1); // QUEUE_FULL: back off
    }
  };
  await Promise.all(Array.from({ length: 256 }, worker));
  const elapsed = (performance.now() - start) / 1000;
  await sleep(200);
  const received = await ctx.load.request({ kind: 'tcp-sink-stop' });
  await host.dispose();
  return Math.min(accepted, received.bytes / MESSAGE.length) / elapsed;
}

/** socat streaming /dev/zero-equivalent bytes into the sink (bounded: head -c N). */
async function socatRun(ctx: CaseContext, totalBytes: number): Promise<number> {
  const sink = await ctx.load.request({ kind: 'tcp-sink-start', host: '127.0.0.1' });
  const start = performance.now();
  const child = spawn('bash', ['-c', `head -c ${totalBytes} /dev/zero | socat -u -b 131072 STDIN TCP:127.0.0.1:${sink.port}`], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  clearTimeout(timer);
  await sleep(50);
  const received = await ctx.load.request({ kind: 'tcp-sink-stop' });
  return received.bytes / ((received.lastAt - (performance.timeOrigin + start)) / 1000) / 1e6;
}

/** session.sendFile of a sparse file (zeros, like /dev/zero) over the engine's TCP client into the sink. */
async function engineSendFileRun(ctx: CaseContext, totalBytes: number): Promise<number> {
  const file = join(tmpdir(), `socketdesk-bench-sendfile-${process.pid}.bin`);
  const handle = await open(file, 'w');
  await handle.truncate(totalBytes);
  await handle.close();
  const sink = await ctx.load.request({ kind: 'tcp-sink-start', host: '127.0.0.1' });
  const host = new RendererLikeEngine();
  try {
    const opened = (await host.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: sink.port } })) as { sessionId: string };
    const tally = host.tally(opened.sessionId);
    const start = performance.timeOrigin + performance.now();
    await host.must('session.sendFile' as never, { sessionId: opened.sessionId, path: file } as never);
    await pollUntil('the engine to count the whole file as sent', () => (tally.counters.txBytes >= totalBytes ? true : undefined), 60_000, 5);
    await sleep(100);
    const received = await ctx.load.request({ kind: 'tcp-sink-stop' });
    return received.bytes / ((received.lastAt - start) / 1000) / 1e6;
  } finally {
    await host.dispose();
    await rm(file, { force: true });
  }
}

export const b3TcpSend: BenchCase = {
  id: 'B3',
  title: 'TCP send: small writes coalesced; 1 GiB file send',
  async run(ctx) {
    const seconds = ctx.smoke ? 0.3 : 2;
    const naive: number[] = [];
    const engine: number[] = [];
    for (let i = 0; i < ctx.reps; i++) {
      engine.push(await engineRun(ctx, seconds));
      naive.push(await naiveRun(ctx, seconds));
      ctx.log(`  run ${i + 1}/${ctx.reps} engine ${engine.at(-1)!.toFixed(0)}/s, naive ${naive.at(-1)!.toFixed(0)}/s`);
    }
    const e = median(engine);
    const n = median(naive);
    const rows: Row[] = [
      {
        id: 'B3',
        what: '64 B sends/s via session.send vs naive write-per-message',
        unit: 'msg/s',
        delivered: e,
        baselineName: 'naive write+callback per message',
        baseline: n,
        ratio: e / n,
        target: '≥ 10× (coalesced)',
        status: judge(ctx, e / n >= 10),
        note: `engine: 256 session.send in flight; counted as min(accepted, received by the sink); median of ${ctx.reps}`,
        runs: { engine, naive },
      },
    ];
    const total = ctx.smoke ? 32 * 2 ** 20 : 2 ** 30;
    const hasSendFile = await hasCommand('session.sendFile');
    const socat: number[] = [];
    const sendFile: number[] = [];
    for (let i = 0; i < ctx.reps; i++) {
      if (hasSendFile) sendFile.push(await engineSendFileRun(ctx, total));
      socat.push(await socatRun(ctx, total));
    }
    const s = median(socat);
    ctx.log(`  socat ${JSON.stringify(socat)} engine sendFile ${JSON.stringify(sendFile)}`);
    if (hasSendFile) {
      const e = median(sendFile);
      rows.push({
        id: 'B3',
        what: `${total / 2 ** 20} MiB session.sendFile vs socat from /dev/zero`,
        unit: 'MB/s',
        delivered: e,
        baselineName: 'socat',
        baseline: s,
        ratio: e / s,
        target: '≥ 0.8×',
        status: judge(ctx, e / s >= 0.8),
        note: `rate = bytes the sink received / (last byte − sendFile issued); median of ${ctx.reps}`,
        runs: { engine: sendFile, socat },
      });
    } else rows.push({
      id: 'B3',
      what: `${total / 2 ** 20} MiB file send vs socat from /dev/zero`,
      unit: 'MB/s',
      baselineName: 'socat',
      baseline: s,
      target: '≥ 0.8×',
      status: 'not measurable yet',
      note: `not measurable yet: session.sendFile not in the contract/engine (baseline socat ${s.toFixed(0)} MB/s)`,
      runs: { socat },
    });
    return rows;
  },
};
