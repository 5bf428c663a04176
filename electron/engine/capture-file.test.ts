import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureFile } from './capture-file';
import { EngineHarness } from './test-support/engine-harness';
import { tcpPeerServer, closeServer, udpPeer } from './test-support/peers';
import { once, waitFor } from './test-support/wait-for';

describe('capture to file (session.capture.*)', () => {
  let harness: EngineHarness;
  let dir: string;
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketdesk-capture-'));
  });

  afterEach(async () => {
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes exactly the received TCP bytes (64 MiB) and equals the rx counter delta', async () => {
    // The display is not what is measured here: a small pending cap turns most frames into a gap.
    harness = new EngineHarness();
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port } });
    await waitFor(() => peer.sockets.length === 1, 2000, 'accepted');
    // Bytes before the capture starts are counted but not captured.
    peer.sockets[0]!.write('before');
    await harness.waitForRx('s1', 6);
    const rxBefore = harness.countersOf('s1')!.rxBytes;

    const path = join(dir, 'tcp.bin');
    expect(await harness.must('session.capture.start', { sessionId: 's1', path })).toEqual({ path });
    const payload = randomBytes(64 * 1024 * 1024);
    const startedAt = performance.now();
    peer.sockets[0]!.write(payload);
    await waitFor(() => (harness.countersOf('s1')?.rxBytes ?? 0) >= rxBefore + payload.length, 20_000, 'all bytes counted');
    const stopped = await harness.must('session.capture.stop', { sessionId: 's1' });
    const elapsedS = (performance.now() - startedAt) / 1000;
    console.info(`[capture TCP 64 MiB] ${(payload.length / 2 ** 20 / elapsedS).toFixed(0)} MiB/s including the stop's flush`);

    expect(stopped).toEqual({ path, bytes: payload.length });
    expect(harness.countersOf('s1')!.rxBytes - rxBefore).toBe(payload.length);
    const written = await readFile(path);
    expect(written.length).toBe(payload.length);
    expect(written.equals(payload)).toBe(true);
    const states = harness.eventsOf('capture.state', 's1');
    expect(states[0]).toMatchObject({ active: true, path, bytes: 0 });
    expect(states[states.length - 1]).toEqual({ sessionId: 's1', active: false, path, bytes: payload.length, pendingBytes: 0 });
  });

  it('reports the last bytes of a burst as written once they reach the file, not as pending forever', async () => {
    harness = new EngineHarness();
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port } });
    await waitFor(() => peer.sockets.length === 1, 2000, 'accepted');
    const path = join(dir, 'burst.bin');
    await harness.must('session.capture.start', { sessionId: 's1', path });
    peer.sockets[0]!.write('ping');
    await waitFor(
      () => harness.eventsOf('capture.state', 's1').some((state) => state.active && state.bytes === 4 && state.pendingBytes === 0),
      3000,
      'a capture.state with the 4 bytes written and nothing pending',
    );
  });

  it('captures every client of a TCP server, and closing the session flushes the file', async () => {
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const path = join(dir, 'server.bin');
    await harness.must('session.capture.start', { sessionId: 's1', path });
    const clients: Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const client = connect(opened.local.port, '127.0.0.1');
      clients.push(client);
      await once(client, 'connect');
      client.end(`client-${i};`);
    }
    await waitFor(() => harness.countersOf('s1')?.rxBytes === 27, 3000, '27 rx bytes');
    await harness.must('session.close', { sessionId: 's1' });
    const text = (await readFile(path)).toString();
    expect(text.length).toBe(27);
    expect(text.split(';').filter(Boolean).sort()).toEqual(['client-0', 'client-1', 'client-2']);
    const states = harness.eventsOf('capture.state', 's1');
    expect(states[states.length - 1]).toMatchObject({ active: false, bytes: 27 });
    for (const client of clients) client.destroy();
  });

  it('captures UDP datagrams concatenated, and appends with append: true', async () => {
    harness = new EngineHarness();
    const peer = await udpPeer();
    cleanups.push(() => new Promise<void>((resolve) => peer.socket.close(() => resolve())));
    const opened = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const path = join(dir, 'udp.bin');
    await harness.must('session.capture.start', { sessionId: 's1', path });
    for (const word of ['one', 'two', 'three']) peer.socket.send(word, opened.local.port, '127.0.0.1');
    await harness.waitForRx('s1', 11);
    expect(await harness.must('session.capture.stop', { sessionId: 's1' })).toEqual({ path, bytes: 11 });
    await harness.must('session.capture.start', { sessionId: 's1', path, append: true });
    peer.socket.send('four', opened.local.port, '127.0.0.1');
    await harness.waitForRx('s1', 15);
    expect(await harness.must('session.capture.stop', { sessionId: 's1' })).toEqual({ path, bytes: 4 });
    expect((await readFile(path)).toString()).toBe('onetwothreefour');
  });

  it('reports a bad path as an error value naming the path; the session carries on', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const missingDir = join(dir, 'no-such-dir', 'x.bin');
    expect(await harness.invoke('session.capture.start', { sessionId: 's1', path: missingDir })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', params: { path: missingDir } },
    });
    expect(await harness.invoke('session.capture.start', { sessionId: 's1', path: dir })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { path: dir } },
    });
    expect(harness.eventsOf('capture.state', 's1').map((s) => [s.active, s.error?.code])).toEqual([
      [false, 'NOT_FOUND'],
      [false, 'INVALID_ARGUMENT'],
    ]);
    expect(await harness.invoke('session.capture.stop', { sessionId: 's1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await harness.invoke('system.interfaces', {})).ok).toBe(true);
  });

  it.runIf(process.platform === 'linux')('ends the capture with an error when the disk is full (/dev/full); the session carries on', async () => {
    harness = new EngineHarness();
    const peer = await udpPeer();
    cleanups.push(() => new Promise<void>((resolve) => peer.socket.close(() => resolve())));
    const opened = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    await harness.must('session.capture.start', { sessionId: 's1', path: '/dev/full' });
    peer.socket.send('lost on disk', opened.local.port, '127.0.0.1');
    const failed = await waitFor(() => harness.eventsOf('capture.state', 's1').find((s) => s.error), 3000, 'capture error');
    expect(failed).toMatchObject({ active: false, path: '/dev/full', error: { code: 'INTERNAL', params: { path: '/dev/full', reason: 'ENOSPC' } } });
    peer.socket.send('still here', opened.local.port, '127.0.0.1');
    expect((await harness.waitForRx('s1', 22)).toString()).toBe('lost on diskstill here');
  });

  it('keeps a file it cannot finish opening out of a session that closed meanwhile', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const path = join(dir, 'late.bin');
    const starting = harness.invoke('session.capture.start', { sessionId: 's1', path });
    await harness.must('session.close', { sessionId: 's1' });
    const result = await starting;
    // Either the capture opened before the close (and the close flushed it) or the start reports NOT_OPEN.
    if (result.ok) expect(harness.eventsOf('capture.state', 's1').at(-1)).toMatchObject({ active: false });
    else expect(result.error.code).toBe('NOT_OPEN');
    expect((await stat(path)).size).toBe(0);
  });

  it('asks to pause receiving while the file is behind its backlog cap, and to resume once it caught up', async () => {
    const pauses: boolean[] = [];
    const path = join(dir, 'slow.bin');
    const opened = await CaptureFile.open(path, false, { onState: () => undefined, setReceivePaused: (p) => pauses.push(p), backlogCapBytes: 1024 * 1024 });
    if (!opened.ok) throw new Error(opened.error.message);
    const chunk = randomBytes(512 * 1024);
    for (let i = 0; i < 8; i++) opened.value.write(chunk);
    expect(pauses).toEqual([true]);
    await waitFor(() => pauses.length === 2, 5000, 'resume');
    expect(pauses).toEqual([true, false]);
    expect(await opened.value.close()).toEqual({ path, bytes: 8 * chunk.length });
  });
});
