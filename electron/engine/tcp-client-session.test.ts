import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './test-support/engine-harness';
import { closedTcpPort, closeServer, hasTool, tcpPeerServer } from './test-support/peers';
import { logShape } from './test-support/tcp-test-clients';
import { once, waitFor } from './test-support/wait-for';

const hasPython = hasTool('python3');

describe('TCP client session', () => {
  let harness: EngineHarness;
  const cleanups: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function peer(host = '127.0.0.1') {
    const p = await tcpPeerServer(host);
    cleanups.push(() => closeServer(p.server, p.sockets));
    return p;
  }

  function connectTo(port: number, remoteHost = '127.0.0.1', extra: { localAddress?: string; localPort?: number; connectTimeoutMs?: number } = {}) {
    return harness.invoke('session.open', { config: { kind: 'tcp-client', remoteHost, remotePort: port, ...extra } });
  }

  it('connects, reports opening → open with local and remote, sends and receives', async () => {
    harness = new EngineHarness();
    const server = await peer();
    const opened = await connectTo(server.port);
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    expect(opened.value.remote).toEqual({ address: '127.0.0.1', port: server.port, family: 'IPv4' });
    expect(opened.value.local).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(harness.eventsOf('session.state', 's1').map((e) => e.state)).toEqual(['opening', 'open']);

    const sent = await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('ping') });
    expect(sent.bytesSent).toBe(4);
    await waitFor(() => server.received().toString() === 'ping', 2000, 'server got ping');
    await waitFor(() => server.sockets.length === 1, 2000, 'accepted');
    server.sockets[0]!.write('pong!');
    expect((await harness.waitForRx('s1', 5)).toString()).toBe('pong!');
    const frames = harness.framesOf('s1');
    // The 'connected' row comes first; rows are numbered with the frames but never counted as traffic.
    expect(frames.map((f) => [f.seq, f.dir, f.peer.port])).toEqual([
      [1, 'event', server.port],
      [2, 'tx', server.port],
      [3, 'rx', server.port],
    ]);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 5, rxFrames: 1, txBytes: 4, txFrames: 1 });
  });

  it('closes with reason reset (ECONNRESET) when the peer resets', async () => {
    harness = new EngineHarness();
    const server = await peer();
    await connectTo(server.port);
    await waitFor(() => server.sockets.length === 1, 2000, 'accepted');
    server.sockets[0]!.resetAndDestroy();
    const closed = await harness.waitForState('s1', 'closed');
    // Both the reason and the error that gave it: the page shows the reason and adds the error only if it says more.
    expect(closed).toEqual({
      sessionId: 's1',
      state: 'closed',
      reason: 'reset',
      local: expect.objectContaining({ address: '127.0.0.1' }),
      remote: { address: '127.0.0.1', port: server.port, family: 'IPv4' },
      error: { code: 'ECONNRESET', message: 'Connection reset by peer', params: { host: '127.0.0.1', port: server.port }, detail: 'read ECONNRESET' },
    });
    expect(harness.eventsOf('session.error', 's1')).toEqual([]);
    expect(logShape(harness, 's1')).toEqual([`event:${server.port}:connected`, `event:${server.port}:disconnected/reset`]);
  });

  it('a user close logs disconnected (user) before the last batch', async () => {
    harness = new EngineHarness();
    const server = await peer();
    await connectTo(server.port);
    await harness.must('session.close', { sessionId: 's1' });
    expect(logShape(harness, 's1')).toEqual([`event:${server.port}:connected`, `event:${server.port}:disconnected/user`]);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0 });
  });

  it('a connect that fails logs no row', async () => {
    harness = new EngineHarness();
    await connectTo(await closedTcpPort());
    await harness.waitForState('s1', 'closed');
    expect(harness.framesOf('s1')).toEqual([]);
  });

  it('fails with ECONNREFUSED on a port nobody listens on', async () => {
    harness = new EngineHarness();
    const port = await closedTcpPort();
    const result = await connectTo(port);
    expect(result).toMatchObject({ ok: false, error: { code: 'ECONNREFUSED', params: { host: '127.0.0.1', port } } });
    const closed = await harness.waitForState('s1', 'closed');
    expect(closed).toMatchObject({ reason: 'error', error: { code: 'ECONNREFUSED' } });
  });

  it('fails with ENOTFOUND for a .invalid name', async () => {
    harness = new EngineHarness();
    expect(await connectTo(80, 'nowhere.invalid')).toMatchObject({ ok: false, error: { code: 'ENOTFOUND', params: { host: 'nowhere.invalid' } } });
  });

  it('rejects an IPv6 remote with an IPv4 local address (INVALID_ARGUMENT)', async () => {
    harness = new EngineHarness();
    expect(await connectTo(80, '::1', { localAddress: '127.0.0.1' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('a local port another socket holds fails with EADDRINUSE naming the local address and port, not the remote', async () => {
    harness = new EngineHarness();
    const server = await peer();
    const holder = await peer();
    const result = await connectTo(server.port, '127.0.0.1', { localAddress: '127.0.0.1', localPort: holder.port });
    expect(result).toMatchObject({ ok: false, error: { code: 'EADDRINUSE', params: { address: '127.0.0.1', port: holder.port } } });
    expect(result.ok ? {} : result.error.params).not.toHaveProperty('host');
    expect((await harness.waitForState('s1', 'closed')).error?.params).toEqual({ address: '127.0.0.1', port: holder.port });
  });

  it('binds the requested local address and port', async () => {
    harness = new EngineHarness();
    const server = await peer();
    const localPort = await closedTcpPort();
    const opened = await connectTo(server.port, '127.0.0.1', { localAddress: '127.0.0.1', localPort });
    expect(opened).toMatchObject({ ok: true, value: { local: { address: '127.0.0.1', port: localPort } } });
  });

  describe.skipIf(!hasPython)('connect timeout', () => {
    it('gives up with ETIMEDOUT (reason timeout) when SYNs go unanswered', async () => {
      // A listener with backlog 0 that never accepts: once one connection fills its accept queue, Linux drops
      // further SYNs, so the next connect hangs — a reliable "never completes" on loopback.
      const listener = spawn('python3', [
        '-c',
        'import socket,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(20)',
      ]);
      cleanups.push(() => void listener.kill('SIGKILL'));
      const line = await once<Buffer>(listener.stdout, 'data', 5000);
      const port = Number(line.toString().trim());
      const fillers: Socket[] = [];
      cleanups.push(() => fillers.forEach((s) => s.destroy()));
      const filler = connect(port, '127.0.0.1');
      filler.on('error', () => undefined);
      fillers.push(filler);
      await once(filler, 'connect', 2000);
      harness = new EngineHarness();
      const started = Date.now();
      const result = await connectTo(port, '127.0.0.1', { connectTimeoutMs: 300 });
      expect(result).toMatchObject({ ok: false, error: { code: 'ETIMEDOUT', params: { host: '127.0.0.1', port } } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(3000);
      expect((await harness.waitForState('s1', 'closed')).reason).toBe('timeout');
    });
  });

  it('a send still queued when the user closes resolves CLOSED_DURING_SEND', async () => {
    harness = new EngineHarness({ maxQueuedWriteBytes: 256 * 1024 * 1024 });
    const server = await peer();
    await connectTo(server.port);
    await waitFor(() => server.sockets.length === 1, 2000, 'accepted');
    server.sockets[0]!.pause(); // the peer stops reading: the kernel buffers fill, the rest waits in Node
    const big = new Uint8Array(64 * 1024 * 1024);
    const sending = harness.invoke('session.send', { sessionId: 's1', bytes: big });
    await harness.must('session.close', { sessionId: 's1' });
    expect(await sending).toMatchObject({ ok: false, error: { code: 'CLOSED_DURING_SEND', params: { reason: 'closed' } } });
    // Bytes that never left are not counted.
    expect(harness.countersOf('s1')?.txBytes ?? 0).toBe(0);
    expect((await harness.waitForState('s1', 'closed')).reason).toBe('user');
  });

  it('honours backpressure: QUEUE_FULL once the write queue holds maxQueuedWriteBytes; queued sends end CLOSED_DURING_SEND on reset', async () => {
    const cap = 1024 * 1024;
    harness = new EngineHarness({ maxQueuedWriteBytes: cap });
    const server = await peer();
    await connectTo(server.port);
    await waitFor(() => server.sockets.length === 1, 2000, 'accepted');
    server.sockets[0]!.pause();
    const chunk = new Uint8Array(256 * 1024);
    const pending: Array<ReturnType<typeof harness.invoke<'session.send'>>> = [];
    let queueFull: Awaited<ReturnType<typeof harness.invoke<'session.send'>>> | undefined;
    // Bounded: the kernel takes a few MiB on loopback, then Node queues; 400 × 256 KiB = 100 MiB is far beyond both.
    for (let i = 0; i < 400 && !queueFull; i++) {
      const attempt = harness.invoke('session.send', { sessionId: 's1', bytes: chunk });
      const settledNow = await Promise.race([attempt, new Promise<undefined>((r) => setImmediate(() => r(undefined)))]);
      if (settledNow && !settledNow.ok) queueFull = settledNow;
      else if (!settledNow) pending.push(attempt);
    }
    expect(queueFull).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL', params: { max: cap } } });
    expect(pending.length).toBeGreaterThan(0);
    server.sockets[0]!.resetAndDestroy();
    const results = await Promise.all(pending);
    // Each says the peer reset the connection, naming it (send-end.ts), not just "the connection closed".
    for (const result of results) expect(result).toMatchObject({ ok: false, error: { code: 'CLOSED_DURING_SEND', params: { reason: 'reset', endpoint: `127.0.0.1:${server.port}` } } });
    expect((await harness.waitForState('s1', 'closed')).reason).toBe('reset');
  });

  it('a large send resolves once written, and the peer gets every byte', async () => {
    harness = new EngineHarness();
    const server = await peer();
    await connectTo(server.port);
    const size = 8 * 1024 * 1024;
    const data = new Uint8Array(size).map((_, i) => i % 251);
    expect(await harness.must('session.send', { sessionId: 's1', bytes: data })).toEqual({ bytesSent: size });
    await waitFor(() => server.received().length === size, 5000, 'all bytes at peer');
    expect(Buffer.compare(server.received(), Buffer.from(data))).toBe(0);
    await waitFor(() => harness.countersOf('s1')?.txBytes === size, 2000, 'tx counter');
  });

  it('works over IPv6 ::1', async () => {
    harness = new EngineHarness();
    const server = await peer('::1');
    const opened = await connectTo(server.port, '::1');
    expect(opened).toMatchObject({ ok: true, value: { remote: { address: '::1', port: server.port, family: 'IPv6' }, local: { address: '::1', family: 'IPv6' } } });
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('six') });
    await waitFor(() => server.received().toString() === 'six', 2000, 'v6 bytes');
    await waitFor(() => server.sockets.length === 1, 2000, 'accepted');
    server.sockets[0]!.write('back');
    await harness.waitForRx('s1', 4);
    expect(harness.framesOf('s1', 'rx')[0]!.peer.family).toBe('IPv6');
  });

  it('Engine.dispose closes an open connection and is idempotent', async () => {
    harness = new EngineHarness();
    const server = await peer();
    await connectTo(server.port);
    await waitFor(() => server.sockets.length === 1, 2000, 'accepted');
    const peerClosed = once(server.sockets[0]!, 'close', 3000);
    await Promise.all([harness.dispose(), harness.dispose()]);
    await peerClosed;
    expect(harness.eventsOf('session.state', 's1').at(-1)).toMatchObject({ state: 'closed', reason: 'user' });
    expect(await harness.invoke('system.interfaces', {})).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });
});
