import { randomBytes } from 'node:crypto';
import type { Socket as UdpSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayConfig } from '@shared';
import type { EngineOptions } from '../engine';
import { EngineHarness } from '../test-support/engine-harness';
import { hasTool, Processes } from '../test-support/peers';
import { waitFor } from '../test-support/wait-for';
import { markedBytes, relayEvents, relayRows, udpSocket } from './test-support/relay-peers';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Issue 10: a UDP relay, one mapping (and upstream socket) per client peer, between real sockets on loopback. */
describe('UDP relay', () => {
  let harness: EngineHarness;
  const udpSockets: UdpSocket[] = [];
  const processes = new Processes();

  afterEach(async () => {
    await harness?.dispose();
    for (const socket of udpSockets.splice(0)) socket.close();
    await processes.killAll();
  });

  async function peer() {
    const made = await udpSocket();
    udpSockets.push(made.socket);
    return made;
  }

  /** A UDP server that answers each datagram with "re:" + it, to whoever sent it. */
  async function replyingServer() {
    const server = await peer();
    server.socket.on('message', (data, rinfo) => server.socket.send(Buffer.concat([Buffer.from('re:'), data]), rinfo.port, rinfo.address));
    return server;
  }

  async function relayTo(remotePort: number, extra: Partial<RelayConfig> = {}, options: EngineOptions = {}) {
    harness = new EngineHarness(options);
    const config: RelayConfig = { kind: 'relay', transport: 'udp', localAddress: '127.0.0.1', localPort: 0, remoteHost: '127.0.0.1', remotePort, ...extra };
    return harness.must('session.open', { config });
  }

  const send = (socket: UdpSocket, data: string | Buffer, port: number): Promise<void> =>
    new Promise((resolve, reject) => socket.send(data, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));

  it('maps each client peer to its own upstream socket; replies go back to the peer that sent, byte-exact and counted', async () => {
    const server = await replyingServer();
    const opened = await relayTo(server.port);
    const [alice, bob] = [await peer(), await peer()];
    const big = randomBytes(60_000);
    await send(alice.socket, 'from alice', opened.local.port);
    await send(bob.socket, 'from bob', opened.local.port);
    await send(alice.socket, big, opened.local.port);
    await waitFor(() => alice.received.length === 2 && bob.received.length === 1, 3000, 'the replies');

    expect(alice.received.map((d) => d.data.subarray(0, 13).toString('latin1'))).toEqual(['re:from alice', expect.stringMatching(/^re:/)]);
    expect(alice.received[1]!.data.subarray(3).equals(big)).toBe(true);
    expect(bob.received[0]!.data.toString()).toBe('re:from bob');
    expect(alice.received.every((d) => d.from === opened.local.port) && bob.received[0]!.from === opened.local.port).toBe(true);
    // The server saw two sources: one upstream socket per client.
    const sources = new Set(server.received.map((d) => d.from));
    expect(sources.size).toBe(2);
    const aliceKey = `127.0.0.1:${alice.port}`;
    const bobKey = `127.0.0.1:${bob.port}`;
    await waitFor(() => harness.countersOf('s1')?.txBytes === 3 + 10 + 3 + 8 + 3 + big.length, 2000, 'counters');
    expect(harness.countersOf('s1')).toMatchObject({ rxBytes: 10 + 8 + big.length, rxFrames: 3, txFrames: 3 });
    expect(markedBytes(harness, 's1', 'relay:client-to-server', bobKey).toString()).toBe('from bob');
    expect(markedBytes(harness, 's1', 'relay:server-to-client', bobKey).toString()).toBe('re:from bob');
    expect(markedBytes(harness, 's1', 'relay:client-to-server', aliceKey).equals(Buffer.concat([Buffer.from('from alice'), big]))).toBe(true);
    const listed = await waitFor(() => (harness.lastClients('s1').length === 2 ? harness.lastClients('s1') : undefined), 2000, 'two mappings');
    const upstreamPorts = new Set(listed.map((m) => m.relay?.upstream?.port));
    expect(upstreamPorts).toEqual(sources);
    expect(relayEvents(harness, 's1', bobKey)).toEqual(['relay-pair-opened', 'relay-upstream-connected']);
  });

  it.skipIf(!hasTool('socat'))('relays for an external client (socat) to an external server (socat UDP echo)', async () => {
    const echoHolder = await peer();
    const echoPort = echoHolder.port;
    echoHolder.socket.close();
    udpSockets.splice(udpSockets.indexOf(echoHolder.socket), 1);
    processes.start('socat', [`UDP-RECVFROM:${echoPort},bind=127.0.0.1,reuseaddr,fork`, 'EXEC:cat']);
    await sleep(300);
    const opened = await relayTo(echoPort);
    const client = processes.start('socat', ['-', `UDP:127.0.0.1:${opened.local.port}`]);
    const received: Buffer[] = [];
    client.stdout!.on('data', (chunk: Buffer) => received.push(chunk));
    client.stdin!.write('ping over udp\n');
    await waitFor(() => Buffer.concat(received).toString() === 'ping over udp\n', 5000, 'the echo');
    await waitFor(() => harness.countersOf('s1')?.txBytes === 14, 2000, 'counters');
    expect(harness.countersOf('s1')).toMatchObject({ rxBytes: 14, txBytes: 14 });
  });

  it('closes a mapping after the idle time-out, says so, and maps the peer anew when it sends again', async () => {
    const server = await replyingServer();
    const opened = await relayTo(server.port, { udpIdleTimeoutMs: 1_000 });
    const client = await peer();
    const key = `127.0.0.1:${client.port}`;
    await send(client.socket, 'first', opened.local.port);
    await waitFor(() => client.received.length === 1, 2000, 'the first reply');
    const firstUpstream = server.received[0]!.from;
    await waitFor(() => relayEvents(harness, 's1', key).includes('relay-pair-closed:idle'), 3000, 'the idle close');
    const closed = relayRows(harness, 's1').find((row) => row.event?.type === 'relay-pair-closed')!.event;
    expect(closed).toEqual({ type: 'relay-pair-closed', reason: 'idle', clientToServer: 5, serverToClient: 8, idleMs: 1_000 });
    await waitFor(() => harness.lastClients('s1').length === 0, 2000, 'the list empty');

    await send(client.socket, 'again', opened.local.port);
    await waitFor(() => client.received.length === 2, 2000, 'the second reply');
    expect(server.received[1]!.from).not.toBe(firstUpstream);
    await waitFor(() => relayEvents(harness, 's1', key).filter((type) => type === 'relay-pair-opened').length === 2, 2000, 'a new mapping');
  });

  it('paused: holds datagrams both ways up to the bound, counts and says what it dropped, delivers the rest in order on resume', async () => {
    const server = await peer();
    const opened = await relayTo(server.port, {}, { relay: { pauseQueueDatagrams: 5 } });
    const client = await peer();
    await send(client.socket, 'hello', opened.local.port);
    await waitFor(() => server.received.length === 1, 2000, 'the mapping up');
    const upstreamPort = server.received[0]!.from;
    await harness.must('relay.pause', { sessionId: 's1', paused: true });
    // Two sockets of the relay receive these: a short wait between them fixes the order they arrive in.
    for (let i = 0; i < 2; i++) await send(client.socket, `c${i}`, opened.local.port);
    await sleep(50);
    await send(server.socket, 's0', upstreamPort);
    await sleep(50);
    for (let i = 2; i < 8; i++) await send(client.socket, `c${i}`, opened.local.port);
    await waitFor(() => relayEvents(harness, 's1').includes('relay-queue-full'), 2000, 'the queue-full row');
    await sleep(100);
    expect(server.received).toHaveLength(1);
    expect(client.received).toHaveLength(0);

    await harness.must('relay.pause', { sessionId: 's1', paused: false });
    await waitFor(() => server.received.length === 5 && client.received.length === 1, 2000, 'the held datagrams delivered');
    expect(server.received.slice(1).map((d) => d.data.toString())).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(client.received[0]!.data.toString()).toBe('s0');
    const resumed = await waitFor(() => relayRows(harness, 's1').find((row) => row.event?.type === 'relay-resumed')?.event, 2000, 'the resumed row');
    expect(resumed).toEqual({ type: 'relay-resumed', transport: 'udp', delivered: 5, dropped: 4, droppedBytes: 8 });
    const paused = relayRows(harness, 's1').find((row) => row.event?.type === 'relay-paused')!.event;
    expect(paused).toMatchObject({ maxDatagrams: 5 });
    // Only what went out is counted: hello + c0..c3 toward the server, s0 toward the client.
    await waitFor(() => harness.countersOf('s1')?.txBytes === 2, 2000, 'counters');
    expect(harness.countersOf('s1')).toMatchObject({ rxBytes: 5 + 8, rxFrames: 5, txFrames: 1 });
    // In the log the delivered rows follow the resumed row, in arrival order.
    const after = relayRows(harness, 's1').slice(relayRows(harness, 's1').findIndex((row) => row.event?.type === 'relay-resumed') + 1);
    expect(after.filter((row) => row.dir !== 'event').map((row) => Buffer.from(row.bytes).toString())).toEqual(['c0', 'c1', 's0', 'c2', 'c3']);
  });

  it('injects toward the server through a mapping and toward its client, marked and counted on their leg', async () => {
    const server = await peer();
    const opened = await relayTo(server.port);
    const client = await peer();
    const key = `127.0.0.1:${client.port}`;
    await send(client.socket, 'hi', opened.local.port);
    await waitFor(() => server.received.length === 1, 2000, 'the mapping up');
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('to-server'), toward: 'server', client: key });
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('to-client'), toward: 'client', clients: [key] });
    await waitFor(() => server.received.length === 2 && client.received.length === 1, 2000, 'both delivered');
    expect(server.received[1]).toEqual({ data: Buffer.from('to-server'), from: server.received[0]!.from });
    expect(client.received[0]).toEqual({ data: Buffer.from('to-client'), from: opened.local.port });
    await waitFor(() => markedBytes(harness, 's1', 'relay:inject-to-client').length > 0, 2000, 'the rows');
    expect(markedBytes(harness, 's1', 'relay:inject-to-server').toString()).toBe('to-server');
    expect(harness.countersOf('s1')).toMatchObject({ rxBytes: 2 + 9, txBytes: 9 });
    expect(await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.alloc(70_000), toward: 'client' })).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    // Closing the mapping (the pair list's Close) says so; the peer's next datagram maps anew.
    await harness.must('server.kick', { sessionId: 's1', client: key });
    await waitFor(() => relayEvents(harness, 's1', key).includes('relay-pair-closed:kicked'), 2000, 'kicked');
    await send(client.socket, 'back', opened.local.port);
    await waitFor(() => server.received.length === 3, 2000, 'forwarded through a new mapping');
    expect(server.received[2]!.from).not.toBe(server.received[0]!.from);
  });

  it('keeps at most maxClients mappings; datagrams of further peers are refused and summed into a row', async () => {
    const server = await peer();
    const opened = await relayTo(server.port, { maxClients: 1 });
    const [first, second] = [await peer(), await peer()];
    await send(first.socket, 'a', opened.local.port);
    await waitFor(() => server.received.length === 1, 2000, 'the first forwarded');
    await send(second.socket, 'b', opened.local.port);
    await send(second.socket, 'c', opened.local.port);
    await waitFor(() => relayEvents(harness, 's1').includes('relay-refused'), 3000, 'the refused row');
    await sleep(1_100);
    const refused = relayRows(harness, 's1').filter((row) => row.event?.type === 'relay-refused').map((row) => row.event);
    expect(refused.reduce((sum, event) => sum + (event?.type === 'relay-refused' ? event.count : 0), 0)).toBe(2);
    expect(refused[0]).toMatchObject({ transport: 'udp', limit: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('a server that is not listening: the mapping says the server refused (ICMP), once', async () => {
    const gone = await peer();
    const port = gone.port;
    gone.socket.close();
    udpSockets.splice(udpSockets.indexOf(gone.socket), 1);
    const opened = await relayTo(port);
    const client = await peer();
    for (let i = 0; i < 3; i++) {
      await send(client.socket, `x${i}`, opened.local.port);
      await sleep(50);
    }
    await waitFor(() => relayEvents(harness, 's1').includes('relay-upstream-failed:refused'), 2000, 'the refused row');
    await sleep(100);
    expect(relayEvents(harness, 's1').filter((type) => type === 'relay-upstream-failed:refused')).toHaveLength(1);
  });

  it('refuses a local port in use', async () => {
    const taken = await peer();
    harness = new EngineHarness();
    const config: RelayConfig = { kind: 'relay', transport: 'udp', localAddress: '127.0.0.1', localPort: taken.port, remoteHost: '127.0.0.1', remotePort: 9 };
    expect(await harness.invoke('session.open', { config })).toMatchObject({ ok: false, error: { code: 'EADDRINUSE', params: { port: taken.port } } });
  });
});
