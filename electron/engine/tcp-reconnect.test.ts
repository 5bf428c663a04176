import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReconnectPolicy, SessionLogEvent } from '@shared';
import { backoffDelayMs } from './reconnect-backoff';
import { EngineHarness } from './test-support/engine-harness';
import { closedTcpPort } from './test-support/peers';
import { eventRows } from './test-support/tcp-test-clients';
import { once, waitFor } from './test-support/wait-for';

/**
 * The TCP client's automatic reconnect (issue 10) against a Node server on loopback that goes away (its connection
 * reset, its listener closed) and comes back on the same port. Back-offs are short here so the waits stay bounded.
 */
const FAST: ReconnectPolicy = { initialDelayMs: 100, maxDelayMs: 400 };

/** A server that can go away and come back on the same port; what each connection received. */
class ComingAndGoingServer {
  private server: Server | undefined;
  readonly connections: Array<{ readonly socket: Socket; readonly received: () => string }> = [];

  constructor(readonly port: number) {}

  async listen(): Promise<void> {
    const server = createServer((socket) => {
      const chunks: Buffer[] = [];
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.connections.push({ socket, received: () => Buffer.concat(chunks).toString() });
    });
    this.server = server;
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
  }

  /** Goes away as a crashed peer does: every connection reset (RST), the listener closed. */
  async crash(): Promise<void> {
    for (const { socket } of this.connections) if (!socket.destroyed) socket.resetAndDestroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

let harness: EngineHarness;
const servers: ComingAndGoingServer[] = [];

afterEach(async () => {
  await harness?.dispose();
  for (const server of servers.splice(0)) await server.crash();
});

async function serverOnFreePort(): Promise<ComingAndGoingServer> {
  const server = new ComingAndGoingServer(await closedTcpPort());
  servers.push(server);
  return server;
}

/** `reconnect` null: off. */
function openClient(port: number, reconnect: ReconnectPolicy | null = FAST) {
  return harness.invoke('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port, ...(reconnect ? { reconnect } : {}) } });
}

/** The reconnect rows of the log, in order, as "type attempt detail". */
function reconnectRows(): string[] {
  return eventRows(harness, 's1')
    .map((row) => row.event)
    .filter((event): event is SessionLogEvent => event !== undefined)
    .map((event) => {
      if (event.type === 'connected') return `connected ${event.attempt ?? 0}`;
      if (event.type === 'disconnected') return `disconnected ${event.reason}`;
      if (event.type === 'connect-failed') return `failed ${event.attempt} ${event.error.code}`;
      if (event.type === 'reconnect-scheduled') return `scheduled ${event.attempt} ${event.delayMs}`;
      return event.type;
    });
}

describe('back-off', () => {
  it('doubles from the first delay and stays at the maximum', () => {
    const policy = { initialDelayMs: 500, maxDelayMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100, 10_000].map((attempt) => backoffDelayMs(policy, attempt))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
    expect(backoffDelayMs({ initialDelayMs: 700, maxDelayMs: 700 }, 3)).toBe(700);
  });
});

describe('TCP client reconnect', () => {
  it('a server that goes (reset) and comes back on the same port: retries with back-off, reconnects as the same session', async () => {
    harness = new EngineHarness();
    const server = await serverOnFreePort();
    await server.listen();
    const opened = await openClient(server.port);
    expect(opened).toMatchObject({ ok: true, value: { sessionId: 's1', remote: { port: server.port } } });
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('one') });
    await waitFor(() => server.connections[0]?.received() === 'one', 2000, 'the first connection got "one"');

    await server.crash();
    // Reset → 'opening', then retries refused while the port is closed: 100, 200, 400, 400 ms apart.
    await waitFor(() => harness.eventsOf('session.reconnect', 's1').some((e) => e.attempt === 3 && e.phase === 'waiting'), 3000, 'the third retry scheduled');
    expect(harness.eventsOf('session.state', 's1').map((e) => e.state)).toEqual(['opening', 'open', 'opening']);
    expect(await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x') })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });

    await server.listen();
    const reopened = await waitFor(() => harness.eventsOf('session.state', 's1').filter((e) => e.state === 'open')[1], 3000, 'open again');
    expect(reopened.remote).toEqual({ address: '127.0.0.1', port: server.port, family: 'IPv4' });
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('two') });
    await waitFor(() => server.connections[1]?.received() === 'two', 2000, 'the new connection got "two"');

    // One session: its counters went on across the reconnect.
    await waitFor(() => harness.countersOf('s1')?.txBytes === 6, 2000, 'counters');
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 0, rxFrames: 0, txBytes: 6, txFrames: 2 });
    const rows = reconnectRows();
    const reconnectedOn = Number(rows.find((row) => row.startsWith('connected ') && row !== 'connected 0')!.split(' ')[1]);
    expect(reconnectedOn).toBeGreaterThanOrEqual(3);
    const failures = Array.from({ length: reconnectedOn - 1 }, (_, i) => [`scheduled ${i + 1} ${backoffDelayMs(FAST, i + 1)}`, `failed ${i + 1} ECONNREFUSED`]).flat();
    expect(rows).toEqual(['connected 0', 'disconnected reset', ...failures, `scheduled ${reconnectedOn} ${backoffDelayMs(FAST, reconnectedOn)}`, `connected ${reconnectedOn}`]);
    // Each retry was said when it was scheduled and when it started; the last error rides along.
    const events = harness.eventsOf('session.reconnect', 's1');
    expect(events[0]).toMatchObject({ attempt: 1, phase: 'waiting', delayMs: 100, lastError: { code: 'ECONNRESET' } });
    expect(events[1]).toMatchObject({ attempt: 1, phase: 'connecting', delayMs: 0 });
    expect(events[2]).toMatchObject({ attempt: 2, phase: 'waiting', delayMs: 200, lastError: { code: 'ECONNREFUSED', params: { port: server.port } } });
  });

  it('the first connect refused: session.open says so (retrying, with the error) and the session retries until the server appears', async () => {
    harness = new EngineHarness();
    const server = await serverOnFreePort();
    const opened = await openClient(server.port);
    expect(opened).toEqual({
      ok: true,
      value: {
        sessionId: 's1',
        retrying: { attempt: 1, phase: 'waiting', delayMs: 100, lastError: expect.objectContaining({ code: 'ECONNREFUSED', params: expect.objectContaining({ host: '127.0.0.1', port: server.port }) }) },
      },
    });
    await waitFor(() => reconnectRows().length >= 2, 2000, 'the first rows');
    expect(reconnectRows().slice(0, 2)).toEqual(['failed 0 ECONNREFUSED', 'scheduled 1 100']);
    await waitFor(() => harness.eventsOf('session.reconnect', 's1').some((e) => e.attempt === 2), 3000, 'a second retry');

    await server.listen();
    await harness.waitForState('s1', 'open', 3000);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('hi') });
    await waitFor(() => server.connections[0]?.received() === 'hi', 2000, 'the server got "hi"');
  });

  it("the user's close stops retrying at once: closed (user), and no retry after it", async () => {
    harness = new EngineHarness();
    const server = await serverOnFreePort();
    await openClient(server.port, { initialDelayMs: 100, maxDelayMs: 100 });
    await waitFor(() => harness.eventsOf('session.reconnect', 's1').some((e) => e.attempt === 2 && e.phase === 'waiting'), 3000, 'retrying');
    await harness.must('session.close', { sessionId: 's1' });
    expect(harness.eventsOf('session.state', 's1').at(-1)).toMatchObject({ state: 'closed', reason: 'user' });
    const seen = harness.eventsOf('session.reconnect', 's1').length;
    // Ten back-offs' time, with a server listening again: nothing more may happen.
    await server.listen();
    await sleep(300);
    expect(harness.eventsOf('session.reconnect', 's1')).toHaveLength(seen);
    expect(server.connections).toHaveLength(0);
  });

  it('a peer that only finishes sending (FIN) is no drop: the session stays open and does not reconnect', async () => {
    harness = new EngineHarness();
    const server = await serverOnFreePort();
    await server.listen();
    await openClient(server.port);
    (await waitFor(() => server.connections[0], 2000, 'accepted')).socket.end('bye');
    await waitFor(() => harness.eventsOf('session.state', 's1').some((e) => e.peerFinished === true), 2000, 'peer finished');
    await sleep(300);
    expect(harness.eventsOf('session.reconnect', 's1')).toEqual([]);
    expect(harness.eventsOf('session.state', 's1').map((e) => e.state)).toEqual(['opening', 'open', 'open']);
  });

  it('retries while no page is attached; the page that attaches gets the retry in the snapshot, then the reconnect', async () => {
    harness = new EngineHarness();
    const server = await serverOnFreePort();
    await server.listen();
    await openClient(server.port, { initialDelayMs: 200, maxDelayMs: 200 });
    harness.engine.detachDisplay();
    await server.crash();
    await waitFor(() => harness.eventsOf('session.reconnect', 's1').some((e) => e.attempt === 2), 3000, 'retrying while detached');

    const attached = await harness.must('workspace.attach', {});
    const snapshot = attached.sessions[0]!;
    expect(snapshot).toMatchObject({ sessionId: 's1', state: 'opening', reconnect: { lastError: { code: 'ECONNREFUSED' } } });
    expect(snapshot.reconnect!.attempt).toBeGreaterThanOrEqual(2);
    expect(snapshot.reconnect!.delayMs).toBeLessThanOrEqual(200);

    await server.listen();
    await waitFor(() => harness.eventsOf('session.state', 's1').filter((e) => e.state === 'open').length === 2, 3000, 'open again');
    const [after] = (await harness.must('workspace.attach', {})).sessions;
    expect(after).toMatchObject({ state: 'open' });
    expect(after!.reconnect).toBeUndefined();
  });

  it('without reconnect a reset closes the session, as before', async () => {
    harness = new EngineHarness();
    const server = await serverOnFreePort();
    await server.listen();
    await openClient(server.port, null);
    await waitFor(() => server.connections[0], 2000, 'accepted');
    await server.crash();
    expect(await harness.waitForState('s1', 'closed')).toMatchObject({ reason: 'reset' });
    expect(harness.eventsOf('session.reconnect', 's1')).toEqual([]);
  });

  it('a remote given by name is looked up again on every retry (localhost: ::1 refused, then 127.0.0.1)', async () => {
    harness = new EngineHarness();
    const server = await serverOnFreePort();
    await server.listen();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: 'localhost', remotePort: server.port, reconnect: FAST } });
    await server.crash();
    await server.listen();
    await waitFor(() => harness.eventsOf('session.state', 's1').filter((e) => e.state === 'open').length === 2, 3000, 'open again');
    expect(harness.eventsOf('session.state', 's1').filter((e) => e.state === 'open').map((e) => e.remote)).toEqual([opened.remote, opened.remote]);
    expect((server.connections[1]!.socket.address() as AddressInfo).port).toBe(server.port);
  });
});
