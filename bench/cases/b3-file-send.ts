import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CaseContext, type Row, interleave, judge } from '../harness/case';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { median } from '../harness/stats';
import { pollUntil, sleep } from '../harness/wait';

/**
 * B3, 打开文件数据源 at full speed: session.sendFile of a 1 GiB file over the engine's TCP client into the load
 * process's sink, against socat. The file holds random bytes (so a misplaced chunk would show), written once per
 * case run, so every variant reads it from the page cache. Every timed run checks the sink got exactly the file's
 * size; one more engine run, untimed, has the sink hash what it got and checks that against the file's SHA-256
 * (hashing costs the sink about as much as receiving, so it stays out of the timed runs).
 *
 * Baselines, interleaved with the engine: socat from /dev/zero through a pipe (`head -c N /dev/zero | socat`, the
 * issue's baseline, the row's target) and socat reading the same file (`socat … STDIN < file`, one read and one
 * write per block: shown beside it, no target).
 */

/** One run: MB/s at the sink, and the sender's CPU time per GiB sent (user + system, ms): steadier under load. */
interface SendRun {
  readonly mbps: number;
  readonly cpuMsPerGiB: number;
}

interface BenchFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

const WRITE_BLOCK = 8 * 1024 * 1024;

async function writeBenchFile(size: number): Promise<BenchFile> {
  const path = join(tmpdir(), `socketdesk-bench-sendfile-${process.pid}.bin`);
  const handle = await open(path, 'w');
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(WRITE_BLOCK);
  try {
    for (let written = 0; written < size; written += WRITE_BLOCK) {
      const piece = block.subarray(0, Math.min(WRITE_BLOCK, size - written));
      randomFillSync(piece);
      hash.update(piece);
      await handle.write(piece);
    }
  } finally {
    await handle.close();
  }
  return { path, size, sha256: hash.digest('hex') };
}

/** MB/s at the sink: bytes / (start → last byte), after checking it got exactly `file.size` bytes. */
function rateAtSink(what: string, file: BenchFile, received: { bytes: number; lastAt: number }, startedAt: number): number {
  if (received.bytes !== file.size) throw new Error(`B3 ${what}: the sink got ${received.bytes} B of ${file.size}`);
  return received.bytes / ((received.lastAt - startedAt) / 1000) / 1e6;
}

const perGiB = (cpuMs: number, bytes: number): number => cpuMs / (bytes / 2 ** 30);

/** The engine (this process: the engine and the bench's renderer-like sink) sends the file; CPU is the process's. */
async function engineSendFile(ctx: CaseContext, file: BenchFile, hash = false): Promise<SendRun & { sha256?: string }> {
  const sink = await ctx.load.request({ kind: 'tcp-sink-start', host: '127.0.0.1', hash });
  const host = new RendererLikeEngine();
  try {
    const opened = (await host.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: sink.port } })) as { sessionId: string };
    const tally = host.tally(opened.sessionId);
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.timeOrigin + performance.now();
    await host.must('session.sendFile', { sessionId: opened.sessionId, path: file.path });
    await pollUntil('the engine to count the whole file as sent', () => (tally.counters.txBytes >= file.size ? true : undefined), 60_000, 5);
    const cpu = process.cpuUsage(cpuBefore);
    await sleep(100);
    const received = await ctx.load.request({ kind: 'tcp-sink-stop' });
    return {
      mbps: rateAtSink('engine', file, received, startedAt),
      cpuMsPerGiB: perGiB((cpu.user + cpu.system) / 1000, file.size),
      ...(received.sha256 ? { sha256: received.sha256 } : {}),
    };
  } finally {
    await host.dispose();
  }
}

/** bash's `times`: its children's user and system time ("0m1.234s 0m0.567s" on the second line), in ms. */
function childrenCpuMs(timesOutput: string): number {
  const line = timesOutput.trim().split('\n').at(-1) ?? '';
  const seconds = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`B3: cannot read bash's times output: ${timesOutput}`);
  return (seconds[0]! + seconds[1]!) * 1000;
}

/** socat running `command` (PORT replaced by the sink's port) into the sink; CPU is its pipeline's (socat, head). */
async function socatRun(ctx: CaseContext, file: BenchFile, command: string): Promise<SendRun> {
  const sink = await ctx.load.request({ kind: 'tcp-sink-start', host: '127.0.0.1' });
  const startedAt = performance.timeOrigin + performance.now();
  const child = spawn('bash', ['-c', `${command.replace('PORT', String(sink.port))}; times`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise<void>((resolve) => child.once('close', () => resolve()));
  clearTimeout(timer);
  await sleep(50);
  const received = await ctx.load.request({ kind: 'tcp-sink-stop' });
  return { mbps: rateAtSink('socat', file, received, startedAt), cpuMsPerGiB: perGiB(childrenCpuMs(output), file.size) };
}

export async function fileSendRows(ctx: CaseContext): Promise<Row[]> {
  const file = await writeBenchFile(ctx.smoke ? 32 * 2 ** 20 : 2 ** 30);
  try {
    const runs = await interleave<SendRun>(
      ctx.reps,
      {
        engine: async () => {
          const { mbps, cpuMsPerGiB } = await engineSendFile(ctx, file);
          return { mbps, cpuMsPerGiB };
        },
        socatZero: () => socatRun(ctx, file, `head -c ${file.size} /dev/zero | socat -u -b 131072 STDIN TCP:127.0.0.1:PORT`),
        socatFile: () => socatRun(ctx, file, `socat -u -b 131072 STDIN TCP:127.0.0.1:PORT < '${file.path}'`),
      },
      ctx.log,
    );
    const verified = await engineSendFile(ctx, file, true);
    if (verified.sha256 !== file.sha256) throw new Error(`B3 engine: the sink's SHA-256 ${verified.sha256} is not the file's ${file.sha256}`);
    ctx.log(`  SHA-256 at the sink = the file's (${file.sha256.slice(0, 16)}…), untimed run at ${verified.mbps.toFixed(0)} MB/s`);
    const rate = (name: string): number => median(runs[name]!.map((run) => run.mbps));
    const cpu = (name: string): string => `${median(runs[name]!.map((run) => run.cpuMsPerGiB)).toFixed(0)} ms`;
    const e = rate('engine');
    const zero = rate('socatZero');
    const same = rate('socatFile');
    const mib = file.size / 2 ** 20;
    const how =
      `rate = bytes at the sink / (sendFile issued → last byte); size checked every run, SHA-256 checked in one more run; median of ${ctx.reps}. ` +
      `CPU per GiB (user + system): engine process ${cpu('engine')}, head + socat ${cpu('socatZero')}, socat from the file ${cpu('socatFile')}`;
    return [
      {
        id: 'B3',
        what: `${mib} MiB session.sendFile vs socat from /dev/zero`,
        unit: 'MB/s',
        delivered: e,
        baselineName: 'head -c N /dev/zero | socat',
        baseline: zero,
        ratio: e / zero,
        target: '≥ 0.8×',
        status: judge(ctx, e / zero >= 0.8),
        note: how,
        runs,
      },
      {
        id: 'B3',
        what: `${mib} MiB session.sendFile vs socat reading the same file`,
        unit: 'MB/s',
        delivered: e,
        baselineName: 'socat STDIN < file',
        baseline: same,
        ratio: e / same,
        target: 'none (shown beside the row above)',
        status: 'info',
        note: `same runs as the row above; socat's own read of the cached file, no pipe`,
      },
    ];
  } finally {
    await rm(file.path, { force: true });
  }
}
