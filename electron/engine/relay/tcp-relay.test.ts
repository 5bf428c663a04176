import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_LIMITS, type RelayConfig } from '@shared';
import { EngineHarness } from '../test-support/engine-harness';
import { closedTcpPort, hasTool, Processes } from '../test-support/peers';
import { waitFor } from '../test-support/wait-for';
import { markedBytes, relayClient, relayEvents, relayRows, testServer } from './test-support/relay-peers';

const TO_SERVER = 'relay:client-to-server';
const TO_CLIENT = 'relay:server-to-client';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Until something accepts on 127.0.0.1:`port` (a peer process starting up); bounded by tries. */
async function waitForListener(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const accepted = await new Promise<boolean>((resolve) => {
      const probe = connect(port, '127.0.0.1');
      probe.once('connect', () => {
        probe.destroy();
        resolve(true);
      });
      probe.once('error', () => resolve(false));
    });
    if (accepted) return;
    await sleep(20);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

/** Issue 10: a TCP relay between real peers on loopback, every byte and every end accounted for. */
describe('TCP relay', () => {
  let harness: EngineHarness;
  const sockets: Socket[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const processes = new Processes();

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await processes.killAll();
  });

  async function relayTo(remotePort: number, extra: Partial<RelayConfig> = {}) {
    harness = new EngineHarness();
    const config: RelayConfig = { kind: 'relay', transport: 'tcp', localAddress: '127.0.0.1', localPort: 0, remoteHost: '127.0.0.1', remotePort, ...extra };
    return harness.must('session.open', { config });
  }

  /** A server that answers each chunk with the same bytes, each one plus 1 (so the two legs differ). */
  async function incrementingServer() {
    const far = await testServer((chunk) => Buffer.from(chunk.map((byte) => (byte + 1) & 0xff)));
    cleanups.push(far.close);
    return far;
  }

  it('forwards both ways byte-exact, logs each leg with its mark and the client as peer, and counts each leg exactly', async () => {
    const far = await incrementingServer();
    const opened = await relayTo(far.port);
    expect(opened.remote).toMatchObject({ address: '127.0.0.1', port: far.port });
    const client = await relayClient(sockets, opened.local.port);
    const sent = randomBytes(300_000);
    client.socket.write(sent);
    await waitFor(() => client.received().length >= sent.length, 5000, 'the whole answer');

    const expected = Buffer.from(sent.map((byte) => (byte + 1) & 0xff));
    expect(far.connections).toHaveLength(1);
    expect(far.connections[0]!.received().equals(sent)).toBe(true);
    expect(client.received().equals(expected)).toBe(true);
    await waitFor(() => harness.countersOf('s1')?.txBytes === sent.length, 2000, 'exact counters');
    const counters = harness.countersOf('s1')!;
    expect(counters.rxBytes).toBe(sent.length);
    expect(counters.txBytes).toBe(sent.length);
    expect(markedBytes(harness, 's1', TO_SERVER).equals(sent)).toBe(true);
    expect(markedBytes(harness, 's1', TO_CLIENT).equals(expected)).toBe(true);
    const traffic = relayRows(harness, 's1').filter((row) => row.dir !== 'event');
    expect(traffic.every((row) => (row.dir === 'rx' ? row.mark === TO_SERVER : row.mark === TO_CLIENT))).toBe(true);
    expect(traffic.every((row) => `${row.peer.address}:${row.peer.port}` === client.key)).toBe(true);
    expect(counters.rxFrames).toBe(traffic.filter((row) => row.dir === 'rx').length);

    // The list shows the pair: its client, its upstream (the address the server saw) and the bytes each way.
    const pair = await waitFor(() => harness.lastClients('s1').find((c) => c.txBytes === sent.length), 2000, 'the pair listed');
    expect(pair.key).toBe(client.key);
    expect(pair.rxBytes).toBe(sent.length);
    expect(pair.relay?.state).toBe('open');
    expect(`${pair.relay?.upstream?.address}:${pair.relay?.upstream?.port}`).toBe(far.connections[0]!.peer);
    expect(relayEvents(harness, 's1', client.key).slice(0, 2)).toEqual(['relay-pair-opened', 'relay-upstream-connected']);
  });

  it.skipIf(!hasTool('socat'))('relays for an external client (socat) to an external server (socat echo), both ways exact', async () => {
    const echoPort = await closedTcpPort();
    const echo = processes.start('socat', [`TCP-LISTEN:${echoPort},bind=127.0.0.1,reuseaddr,fork`, 'EXEC:cat']);
    await waitForListener(echoPort);
    expect(echo.exitCode).toBeNull();
    const opened = await relayTo(echoPort);
    const client = processes.start('socat', ['-', `TCP:127.0.0.1:${opened.local.port}`]);
    const received: Buffer[] = [];
    client.stdout!.on('data', (chunk: Buffer) => received.push(chunk));
    const line = Buffer.from('hello through the relay 你好\n');
    client.stdin!.write(line);
    await waitFor(() => Buffer.concat(received).equals(line), 5000, 'the echo back at the client');
    await waitFor(() => harness.countersOf('s1')?.txBytes === line.length, 2000, 'counters');
    expect(harness.countersOf('s1')).toMatchObject({ rxBytes: line.length, txBytes: line.length });
    expect(markedBytes(harness, 's1', TO_SERVER).equals(line)).toBe(true);
    expect(markedBytes(harness, 's1', TO_CLIENT).equals(line)).toBe(true);
  });

  it('gives every client its own upstream connection; answers go back to the client that asked', async () => {
    const far = await testServer((chunk) => Buffer.concat([Buffer.from('re:'), chunk]));
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    const clients = [await relayClient(sockets, opened.local.port), await relayClient(sockets, opened.local.port), await relayClient(sockets, opened.local.port)];
    clients.forEach((client, i) => client.socket.write(`from ${i}`));
    await waitFor(() => clients.every((client, i) => client.received().toString() === `re:from ${i}`), 3000, 'each answer');

    expect(far.connections).toHaveLength(3);
    expect(new Set(far.connections.map((c) => c.peer)).size).toBe(3);
    expect(far.connections.map((c) => c.received().toString()).sort()).toEqual(['from 0', 'from 1', 'from 2']);
    const listed = await waitFor(() => (harness.lastClients('s1').filter((c) => c.txBytes > 0).length === 3 ? harness.lastClients('s1') : undefined), 2000, 'three pairs');
    expect(listed.map((c) => c.key).sort()).toEqual(clients.map((c) => c.key).sort());
    // Each pair's upstream is the connection whose bytes were that client's.
    for (const [i, client] of clients.entries()) {
      const pair = listed.find((c) => c.key === client.key)!;
      const upstream = `${pair.relay!.upstream!.address}:${pair.relay!.upstream!.port}`;
      expect(far.connections.find((c) => c.peer === upstream)!.received().toString()).toBe(`from ${i}`);
      expect(markedBytes(harness, 's1', TO_CLIENT, client.key).toString()).toBe(`re:from ${i}`);
    }
  });

  it('upstream refused: the client is reset, and the log says the server refused; nothing counts as forwarded', async () => {
    const opened = await relayTo(await closedTcpPort());
    const client = await relayClient(sockets, opened.local.port);
    client.socket.write('lost');
    await waitFor(() => client.state.closed, 3000, 'the client closed');
    expect(client.state.error).toBe('ECONNRESET');
    await waitFor(() => relayEvents(harness, 's1', client.key).includes('relay-pair-closed:failed'), 2000, 'the rows');
    expect(relayEvents(harness, 's1', client.key)).toEqual(['relay-pair-opened', 'relay-upstream-failed:refused', 'relay-pair-closed:failed']);
    const failed = relayRows(harness, 's1').find((row) => row.event?.type === 'relay-upstream-failed')!.event;
    // The client's 4 bytes may still be in flight when the refusal comes: held or not, none was forwarded.
    expect(failed).toMatchObject({ transport: 'tcp', server: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(harness.countersOf('s1')).toMatchObject({ rxBytes: 0, txBytes: 0 });
    await waitFor(() => harness.lastClients('s1').length === 0 && harness.eventsOf('server.clients', 's1').length > 0, 2000, 'the list empty');
  });

  it.skipIf(!hasTool('python3'))('holds what a client sends while its upstream connects, up to a bound; a time-out says how much was held', async () => {
    // A listener that never accepts, its queue filled: the relay's SYN gets no answer, so its connect hangs.
    const port = await closedTcpPort();
    const script = `import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ns.bind(('127.0.0.1',${port}))\ns.listen(0)\nprint('ready',flush=True)\ntime.sleep(30)`;
    const stuck = processes.start('python3', ['-c', script]);
    await new Promise<void>((resolve) => stuck.stdout!.once('data', () => resolve()));
    const fillers: Socket[] = [];
    for (let i = 0; i < 3; i++) {
      const filler = connect(port, '127.0.0.1');
      filler.on('error', () => undefined);
      fillers.push(filler);
      sockets.push(filler);
    }
    await sleep(100);
    const opened = await relayTo(port, { connectTimeoutMs: 1_000 });
    const client = await relayClient(sockets, opened.local.port);
    // Far more than a pair holds: the relay stops reading the client at the bound, and the client's queue keeps the rest.
    client.socket.write(Buffer.alloc(4 * 1024 * 1024, 0x62));
    await waitFor(() => client.state.closed, 5000, 'the client reset after the time-out');
    const failed = await waitFor(() => relayRows(harness, 's1').find((row) => row.event?.type === 'relay-upstream-failed')?.event, 2000, 'the row');
    expect(failed).toMatchObject({ type: 'relay-upstream-failed', reason: 'timeout', transport: 'tcp' });
    const held = failed?.type === 'relay-upstream-failed' ? failed.heldBytes : -1;
    expect(held).toBeGreaterThanOrEqual(RELAY_LIMITS.maxHeldBytesBeforeConnect);
    expect(held).toBeLessThan(RELAY_LIMITS.maxHeldBytesBeforeConnect + 1024 * 1024);
    expect(harness.countersOf('s1') ?? { rxBytes: 0 }).toMatchObject({ rxBytes: 0 });
  });

  it('server closes (FIN): passed on to the client, which may still finish; the rows say who closed', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    const client = await relayClient(sockets, opened.local.port);
    await waitFor(() => far.connections.length === 1, 2000, 'the upstream');
    far.connections[0]!.socket.end('bye');
    await waitFor(() => client.state.ended, 2000, 'the FIN at the client');
    expect(client.received().toString()).toBe('bye');
    // Half-close: the client can still send; the server still gets it.
    client.socket.end('last words');
    await waitFor(() => far.connections[0]!.received().toString() === 'last words' && far.connections[0]!.ended, 2000, 'the client end at the server');
    await waitFor(() => relayEvents(harness, 's1', client.key).includes('relay-pair-closed:done'), 2000, 'the pair closed');
    expect(relayEvents(harness, 's1', client.key)).toEqual([
      'relay-pair-opened',
      'relay-upstream-connected',
      'relay-side-closed:server/fin',
      'relay-side-closed:client/fin',
      'relay-pair-closed:done',
    ]);
    const closed = relayRows(harness, 's1').find((row) => row.event?.type === 'relay-pair-closed')!.event;
    expect(closed).toMatchObject({ clientToServer: 'last words'.length, serverToClient: 3 });
  });

  it('server resets (RST): the client is reset too; client closes (FIN): the upstream hears it', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    const reset = await relayClient(sockets, opened.local.port);
    await waitFor(() => far.connections.length === 1, 2000, 'the first upstream');
    far.connections[0]!.socket.resetAndDestroy();
    await waitFor(() => reset.state.closed, 2000, 'the reset client closed');
    expect(reset.state.error).toBe('ECONNRESET');
    await waitFor(() => relayEvents(harness, 's1', reset.key).includes('relay-pair-closed:done'), 2000, 'its rows');
    expect(relayEvents(harness, 's1', reset.key)).toEqual(['relay-pair-opened', 'relay-upstream-connected', 'relay-side-closed:server/reset', 'relay-pair-closed:done']);

    const leaving = await relayClient(sockets, opened.local.port);
    await waitFor(() => far.connections.length === 2, 2000, 'the second upstream');
    leaving.socket.end();
    await waitFor(() => far.connections[1]!.ended, 2000, 'the FIN at the server');
    far.connections[1]!.socket.end();
    await waitFor(() => far.connections[1]!.closed && leaving.state.closed, 2000, 'both closed');
    await waitFor(() => relayEvents(harness, 's1', leaving.key).includes('relay-pair-closed:done'), 2000, 'its rows');
    expect(relayEvents(harness, 's1', leaving.key).slice(2)).toEqual(['relay-side-closed:client/fin', 'relay-side-closed:server/fin', 'relay-pair-closed:done']);
  });

  it('a client that resets: the upstream is reset too', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    const client = await relayClient(sockets, opened.local.port);
    await waitFor(() => far.connections.length === 1, 2000, 'the upstream');
    const errors: string[] = [];
    far.connections[0]!.socket.on('error', (error: NodeJS.ErrnoException) => errors.push(error.code ?? '?'));
    client.socket.resetAndDestroy();
    await waitFor(() => far.connections[0]!.closed, 2000, 'the upstream closed');
    expect(errors).toEqual(['ECONNRESET']);
    await waitFor(() => relayEvents(harness, 's1', client.key).includes('relay-pair-closed:done'), 2000, 'the rows');
    expect(relayEvents(harness, 's1', client.key).slice(2)).toEqual(['relay-side-closed:client/reset', 'relay-pair-closed:done']);
  });

  it('pause holds both ways (the senders wait: nothing is read, nothing counted) and resume delivers in order', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    const client = await relayClient(sockets, opened.local.port);
    await waitFor(() => far.connections.length === 1, 2000, 'the upstream');
    await harness.must('relay.pause', { sessionId: 's1', paused: true });
    for (const part of ['one,', 'two,', 'three']) {
      client.socket.write(part);
      far.connections[0]!.socket.write(part.toUpperCase());
      await sleep(20);
    }
    // A burst far larger than the kernel buffers: the relay does not read it, so the client's own queue holds it.
    const burst = Buffer.alloc(8 * 1024 * 1024, 0x61);
    client.socket.write(burst);
    await sleep(300);
    expect(far.connections[0]!.received().length).toBe(0);
    expect(client.received().length).toBe(0);
    expect(harness.countersOf('s1') ?? { rxBytes: 0, txBytes: 0 }).toMatchObject({ rxBytes: 0, txBytes: 0 });
    expect(client.socket.writableLength).toBeGreaterThan(0);
    expect((await harness.must('workspace.attach', {})).sessions[0]?.relay).toEqual({ paused: true });

    await harness.must('relay.pause', { sessionId: 's1', paused: false });
    const total = 'one,two,three'.length + burst.length;
    await waitFor(() => far.connections[0]!.received().length === total, 10_000, 'everything at the server');
    await waitFor(() => client.received().toString() === 'ONE,TWO,THREE', 2000, 'everything at the client');
    expect(far.connections[0]!.received().subarray(0, 13).toString()).toBe('one,two,three');
    await waitFor(() => harness.countersOf('s1')?.rxBytes === total, 2000, 'counted');
    const types = relayEvents(harness, 's1');
    expect(types.filter((type) => type === 'relay-paused' || type === 'relay-resumed')).toEqual(['relay-paused', 'relay-resumed']);
  });

  it('a client that comes while forwarding is paused waits too; a cyclic send injects toward its side', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    await harness.must('relay.pause', { sessionId: 's1', paused: true });
    const client = await relayClient(sockets, opened.local.port);
    client.socket.write('early');
    await waitFor(() => far.connections.length === 1, 2000, 'its upstream, made while paused');
    await sleep(200);
    expect(far.connections[0]!.received().length).toBe(0);
    await harness.must('relay.pause', { sessionId: 's1', paused: false });
    await waitFor(() => far.connections[0]!.received().toString() === 'early', 2000, 'delivered on resume');

    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('tick;'), periodMs: 5, count: 3, toward: 'client', client: client.key });
    await waitFor(() => client.received().toString() === 'tick;tick;tick;', 2000, 'three injected sends');
    await waitFor(() => markedBytes(harness, 's1', 'relay:inject-to-client').length === 15, 2000, 'their rows');
  });

  it('injects toward the server and toward the client, marked, counted on their leg; a side is required', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    const client = await relayClient(sockets, opened.local.port);
    await waitFor(() => harness.lastClients('s1')[0]?.relay?.state === 'open', 2000, 'the pair open');

    expect(await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x') })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'toward' } } });
    expect(await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('to-server'), toward: 'server', client: client.key })).toEqual({ bytesSent: 9 });
    expect(await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('to-client'), toward: 'client' })).toEqual({ bytesSent: 9 });
    await waitFor(() => far.connections[0]?.received().toString() === 'to-server' && client.received().toString() === 'to-client', 2000, 'both delivered');
    await waitFor(() => markedBytes(harness, 's1', 'relay:inject-to-client').length > 0, 2000, 'the rows');
    expect(markedBytes(harness, 's1', 'relay:inject-to-server').toString()).toBe('to-server');
    expect(markedBytes(harness, 's1', 'relay:inject-to-client').toString()).toBe('to-client');
    const injected = relayRows(harness, 's1').filter((row) => row.mark?.startsWith('relay:inject'));
    expect(injected.map((row) => row.dir)).toEqual(['rx', 'tx']);
    await waitFor(() => harness.countersOf('s1')?.txBytes === 9, 2000, 'counted');
    expect(harness.countersOf('s1')).toMatchObject({ rxBytes: 9, txBytes: 9 });
    expect(await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), toward: 'server', client: '127.0.0.1:1' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', params: { client: '127.0.0.1:1' } },
    });
    // The server's FIN is passed on: the client side is closed for writing, and saying so beats a silent drop.
    far.connections[0]!.socket.end();
    await waitFor(() => client.state.ended, 2000, 'the FIN passed on');
    expect(await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('late'), toward: 'client' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', params: { reason: 'relaySide', side: 'client' } },
    });
    // Kick closes the pair; the row says the user closed it.
    await harness.must('server.kick', { sessionId: 's1', client: client.key });
    await waitFor(() => relayEvents(harness, 's1', client.key).includes('relay-pair-closed:kicked'), 2000, 'kicked');
  });

  it('the user\'s Close closes every pair, each with its row; no side is left open', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port);
    const clients = [await relayClient(sockets, opened.local.port), await relayClient(sockets, opened.local.port)];
    await waitFor(() => far.connections.length === 2, 2000, 'two upstreams');
    await harness.must('session.close', { sessionId: 's1' });
    // Both test peers allow half-open connections: the relay's close reaches them as an end (FIN).
    await waitFor(() => clients.every((c) => c.state.ended || c.state.closed) && far.connections.every((c) => c.ended || c.closed), 2000, 'all ended');
    for (const client of clients) expect(relayEvents(harness, 's1', client.key).at(-1)).toBe('relay-pair-closed:relay-closed');
  });

  it('refuses to open on a port in use, a host that does not resolve, and a relay onto itself, each saying so', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    harness = new EngineHarness();
    const base: RelayConfig = { kind: 'relay', transport: 'tcp', localAddress: '127.0.0.1', localPort: far.port, remoteHost: '127.0.0.1', remotePort: 9 };
    expect(await harness.invoke('session.open', { config: base })).toMatchObject({ ok: false, error: { code: 'EADDRINUSE', params: { port: far.port } } });
    expect(await harness.invoke('session.open', { config: { ...base, localPort: 0, remoteHost: 'no-such-host.invalid' } })).toMatchObject({
      ok: false,
      error: { code: 'ENOTFOUND', params: { host: 'no-such-host.invalid', field: 'remoteHost' } },
    });
    const port = await closedTcpPort();
    expect(await harness.invoke('session.open', { config: { ...base, localPort: port, remotePort: port } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { reason: 'relayLoop', field: 'remotePort' } },
    });
    // A relay holds its own port only while it is open: the refused one let go of it.
    expect((await harness.invoke('session.open', { config: { ...base, localPort: port, remotePort: far.port } })).ok).toBe(true);
  });

  it('keeps at most maxClients pairs and says how many it refused', async () => {
    const far = await testServer();
    cleanups.push(far.close);
    const opened = await relayTo(far.port, { maxClients: 1 });
    await relayClient(sockets, opened.local.port);
    await waitFor(() => far.connections.length === 1, 2000, 'the first pair');
    const second = await relayClient(sockets, opened.local.port);
    await waitFor(() => second.state.ended || second.state.closed, 2000, 'the second closed at once');
    await waitFor(() => relayEvents(harness, 's1').includes('relay-refused'), 3000, 'the refused row');
    const refused = relayRows(harness, 's1').find((row) => row.event?.type === 'relay-refused')!.event;
    expect(refused).toEqual({ type: 'relay-refused', transport: 'tcp', count: 1, limit: 1 });
    expect(far.connections).toHaveLength(1);
  });

  it('a capture file gets the client → server bytes, exactly as forwarded', async () => {
    const { mkdtemp, readFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'relay-capture-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const far = await incrementingServer();
    const opened = await relayTo(far.port);
    const path = join(dir, 'c2s.bin');
    await harness.must('session.capture.start', { sessionId: 's1', path });
    const client = await relayClient(sockets, opened.local.port);
    const sent = randomBytes(100_000);
    client.socket.write(sent);
    await waitFor(() => client.received().length === sent.length, 5000, 'the answer');
    await harness.must('session.capture.stop', { sessionId: 's1' });
    expect((await readFile(path)).equals(sent)).toBe(true);
  });
});
