import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releaseFifoReaders } from '../../test-support/fifo';
import { within } from '../../test-support/wait-for';
import { EngineHarness } from '../test-support/engine-harness';
import { hasTool, udpPeer } from '../test-support/peers';
import { waitFor } from '../test-support/wait-for';
import { canCountDescriptors, descriptorsBackTo, openDescriptors } from '../test-support/descriptors';
import { threadsWaitingOnPipes } from './file-stuck-threads';

/*
 * Issue 11, "Faults survived": a user-given path that is a FIFO (or a device) in the file send and the capture.
 * open(2) of a FIFO waits for its other end, and write(2) to a full pipe waits for its reader: either one, on a
 * libuv worker thread, held that thread for good (four of them and every file operation of the engine stops; the
 * process cannot exit). File send takes regular files only; capture takes FIFOs too (a tool reading the capture
 * live is a real use) and writes to them without ever blocking.
 */

const isLinux = process.platform === 'linux';
const hasPython = isLinux && hasTool('python3');
if (!isLinux) console.warn('[fault tests] FIFO tests skipped: they need Linux (mkfifo, /proc)');

/** A FIFO reader that opens without waiting (O_RDWR) and says so, then reads `bytes` bytes into `out`. */
const DRAINING_READER = `import os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
print('ready', flush=True)
left = int(sys.argv[3])
with open(sys.argv[2], 'wb') as out:
    while left > 0:
        chunk = os.read(fd, min(65536, left))
        out.write(chunk)
        left -= len(chunk)
print('done', flush=True)
`;
/** A FIFO reader that opens, says so, and never reads. */
const STALLED_READER = `import os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
print('ready', flush=True)
time.sleep(60)
`;

/**
 * `count` datagrams of `size` bytes from a Node peer to the session, each sent once the session counted the one
 * before: in one process, a burst would overflow the socket's receive buffer and the kernel would drop some.
 */
async function sendDatagrams(harness: EngineHarness, sessionId: string, peer: Awaited<ReturnType<typeof udpPeer>>, port: number, count: number, size: number, seed: number): Promise<Buffer> {
  const all: Buffer[] = [];
  const before = harness.countersOf(sessionId)?.rxBytes ?? 0;
  for (let i = 0; i < count; i++) {
    const datagram = Buffer.alloc(size, (seed + i) % 251);
    all.push(datagram);
    peer.socket.send(datagram, port, '127.0.0.1');
    await waitFor(() => harness.countersOf(sessionId)?.rxBytes === before + (i + 1) * size, 3_000, `datagram ${i + 1} of ${count} counted`);
  }
  return Buffer.concat(all);
}


/** Lets go of a worker stuck opening `fifo` for writing (the code before this fix): a reader that comes and goes. */
async function releaseFifoWriters(fifo: string): Promise<void> {
  for (let i = 0; i < 8; i++) {
    const reader = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
    await reader?.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.runIf(isLinux)('a FIFO or a device where a file was expected', () => {
  let dir: string;
  let fifo: string;
  let harness: EngineHarness;
  const children: ChildProcess[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketdesk-fifo-'));
    fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    harness = new EngineHarness();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    // Whatever an unfixed engine left blocked on the FIFO comes back, so a failure here does not hang the worker.
    await releaseFifoReaders(fifo);
    await releaseFifoWriters(fifo);
    await harness.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function openUdpWithPeer(): Promise<{ sessionId: string; port: number; peer: Awaited<ReturnType<typeof udpPeer>> }> {
    const peer = await udpPeer();
    cleanups.push(() => new Promise<void>((resolve) => peer.socket.close(() => resolve())));
    const opened = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    return { sessionId: opened.sessionId, port: opened.local.port, peer };
  }

  function startReader(script: string, args: readonly string[]): { child: ChildProcess; lines: string[] } {
    const child = spawn('python3', ['-c', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    return { child, lines };
  }

  it('file send from a FIFO nobody writes to: refused at once as not a regular file, five times; no worker waits on it, the session sends on', async () => {
    const { sessionId, peer } = await openUdpWithPeer();
    const baseline = canCountDescriptors ? openDescriptors() : 0;
    // Five: one more than libuv's four workers, so a single stuck open would already show as a hang below.
    for (let i = 0; i < 5; i++) {
      const result = await within(harness.invoke('session.sendFile', { sessionId, path: fifo, to: { host: '127.0.0.1', port: peer.port } }), 3_000, `file send ${i + 1} from the FIFO`);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: `${fifo} is not a regular file`, params: { path: fifo, field: 'path', reason: 'notRegularFile' } } });
    }
    expect(threadsWaitingOnPipes() ?? [], 'threads left waiting on the FIFO').toEqual([]);
    // Every worker is free: a file operation and a command both answer.
    expect((await within(stat(dir), 2_000, 'a stat after the refusals')).isDirectory()).toBe(true);
    expect((await within(harness.invoke('system.interfaces', {}), 2_000, 'system.interfaces')).ok).toBe(true);
    // Nothing was counted as sent, and the session still sends.
    await harness.must('session.send', { sessionId, bytes: Buffer.from('still here'), to: { host: '127.0.0.1', port: peer.port } });
    await waitFor(() => peer.received.length === 1, 2_000, 'the datagram after the refusals');
    await waitFor(() => harness.countersOf(sessionId)?.txBytes === 10, 2_000, 'tx counter');
    expect(harness.countersOf(sessionId)).toMatchObject({ txBytes: 10, txFrames: 1 });
    if (canCountDescriptors) {
      const after = await descriptorsBackTo(baseline);
      console.info(`[fault: file send from a FIFO] descriptors ${baseline} before, ${after} after 5 refusals`);
    }
  });

  it('file send from a device (/dev/zero, endless) is refused as not a regular file, with the reason the page words', async () => {
    const { sessionId, peer } = await openUdpWithPeer();
    const result = await within(harness.invoke('session.sendFile', { sessionId, path: '/dev/zero', to: { host: '127.0.0.1', port: peer.port } }), 3_000, 'file send from /dev/zero');
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { path: '/dev/zero', field: 'path', reason: 'notRegularFile' } } });
    expect(harness.eventsOf('send.progress', sessionId).filter((p) => p.bytesSent > 0)).toEqual([]);
  });

  it('capture into a FIFO nobody reads: refused at once, saying nobody reads the pipe; no worker waits on it; the session carries on', async () => {
    const { sessionId, port, peer } = await openUdpWithPeer();
    const baseline = canCountDescriptors ? openDescriptors() : 0;
    for (let i = 0; i < 5; i++) {
      const result = await within(harness.invoke('session.capture.start', { sessionId, path: fifo }), 3_000, `capture ${i + 1} into the FIFO`);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { path: fifo, field: 'path', reason: 'fifoNoReader' } } });
      if (!result.ok) expect(result.error.message).toBe(`Nothing is reading the named pipe ${fifo}`);
    }
    expect(harness.eventsOf('capture.state', sessionId).at(-1)).toMatchObject({ active: false, path: fifo, bytes: 0, error: { params: { reason: 'fifoNoReader' } } });
    expect(threadsWaitingOnPipes() ?? [], 'threads left waiting on the FIFO').toEqual([]);
    expect((await within(stat(dir), 2_000, 'a stat after the refusals')).isDirectory()).toBe(true);
    await sendDatagrams(harness, sessionId, peer, port, 1, 5, 1);
    await waitFor(() => harness.countersOf(sessionId)?.rxBytes === 5, 2_000, 'rx after the refusals');
    if (canCountDescriptors) {
      const after = await descriptorsBackTo(baseline);
      console.info(`[fault: capture into a FIFO without reader] descriptors ${baseline} before, ${after} after 5 refusals`);
    }
  });

  it.runIf(hasPython)('capture into a FIFO a program reads: every received byte reaches it, exactly as counted', async () => {
    const { sessionId, port, peer } = await openUdpWithPeer();
    const total = 40 * 8_000; // five times what a pipe holds: the capture must wait for the reader, not drop
    const out = join(dir, 'read-by-python.bin');
    const reader = startReader(DRAINING_READER, [fifo, out, String(total)]);
    await waitFor(() => reader.lines.includes('ready'), 5_000, 'the reader to open the FIFO');
    expect(await harness.must('session.capture.start', { sessionId, path: fifo })).toEqual({ path: fifo });
    const sent = await sendDatagrams(harness, sessionId, peer, port, 40, 8_000, 7);
    await waitFor(() => harness.countersOf(sessionId)?.rxBytes === total, 5_000, 'every datagram counted');
    await waitFor(() => reader.lines.includes('done'), 5_000, 'the reader to get every byte');
    expect(await harness.must('session.capture.stop', { sessionId })).toEqual({ path: fifo, bytes: total });
    const read = await readFile(out);
    expect(read.length).toBe(total);
    expect(read.equals(sent)).toBe(true);
    console.info(`[fault: capture into a read FIFO] ${total} B received, ${total} B counted, ${read.length} B read by the other program`);
  });

  it.runIf(hasPython)('capture into a FIFO whose reader stalls and then goes: the engine never blocks, and a row says the capture stopped at N bytes', async () => {
    const { sessionId, port, peer } = await openUdpWithPeer();
    const baseline = canCountDescriptors ? openDescriptors() : 0;
    const reader = startReader(STALLED_READER, [fifo]);
    await waitFor(() => reader.lines.includes('ready'), 5_000, 'the reader to open the FIFO');
    await harness.must('session.capture.start', { sessionId, path: fifo });
    const total = 32 * 8_000;
    await sendDatagrams(harness, sessionId, peer, port, 32, 8_000, 3);
    await waitFor(() => harness.countersOf(sessionId)?.rxBytes === total, 5_000, 'every datagram counted');
    // The pipe is full (64 KiB) and nobody reads: the rest waits in the engine's memory, not in a blocked write(2).
    const stalled = await waitFor(
      () => harness.eventsOf('capture.state', sessionId).find((s) => s.active && s.bytes + s.pendingBytes === total && s.pendingBytes > 0),
      3_000,
      'a capture.state with the backlog pending',
    );
    expect(stalled.bytes).toBeLessThanOrEqual(65_536);
    expect(threadsWaitingOnPipes() ?? [], 'threads blocked writing to the FIFO').toEqual([]);
    expect((await within(stat(dir), 2_000, 'a stat while the pipe is full')).isDirectory()).toBe(true);
    expect((await within(harness.invoke('system.interfaces', {}), 2_000, 'a command while the pipe is full')).ok).toBe(true);

    reader.child.kill('SIGKILL');
    const failed = await waitFor(() => harness.eventsOf('capture.state', sessionId).find((s) => s.error), 3_000, 'the capture to fail');
    expect(failed).toMatchObject({ active: false, path: fifo, pendingBytes: 0, error: { code: 'INTERNAL', params: { path: fifo, reason: 'EPIPE' } } });
    const row = await waitFor(() => harness.logEventsOf(sessionId).find((event) => event.type === 'capture-failed'), 2_000, 'the capture-failed row');
    expect(row).toEqual({ type: 'capture-failed', bytes: failed.bytes, error: { code: 'INTERNAL', params: { path: fifo, reason: 'EPIPE' } } });
    // The session carries on, its counters exact.
    await sendDatagrams(harness, sessionId, peer, port, 1, 100, 9);
    await waitFor(() => harness.countersOf(sessionId)?.rxBytes === total + 100, 2_000, 'rx after the capture ended');
    expect(harness.countersOf(sessionId)).toMatchObject({ rxBytes: total + 100, rxFrames: 33 });
    if (canCountDescriptors) {
      const after = await descriptorsBackTo(baseline);
      console.info(`[fault: capture into a stalled FIFO] ${total} B counted, ${failed.bytes} B written before the reader went; descriptors ${baseline} before, ${after} after`);
    }
  });
});
