import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './test-support/engine-harness';
import { once, waitFor } from './test-support/wait-for';

interface TestClient {
  readonly socket: Socket;
  readonly key: string;
  received: () => string;
}

describe('TCP server session', () => {
  let harness: EngineHarness;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await harness?.dispose();
  });

  async function listen(localAddress = '127.0.0.1') {
    harness = new EngineHarness();
    return harness.must('session.open', { config: { kind: 'tcp-server', localAddress, localPort: 0 } });
  }

  async function client(port: number, host = '127.0.0.1'): Promise<TestClient> {
    const socket = connect(port, host);
    socket.on('error', () => undefined);
    sockets.push(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    await once(socket, 'connect', 2000);
    const key = host.includes(':') ? `[${socket.localAddress}]:${socket.localPort}` : `${socket.localAddress}:${socket.localPort}`;
    return { socket, key, received: () => Buffer.concat(chunks).toString() };
  }

  it('accepts several clients, lists them in server.clients, and logs traffic per peer', async () => {
    const opened = await listen();
    expect(opened.local).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    const clients = [await client(opened.local.port), await client(opened.local.port), await client(opened.local.port)];
    await waitFor(() => harness.lastClients('s1').length === 3, 2000, 'three clients listed');
    const listed = harness.lastClients('s1');
    expect(listed.map((c) => c.key).sort()).toEqual(clients.map((c) => c.key).sort());
    for (const info of listed) {
      expect(info).toMatchObject({ address: '127.0.0.1', family: 'IPv4', rxBytes: 0, txBytes: 0 });
      expect(Math.abs(info.connectedAt - Date.now())).toBeLessThan(5000);
    }
    clients[0]!.socket.write('one');
    clients[1]!.socket.write('two!');
    await harness.waitForRx('s1', 7);
    const rxPeers = new Map(harness.framesOf('s1', 'rx').map((f) => [f.peer.port, Buffer.from(f.bytes).toString()]));
    expect(rxPeers.get(clients[0]!.socket.localPort!)).toBe('one');
    expect(rxPeers.get(clients[1]!.socket.localPort!)).toBe('two!');
    // Byte counts show up in a throttled server.clients event.
    await waitFor(() => harness.lastClients('s1').find((c) => c.key === clients[1]!.key)?.rxBytes === 4, 2000, 'rxBytes in client list');
  });

  it('sends to one client by key and to all (one tx frame per client)', async () => {
    const opened = await listen();
    const clients = [await client(opened.local.port), await client(opened.local.port), await client(opened.local.port)];
    await waitFor(() => harness.lastClients('s1').length === 3, 2000, 'three clients');

    expect(await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('only-you'), client: clients[1]!.key })).toEqual({ bytesSent: 8 });
    await waitFor(() => clients[1]!.received() === 'only-you', 2000, 'targeted send');
    expect(clients[0]!.received()).toBe('');

    expect(await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('all') })).toEqual({ bytesSent: 9 });
    await waitFor(() => clients.every((c) => c.received().endsWith('all')), 2000, 'broadcast');
    await waitFor(() => harness.framesOf('s1', 'tx').length === 4, 2000, 'tx frames');
    const txPeers = harness.framesOf('s1', 'tx').slice(1).map((f) => f.peer.port).sort();
    expect(txPeers).toEqual(clients.map((c) => c.socket.localPort!).sort());
    await waitFor(() => harness.countersOf('s1')?.txBytes === 17, 2000, 'tx counter');
    await waitFor(() => harness.lastClients('s1').find((c) => c.key === clients[1]!.key)?.txBytes === 11, 2000, 'txBytes per client');

    const unknown = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), client: '10.9.9.9:1' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', params: { client: '10.9.9.9:1' } } });
  });

  it('sending to all with nobody connected is NOT_FOUND', async () => {
    await listen();
    expect(await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('kicks one client; unknown keys are NOT_FOUND', async () => {
    const opened = await listen();
    const a = await client(opened.local.port);
    const b = await client(opened.local.port);
    await waitFor(() => harness.lastClients('s1').length === 2, 2000, 'two clients');
    const aClosed = once(a.socket, 'close', 2000);
    expect(await harness.invoke('server.kick', { sessionId: 's1', client: a.key })).toEqual({ ok: true, value: null });
    await aClosed;
    await waitFor(() => harness.lastClients('s1').length === 1, 2000, 'one client left');
    expect(harness.lastClients('s1')[0]!.key).toBe(b.key);
    expect(await harness.invoke('server.kick', { sessionId: 's1', client: a.key })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('drops a client that resets, stays open for the others', async () => {
    const opened = await listen();
    const a = await client(opened.local.port);
    const b = await client(opened.local.port);
    await waitFor(() => harness.lastClients('s1').length === 2, 2000, 'two clients');
    a.socket.resetAndDestroy();
    await waitFor(() => harness.lastClients('s1').length === 1, 2000, 'reset client removed');
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('still here') });
    await waitFor(() => b.received() === 'still here', 2000, 'survivor gets data');
    expect(harness.eventsOf('session.state', 's1').at(-1)?.state).toBe('open');
  });

  it('fails with EADDRINUSE on a port another listener holds', async () => {
    const holder = createServer();
    holder.listen(0, '127.0.0.1');
    await once(holder, 'listening', 2000);
    const port = (holder.address() as { port: number }).port;
    try {
      harness = new EngineHarness();
      const result = await harness.invoke('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: port } });
      expect(result).toMatchObject({ ok: false, error: { code: 'EADDRINUSE', params: { address: '127.0.0.1', port } } });
      expect((await harness.waitForState('s1', 'closed')).reason).toBe('error');
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it('close stops every client and the listener', async () => {
    const opened = await listen();
    const clients = [await client(opened.local.port), await client(opened.local.port), await client(opened.local.port)];
    await waitFor(() => harness.lastClients('s1').length === 3, 2000, 'three clients');
    const allClosed = Promise.all(clients.map((c) => once(c.socket, 'close', 3000)));
    await harness.must('session.close', { sessionId: 's1' });
    await allClosed;
    expect((await harness.waitForState('s1', 'closed')).reason).toBe('user');
    expect(harness.lastClients('s1')).toEqual([]);
    const late = connect(opened.local.port, '127.0.0.1');
    sockets.push(late);
    const error = await once<NodeJS.ErrnoException>(late, 'error', 2000);
    expect(error.code).toBe('ECONNREFUSED');
  });

  it('works on IPv6 ::1, keys are bracketed', async () => {
    const opened = await listen('::1');
    expect(opened.local).toMatchObject({ address: '::1', family: 'IPv6' });
    const c = await client(opened.local.port, '::1');
    await waitFor(() => harness.lastClients('s1').length === 1, 2000, 'v6 client');
    const listed = harness.lastClients('s1')[0]!;
    expect(listed).toMatchObject({ key: `[::1]:${c.socket.localPort}`, address: '::1', family: 'IPv6' });
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('hi6'), client: listed.key });
    await waitFor(() => c.received() === 'hi6', 2000, 'v6 data');
  });

  it('on :: accepts IPv4 clients and shows them without the ::ffff: prefix', async () => {
    const opened = await listen('::');
    const c = await client(opened.local.port, '127.0.0.1');
    await waitFor(() => harness.lastClients('s1').length === 1, 2000, 'v4 client on dual-stack');
    expect(harness.lastClients('s1')[0]).toMatchObject({ address: '127.0.0.1', family: 'IPv4', key: `127.0.0.1:${c.socket.localPort}` });
  });

  it('kick on a non-server session is INVALID_ARGUMENT; on a closed one NOT_OPEN', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    expect(await harness.invoke('server.kick', { sessionId: 's1', client: '1.2.3.4:5' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await harness.invoke('server.kick', { sessionId: 's7', client: '1.2.3.4:5' })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });
});
