import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandArgs } from '@shared';
import { within } from '../test-support/wait-for';
import { EngineHarness } from './test-support/engine-harness';
import { settledValue } from './test-support/counting-peer';
import { closeServer, tcpPeerServer, udpPeer } from './test-support/peers';
import { once, waitFor } from './test-support/wait-for';

describe('file send (session.sendFile)', () => {
  let harness: EngineHarness;
  let dir: string;
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketdesk-sendfile-'));
  });

  afterEach(async () => {
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function fileOf(name: string, bytes: Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  }

  /**
   * A TCP peer that only counts what it receives (a copy per poll of 64 MiB would slow the test down). `slow`: it
   * pauses ~1 ms after each read, a link slower than the disk, so the sender always has bytes queued in the socket.
   */
  async function countingTcpPeer(slow = false): Promise<{ server: Server; port: number; sockets: Socket[]; bytes: () => number }> {
    let bytes = 0;
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!slow) return;
        socket.pause();
        setTimeout(() => socket.resume(), 1);
      });
      sockets.push(socket);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => closeServer(server, sockets));
    return { server, port: (server.address() as AddressInfo).port, sockets, bytes: () => bytes };
  }


  const progressBytes = (): number => harness.eventsOf('send.progress', 's1').at(-1)?.bytesSent ?? 0;

  /**
   * Starts a file send, cancels it once `cancelWhen` resolves (chosen so that the sender has filled its window, i.e.
   * bytes are queued in the socket), and returns its answer and its final progress.
   */
  async function sendAndCancel(
    args: CommandArgs<'session.sendFile'>,
    cancelWhen: () => Promise<unknown>,
    beforeAnswer?: (sending: Promise<unknown>) => Promise<void>,
  ) {
    const sending = harness.invoke('session.sendFile', args);
    await cancelWhen();
    await harness.must('session.sendFile.cancel', { sessionId: 's1' });
    await beforeAnswer?.(sending);
    const result = await within(sending, 10_000, 'the answer to the cancelled send');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const finals = harness.eventsOf('send.progress', 's1').filter((p) => p.done);
    expect(finals).toHaveLength(1);
    return { result: result.value, final: finals[0]! };
  }

  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);

  /**
   * After a cancelled TCP send, once the bytes still queued have reached the peer: the answer, the final progress and
   * the tx counter all equal what the peer received, which is some of the file but not all. `label` is for the log.
   */
  async function expectTcpCancelAccounted(
    label: string,
    peer: { bytes: () => number },
    path: string,
    content: Buffer,
    { result, final }: Awaited<ReturnType<typeof sendAndCancel>>,
  ): Promise<void> {
    const received = await settledValue(peer.bytes, 'bytes at the peer');
    const tx = await settledValue(() => harness.countersOf('s1')?.txBytes ?? 0, 'tx counter');
    console.info(`[sendFile TCP cancel, ${label}] answer ${mib(result.bytesSent)} MiB, final progress ${mib(final.bytesSent)} MiB, peer ${mib(received)} MiB, tx counter ${mib(tx)} MiB`);
    expect(result.cancelled).toBe(true);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(content.length);
    expect({ answer: result.bytesSent, finalProgress: final.bytesSent, txCounter: tx }).toEqual({ answer: received, finalProgress: received, txCounter: received });
    expect(final).toEqual({ sessionId: 's1', path, bytesSent: received, totalBytes: content.length, done: true, cancelled: true });
  }

  async function tcpClientSession() {
    harness = new EngineHarness();
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port } });
    return peer;
  }

  it('streams a 32 MiB file over TCP: the peer receives exactly the file, counters and progress agree', async () => {
    const peer = await tcpClientSession();
    const content = randomBytes(32 * 1024 * 1024);
    const path = await fileOf('big.bin', content);
    const startedAt = performance.now();
    const result = await harness.must('session.sendFile', { sessionId: 's1', path });
    await waitFor(() => peer.received().length >= content.length, 10_000, 'the whole file at the peer');
    const seconds = (performance.now() - startedAt) / 1000;
    console.info(`[sendFile TCP 32 MiB] ${(content.length / 2 ** 20 / seconds).toFixed(0)} MiB/s to a Node peer in the same process`);
    expect(result).toEqual({ bytesSent: content.length, cancelled: false });
    expect(peer.received().equals(content)).toBe(true);
    await waitFor(() => harness.countersOf('s1')?.txBytes === content.length, 2000, 'tx counter');
    const progress = harness.eventsOf('send.progress', 's1');
    expect(progress[0]).toMatchObject({ bytesSent: 0, totalBytes: content.length, done: false, path });
    expect(progress.at(-1)).toEqual({ sessionId: 's1', path, bytesSent: content.length, totalBytes: content.length, done: true });
    expect(progress.filter((p) => p.done)).toHaveLength(1);
  });

  it('sends a file to a UDP peer as one datagram per chunkSize bytes', async () => {
    harness = new EngineHarness();
    const receiver = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    const datagrams: Buffer[] = [];
    receiver.on('message', (data) => datagrams.push(data));
    receiver.bind(0, '127.0.0.1');
    await once(receiver, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const content = randomBytes(200 * 1000 + 123);
    const path = await fileOf('dgrams.bin', content);
    const to = { host: '127.0.0.1', port: receiver.address().port };
    expect(await harness.must('session.sendFile', { sessionId: 's1', path, to, chunkSize: 1000 })).toEqual({ bytesSent: content.length, cancelled: false });
    await waitFor(() => datagrams.length === 201, 5000, '201 datagrams');
    expect(datagrams.slice(0, 200).every((d) => d.length === 1000)).toBe(true);
    expect(datagrams[200]!.length).toBe(123);
    expect(Buffer.concat(datagrams).equals(content)).toBe(true);
    await waitFor(() => harness.countersOf('s1')?.txFrames === 201, 2000, 'tx counter');
  });

  /**
   * The tx frames of a file send, as the log shows them, against the file: each frame's bytes are the file's at
   * its offset (a frame over the display limit shows its start). The sender reads into a few reused buffers, so a
   * frame that kept a view into one would show later bytes of the file here.
   */
  async function expectLogShowsFile(content: Buffer): Promise<void> {
    // A batch carries the latest counters, while its frames may be cut into the batches that follow.
    const logged = (): number => harness.framesOf('s1', 'tx').reduce((sum, frame) => sum + (frame.length ?? frame.bytes.length), 0);
    await waitFor(() => logged() === content.length, 5000, 'every tx frame in the log');
    const frames = harness.framesOf('s1', 'tx');
    expect(harness.gapsOf('s1')).toEqual([]);
    let offset = 0;
    for (const frame of frames) {
      expect(Buffer.from(frame.bytes).equals(content.subarray(offset, offset + frame.bytes.length)), `tx frame at byte ${offset}`).toBe(true);
      offset += frame.length ?? frame.bytes.length;
    }
    expect(offset).toBe(content.length);
  }

  it('the log shows the file\'s own bytes though read buffers are reused: TCP (1 MiB frames) and UDP (60 000 B datagrams)', async () => {
    const peer = await tcpClientSession();
    const content = randomBytes(12 * 1024 * 1024 + 777);
    const path = await fileOf('reused.bin', content);
    expect(await harness.must('session.sendFile', { sessionId: 's1', path })).toEqual({ bytesSent: content.length, cancelled: false });
    await waitFor(() => peer.received().length >= content.length, 10_000, 'the whole file at the peer');
    expect(peer.received().equals(content)).toBe(true);
    await expectLogShowsFile(content);
    await harness.dispose();

    harness = new EngineHarness();
    const receiver = await udpPeer();
    cleanups.push(() => new Promise<void>((resolve) => receiver.socket.close(() => resolve())));
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const to = { host: '127.0.0.1', port: receiver.port };
    const datagrams = content.subarray(0, 8 * 1024 * 1024 + 123);
    const udpPath = await fileOf('reused-udp.bin', datagrams);
    expect(await harness.must('session.sendFile', { sessionId: 's1', path: udpPath, to, chunkSize: 60_000 })).toEqual({ bytesSent: datagrams.length, cancelled: false });
    await expectLogShowsFile(datagrams);
  });

  it('cancelled over TCP to a slow peer: the answer and the final progress equal what the peer receives and the tx counter', async () => {
    harness = new EngineHarness();
    const peer = await countingTcpPeer(true);
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port } });
    const content = randomBytes(64 * 1024 * 1024);
    const path = await fileOf('cancel.bin', content);
    const cancelled = await sendAndCancel({ sessionId: 's1', path }, () => waitFor(() => progressBytes() >= 4 * 1024 * 1024, 5000, 'progress ≥ 4 MiB'));
    await expectTcpCancelAccounted('slow peer', peer, path, content, cancelled);
  });

  it('cancelled while the peer reads nothing: answers within a second anyway, counting the bytes the socket holds, which the peer gets once it reads', async () => {
    harness = new EngineHarness();
    // A peer that stops reading: the socket fills up, then the bytes queued in it can only leave once it reads again.
    const peer = await countingTcpPeer();
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port } });
    await waitFor(() => peer.sockets.length === 1, 2000, 'accepted');
    peer.sockets[0]!.pause();
    const content = randomBytes(64 * 1024 * 1024);
    const path = await fileOf('stalled.bin', content);
    // Cancel once the progress stands still: the kernel's buffers and the sender's window are full.
    const stalled = async (): Promise<void> => {
      await waitFor(progressBytes, 5000, 'some progress');
      await settledValue(progressBytes, 'progress');
    };
    const cancelledAt = Date.now();
    const cancelled = await sendAndCancel({ sessionId: 's1', path }, stalled, async (sending) => {
      const answered = await Promise.race([sending.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 200))]);
      expect(answered, 'a short wait for the queued bytes first').toBe(false);
      // Until it answers, the cancelled send still owns the session's one file send.
      expect(await harness.invoke('session.sendFile', { sessionId: 's1', path })).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL' } });
      await within(sending, 3_000, 'the answer while the peer still reads nothing');
    });
    expect(Date.now() - cancelledAt).toBeLessThan(3_000);
    peer.sockets[0]!.resume();
    await expectTcpCancelAccounted('stalled peer', peer, path, content, cancelled);
    // The session is still usable.
    expect((await harness.invoke('session.sendFile.cancel', { sessionId: 's1' })).ok).toBe(true);
  });

  it('cancelled over UDP: the answer and the final progress equal the datagrams handed to the kernel (tx counter)', async () => {
    harness = new EngineHarness();
    const receiver = await udpPeer();
    cleanups.push(() => new Promise<void>((resolve) => receiver.socket.close(() => resolve())));
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const content = randomBytes(32 * 1024 * 1024);
    const path = await fileOf('cancel-udp.bin', content);
    const to = { host: '127.0.0.1', port: receiver.port };
    const { result, final } = await sendAndCancel({ sessionId: 's1', path, to, chunkSize: 1000 }, () => waitFor(() => progressBytes() >= 1000 * 1000, 5000, 'progress ≥ 1 MB'));
    const tx = await settledValue(() => harness.countersOf('s1')?.txBytes ?? 0, 'tx counter');
    // Loopback UDP may drop datagrams when the receiver falls behind: the peer gets at most what was sent.
    const received = await settledValue(() => receiver.received.reduce((sum, d) => sum + d.data.length, 0), 'bytes at the peer');
    console.info(`[sendFile UDP cancel] answer ${result.bytesSent} B, final progress ${final.bytesSent} B, tx counter ${tx} B, peer ${received} B`);
    expect(result.cancelled).toBe(true);
    expect(tx).toBeGreaterThan(0);
    expect(tx).toBeLessThan(content.length);
    expect({ answer: result.bytesSent, finalProgress: final.bytesSent }).toEqual({ answer: tx, finalProgress: tx });
    expect(received).toBeLessThanOrEqual(tx);
  });

  it('fails when the session closes mid-way, with a final progress event carrying the error', async () => {
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const client = connect(opened.local.port, '127.0.0.1');
    client.on('error', () => undefined);
    cleanups.push(() => void client.destroy());
    const key = await waitFor(() => harness.lastClients('s1')[0]?.key, 2000, 'client');
    client.pause();
    const path = await fileOf('close.bin', randomBytes(64 * 1024 * 1024));
    const sending = harness.invoke('session.sendFile', { sessionId: 's1', path, client: key });
    await waitFor(() => harness.eventsOf('send.progress', 's1').some((p) => p.bytesSent > 0), 5000, 'some progress');
    await harness.must('session.close', { sessionId: 's1' });
    // "The session was closed", not "the session is not open" (the next piece's send): faults/close-during-file-send.
    const closed = { code: 'CLOSED_DURING_SEND', params: { reason: 'closed' } };
    expect(await sending).toMatchObject({ ok: false, error: closed });
    expect(harness.eventsOf('send.progress', 's1').at(-1)).toMatchObject({ done: true, error: closed });
  });

  it('reports a missing file, a directory and an unreadable file as error values naming the path', async () => {
    await tcpClientSession();
    const missing = join(dir, 'missing.bin');
    expect(await harness.invoke('session.sendFile', { sessionId: 's1', path: missing })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', params: { path: missing } },
    });
    expect(await harness.invoke('session.sendFile', { sessionId: 's1', path: dir })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { path: dir, field: 'path' } },
    });
    if (process.getuid?.() !== 0) {
      const secret = await fileOf('secret.bin', Buffer.from('x'));
      await chmod(secret, 0o000);
      expect(await harness.invoke('session.sendFile', { sessionId: 's1', path: secret })).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path: secret } } });
    }
    expect(harness.eventsOf('send.progress', 's1')).toEqual([]);
  });

  it('sends an empty file as nothing, and refuses on an unknown session', async () => {
    const peer = await tcpClientSession();
    const path = await fileOf('empty.bin', Buffer.alloc(0));
    expect(await harness.must('session.sendFile', { sessionId: 's1', path })).toEqual({ bytesSent: 0, cancelled: false });
    expect(peer.received().length).toBe(0);
    expect(harness.eventsOf('send.progress', 's1').at(-1)).toMatchObject({ done: true, bytesSent: 0, totalBytes: 0 });
    expect(await harness.invoke('session.sendFile', { sessionId: 's7', path })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });
});
