import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './test-support/engine-harness';
import { closedTcpPort, hasTool, Processes, waitForOutput } from './test-support/peers';
import { logShape } from './test-support/tcp-test-clients';
import { once, waitFor } from './test-support/wait-for';

/**
 * TCP half-close (issue 10): a peer's FIN means it finished sending, not that the connection is over. The session
 * (TCP client) or the client (TCP server) stays open, a row says "peer finished sending", and a reply still reaches
 * the peer; the connection ends when the user closes (our FIN follows) or kicks. Peers: Node sockets that
 * half-close (allowHalfOpen), and ncat, which half-closes by itself when its stdin ends and keeps reading.
 */
const hasNcat = hasTool('ncat');

let harness: EngineHarness;
const processes = new Processes();
const servers: Server[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  await harness?.dispose();
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  await processes.killAll();
});

/** A Node peer that half-closes: what it receives, and whether it saw our FIN. */
interface HalfClosingPeer {
  readonly socket: Socket;
  readonly received: () => string;
  readonly sawEnd: () => boolean;
}

function watch(socket: Socket): HalfClosingPeer {
  const chunks: Buffer[] = [];
  let ended = false;
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('end', () => (ended = true));
  sockets.push(socket);
  return { socket, received: () => Buffer.concat(chunks).toString(), sawEnd: () => ended };
}

/** A server on loopback whose connections allow half-open (they go on reading after they end). */
async function halfOpenServer(): Promise<{ port: number; accepted: HalfClosingPeer[] }> {
  const accepted: HalfClosingPeer[] = [];
  const server = createServer({ allowHalfOpen: true }, (socket) => accepted.push(watch(socket)));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, accepted };
}

describe('TCP client: the peer half-closes', () => {
  it('a Node peer that ends after its message: the row says so, the session stays open, the reply reaches it, our close ends it', async () => {
    harness = new EngineHarness();
    const server = await halfOpenServer();
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: server.port } });
    const peer = await waitFor(() => server.accepted[0], 2000, 'accepted');
    peer.socket.end('question?');

    const finished = await waitFor(() => harness.eventsOf('session.state', 's1').find((e) => e.peerFinished === true), 2000, 'peer finished');
    expect(finished).toMatchObject({ state: 'open', remote: { port: server.port } });
    expect(harness.eventsOf('session.state', 's1').some((e) => e.state === 'closed')).toBe(false);

    expect(await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('answer!') })).toEqual({ bytesSent: 7 });
    await waitFor(() => peer.received() === 'answer!', 2000, 'the reply at the peer');

    await harness.must('session.close', { sessionId: 's1' });
    expect((await harness.waitForState('s1', 'closed')).reason).toBe('user');
    await waitFor(() => peer.sawEnd(), 2000, 'our FIN at the peer');
    expect(logShape(harness, 's1')).toEqual([
      `event:${server.port}:connected`,
      `rx:${server.port}`,
      `event:${server.port}:peer-finished`,
      `tx:${server.port}`,
      `event:${server.port}:disconnected/user`,
    ]);
  });

  it('a page that attaches while the peer is finished learns it from the snapshot', async () => {
    harness = new EngineHarness();
    const server = await halfOpenServer();
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: server.port } });
    (await waitFor(() => server.accepted[0], 2000, 'accepted')).socket.end();
    await waitFor(() => harness.eventsOf('session.state', 's1').some((e) => e.peerFinished === true), 2000, 'peer finished');
    const attached = await harness.must('workspace.attach', {});
    expect(attached.sessions).toMatchObject([{ sessionId: 's1', state: 'open', peerFinished: true }]);
  });

  it('a peer that finished sending and then went away entirely: the send after it finds the reset, and the session closes (reset)', async () => {
    harness = new EngineHarness();
    const server = await halfOpenServer();
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: server.port } });
    const peer = await waitFor(() => server.accepted[0], 2000, 'accepted');
    // A full close: FIN, and nothing left on the peer's side to read what comes.
    peer.socket.destroy();
    await waitFor(() => harness.eventsOf('session.state', 's1').some((e) => e.peerFinished === true), 2000, 'peer finished');
    // The bytes leave (the peer's system answers them with a reset, which a finished socket no longer reads)...
    expect(await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('anyone?') })).toEqual({ bytesSent: 7 });
    // ...and the probe after the send finds it without waiting for the user's next send.
    const closed = await harness.waitForState('s1', 'closed', 3000);
    expect(closed).toMatchObject({ reason: 'reset', error: { code: 'EPIPE' } });
    expect(logShape(harness, 's1').at(-1)).toBe(`event:${server.port}:disconnected/reset`);
  });

  it.skipIf(!hasNcat)('ncat that sends its stdin and half-closes at EOF: received, FIN shown, our reply printed by ncat', async () => {
    const port = await closedTcpPort();
    const ncat = processes.start('ncat', ['-v', '-l', '127.0.0.1', String(port)]);
    await waitForOutput(ncat.stderr!, /Listening on/);
    ncat.stdin!.end('hello from ncat\n');
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port } });
    expect((await harness.waitForRx('s1', 16)).toString()).toBe('hello from ncat\n');
    await waitFor(() => harness.eventsOf('session.state', 's1').some((e) => e.peerFinished === true), 3000, 'ncat half-closed');

    const printed = waitForOutput(ncat.stdout!, /reply to ncat/);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('reply to ncat\n') });
    await printed;
    const exited = once(ncat, 'exit', 5000);
    await harness.must('session.close', { sessionId: 's1' });
    // ncat exits once our side is closed too: the connection ended cleanly.
    await exited;
    expect(logShape(harness, 's1').map((row) => row.split(':').slice(2).join(':') || row.split(':')[0])).toEqual([
      'connected',
      'rx',
      'peer-finished',
      'tx',
      'disconnected/user',
    ]);
  });
});

describe('TCP server: a client half-closes', () => {
  it('a Node client that ends after its message stays listed, marked; the reply reaches it; a kick ends it', async () => {
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const client = watch(connect({ port: opened.local.port, host: '127.0.0.1', allowHalfOpen: true }));
    await once(client.socket, 'connect', 2000);
    const port = client.socket.localPort!;
    const key = `127.0.0.1:${port}`;
    client.socket.end('request');

    const listed = await waitFor(() => harness.lastClients('s1').find((c) => c.key === key && c.peerFinished === true), 2000, 'listed as finished');
    expect(listed.rxBytes).toBe(7);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('response'), client: key });
    await waitFor(() => client.received() === 'response', 2000, 'the response at the client');

    await harness.must('server.kick', { sessionId: 's1', client: key });
    await waitFor(() => harness.lastClients('s1').length === 0, 2000, 'gone from the list');
    await waitFor(() => client.sawEnd(), 2000, 'the kick reached the client');
    expect(logShape(harness, 's1').filter((row) => row.split(':')[1] === String(port))).toEqual([
      `event:${port}:client-connected`,
      `rx:${port}`,
      `event:${port}:peer-finished`,
      `tx:${port}`,
      `event:${port}:client-disconnected/kicked`,
    ]);
  });

  it('a client that finished sending and got nothing for the linger time is closed on our side too (finished-idle); a send restarts the wait', async () => {
    harness = new EngineHarness({ halfClosedLingerMs: 1000 });
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const client = watch(connect({ port: opened.local.port, host: '127.0.0.1', allowHalfOpen: true }));
    await once(client.socket, 'connect', 2000);
    const port = client.socket.localPort!;
    const key = `127.0.0.1:${port}`;
    client.socket.end('bye');
    await waitFor(() => harness.lastClients('s1')[0]?.peerFinished === true, 2000, 'finished');
    // The reply restarts the wait: the close comes a full linger after it, not after the FIN.
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('reply'), client: key });
    const repliedAt = performance.now();
    await waitFor(() => client.sawEnd(), 3000, 'our FIN reached the client');
    const closedAfterMs = performance.now() - repliedAt;
    expect(client.received()).toBe('reply');
    expect(closedAfterMs).toBeGreaterThanOrEqual(950);
    await waitFor(() => harness.lastClients('s1').length === 0, 2000, 'gone from the list');
    const lastRow = () => logShape(harness, 's1').filter((row) => row.split(':')[1] === String(port)).at(-1);
    await waitFor(() => lastRow() === `event:${port}:client-disconnected/finished-idle`, 2000, 'the row saying why');
  });

  it('a client that finished sending and then went away: the send after it finds the reset and the client leaves (reset)', async () => {
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const client = watch(connect({ port: opened.local.port, host: '127.0.0.1' }));
    await once(client.socket, 'connect', 2000);
    const port = client.socket.localPort!;
    client.socket.destroy();
    await waitFor(() => harness.lastClients('s1')[0]?.peerFinished === true, 2000, 'finished');
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('still there?') });
    await waitFor(() => harness.lastClients('s1').length === 0, 3000, 'gone from the list');
    expect(logShape(harness, 's1').filter((row) => row.split(':')[1] === String(port)).at(-1)).toBe(`event:${port}:client-disconnected/reset`);
  });

  it.skipIf(!hasNcat)('ncat as a client: stdin EOF half-closes it; it stays listed, gets the reply, and exits when kicked', async () => {
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const ncat = processes.start('ncat', ['127.0.0.1', String(opened.local.port)]);
    await waitFor(() => harness.lastClients('s1').length === 1, 5000, 'ncat connected');
    const key = harness.lastClients('s1')[0]!.key;
    ncat.stdin!.end('from ncat\n');
    expect((await harness.waitForRx('s1', 10)).toString()).toBe('from ncat\n');
    await waitFor(() => harness.lastClients('s1')[0]?.peerFinished === true, 3000, 'ncat half-closed');

    const printed = waitForOutput(ncat.stdout!, /to ncat/);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('to ncat\n'), client: key });
    await printed;
    const exited = once(ncat, 'exit', 5000);
    await harness.must('server.kick', { sessionId: 's1', client: key });
    await exited;
    await waitFor(() => harness.lastClients('s1').length === 0, 2000, 'ncat gone from the list');
  });
});
