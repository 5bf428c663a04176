import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './test-support/engine-harness';
import { closedTcpPort, freeUdpPort, hasTool, Processes, waitForOutput } from './test-support/peers';
import { waitFor } from './test-support/wait-for';

/**
 * The engine against the tools people already trust: socat and ncat as the peer, on loopback. Each tool's
 * readiness is its own "listening/receiving on" line (-v / -d -d), never a sleep.
 */
const hasSocat = hasTool('socat');
const hasNcat = hasTool('ncat');

let harness: EngineHarness;
const processes = new Processes();

afterEach(async () => {
  await harness?.dispose();
  await processes.killAll();
});

describe.skipIf(!hasSocat)('interop: socat', () => {
  it.each([
    ['IPv4', '127.0.0.1', 'UDP4-RECVFROM', '127.0.0.1'],
    ['IPv6', '::1', 'UDP6-RECVFROM', '[::1]'],
  ])('UDP %s: socat echoes what the engine sends', async (_family, host, address, bindSpec) => {
    const port = await freeUdpPort(host);
    const socat = processes.start('socat', ['-d', '-d', '-T5', `${address}:${port},bind=${bindSpec},fork`, 'EXEC:cat']);
    await waitForOutput(socat.stderr!, /receiving on/);
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'udp', localAddress: host, localPort: 0 } });
    const payload = Buffer.from('socat echo \x00\xff', 'latin1');
    await harness.must('session.send', { sessionId: opened.sessionId, bytes: payload, to: { host, port } });
    const echoed = await harness.waitForRx(opened.sessionId, payload.length, 5000);
    expect(Buffer.compare(echoed, payload)).toBe(0);
    expect(harness.framesOf(opened.sessionId, 'rx')[0]!.peer).toMatchObject({ address: host, port });
  });

  it('TCP client: socat echo server returns a 1 MiB stream intact', async () => {
    const port = await closedTcpPort();
    const socat = processes.start('socat', ['-d', '-d', `TCP4-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, 'EXEC:cat']);
    await waitForOutput(socat.stderr!, /listening on/);
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port } });
    const data = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    await harness.must('session.send', { sessionId: opened.sessionId, bytes: data });
    const echoed = await harness.waitForRx(opened.sessionId, data.length, 8000);
    expect(Buffer.compare(echoed, data)).toBe(0);
    await waitFor(() => harness.countersOf(opened.sessionId)?.rxBytes === data.length, 2000, 'rx counter');
  });

  it('TCP server: socat as an IPv6 client talks both ways; its EOF half-closes it (listed, marked) until kicked', async () => {
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '::1', localPort: 0 } });
    const socat = processes.start('socat', ['-', `TCP6:[::1]:${opened.local.port}`]);
    await waitFor(() => harness.lastClients(opened.sessionId).length === 1, 5000, 'socat connected');
    const key = harness.lastClients(opened.sessionId)[0]!.key;
    expect(key).toMatch(/^\[::1\]:\d+$/);
    socat.stdin!.write('from socat\n');
    expect((await harness.waitForRx(opened.sessionId, 11)).toString()).toBe('from socat\n');
    const output = waitForOutput(socat.stdout!, /to socat/);
    await harness.must('session.send', { sessionId: opened.sessionId, bytes: Buffer.from('to socat\n'), client: key });
    await output;
    socat.stdin!.end();
    // socat shuts down its sending side at EOF (FIN): the client finished sending, it has not left.
    await waitFor(() => harness.lastClients(opened.sessionId)[0]?.peerFinished === true, 5000, 'socat half-closed');
    await harness.must('server.kick', { sessionId: opened.sessionId, client: key });
    await waitFor(() => harness.lastClients(opened.sessionId).length === 0, 5000, 'socat gone');
  });
});

describe.skipIf(!hasNcat)('interop: ncat', () => {
  it.each([
    ['IPv4', '127.0.0.1', []],
    ['IPv6', '::1', ['-6']],
  ])('TCP client %s: ncat --sh-exec cat echoes', async (_family, host, flags) => {
    const port = await closedTcpPort(host);
    const ncat = processes.start('ncat', [...flags, '-v', '-l', host, String(port), '-k', '--sh-exec', 'cat']);
    await waitForOutput(ncat.stderr!, /Listening on/);
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: host, remotePort: port } });
    await harness.must('session.send', { sessionId: opened.sessionId, bytes: Buffer.from('hello ncat\r\n') });
    expect((await harness.waitForRx(opened.sessionId, 12)).toString()).toBe('hello ncat\r\n');
    expect(harness.framesOf(opened.sessionId, 'rx')[0]!.peer).toMatchObject({ address: host, port });
  });
  // ncat as a TCP server's client that half-closes: tcp-half-close.test.ts.
});
