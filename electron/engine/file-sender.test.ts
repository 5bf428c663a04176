import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './test-support/engine-harness';
import { closeServer, tcpPeerServer } from './test-support/peers';
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

  it('cancels mid-way: resolves cancelled with the bytes sent so far, one final progress event', async () => {
    harness = new EngineHarness({ maxQueuedWriteBytes: 64 * 1024 * 1024 });
    // A peer that does not read: the socket fills up and the send waits on backpressure until cancelled.
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port } });
    await waitFor(() => peer.sockets.length === 1, 2000, 'accepted');
    peer.sockets[0]!.pause();
    const content = randomBytes(64 * 1024 * 1024);
    const path = await fileOf('cancel.bin', content);
    const sending = harness.invoke('session.sendFile', { sessionId: 's1', path });
    await waitFor(() => harness.eventsOf('send.progress', 's1').some((p) => p.bytesSent > 0), 5000, 'some progress');
    expect(await harness.invoke('session.sendFile', { sessionId: 's1', path })).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL' } });
    await harness.must('session.sendFile.cancel', { sessionId: 's1' });
    const result = await sending;
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.cancelled).toBe(true);
    expect(result.value.bytesSent).toBeGreaterThan(0);
    expect(result.value.bytesSent).toBeLessThan(content.length);
    const final = harness.eventsOf('send.progress', 's1').filter((p) => p.done);
    expect(final).toEqual([{ sessionId: 's1', path, bytesSent: result.value.bytesSent, totalBytes: content.length, done: true, cancelled: true }]);
    // The session is still usable.
    expect((await harness.invoke('session.sendFile.cancel', { sessionId: 's1' })).ok).toBe(true);
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
    const result = await sending;
    expect(result.ok).toBe(false);
    expect(harness.eventsOf('send.progress', 's1').at(-1)).toMatchObject({ done: true, error: { code: result.ok ? '' : result.error.code } });
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
