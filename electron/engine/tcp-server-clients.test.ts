import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './test-support/engine-harness';
import { connectClient, eventRows, logShape, type EventRow, type TestClient } from './test-support/tcp-test-clients';
import { once, waitFor } from './test-support/wait-for';

/** Issue 8: a TCP server's console — connection rows, last activity, a cap on clients, sends to chosen clients. */
describe('TCP server clients', () => {
  let harness: EngineHarness;
  const sockets: Socket[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function listen(maxClients?: number) {
    harness = new EngineHarness();
    const config = { kind: 'tcp-server' as const, localAddress: '127.0.0.1', localPort: 0, ...(maxClients === undefined ? {} : { maxClients }) };
    return harness.must('session.open', { config });
  }

  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it('logs a row when a client comes, finishes sending (FIN) and goes, saying why: RST, kick, server close; rows are not traffic', async () => {
    const opened = await listen();
    const [fin, rst, kicked, stays] = [
      await connectClient(sockets, opened.local.port),
      await connectClient(sockets, opened.local.port),
      await connectClient(sockets, opened.local.port),
      await connectClient(sockets, opened.local.port),
    ];
    await waitFor(() => harness.lastClients('s1').length === 4, 2000, 'four clients');
    // Read now: a socket forgets its local port once closed.
    const ports = new Map([fin, rst, kicked, stays].map((client) => [client, client.socket.localPort!]));
    fin.socket.end('hi');
    rst.socket.resetAndDestroy();
    await harness.must('server.kick', { sessionId: 's1', client: kicked.key });
    // The FIN only finished its sending side: it stays listed, marked, until the server closes.
    await waitFor(() => harness.lastClients('s1').length === 2 && harness.lastClients('s1').some((c) => c.peerFinished), 2000, 'two clients left, one finished');
    await harness.must('session.close', { sessionId: 's1' });
    await harness.waitForState('s1', 'closed');

    const port = (client: TestClient): number => ports.get(client)!;
    const shape = logShape(harness, 's1');
    const rowsOf = (client: TestClient): string[] => shape.filter((row) => row.split(':')[1] === String(port(client)));
    expect(rowsOf(fin)).toEqual([
      `event:${port(fin)}:client-connected`,
      `rx:${port(fin)}`,
      `event:${port(fin)}:peer-finished`,
      `event:${port(fin)}:client-disconnected/server-closed`,
    ]);
    expect(rowsOf(rst)).toEqual([`event:${port(rst)}:client-connected`, `event:${port(rst)}:client-disconnected/reset`]);
    expect(rowsOf(kicked)).toEqual([`event:${port(kicked)}:client-connected`, `event:${port(kicked)}:client-disconnected/kicked`]);
    // The session's own close: its rows go out before the final flush, so the page has them.
    expect(rowsOf(stays)).toEqual([`event:${port(stays)}:client-connected`, `event:${port(stays)}:client-disconnected/server-closed`]);
    expect(eventRows(harness, 's1').every((row) => row.peer.address === '127.0.0.1')).toBe(true);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 2, rxFrames: 1, txBytes: 0, txFrames: 0 });
  });

  it('lists when each client was last active: connectedAt at first, then its last byte in or out', async () => {
    const opened = await listen();
    const client = await connectClient(sockets, opened.local.port);
    const listed = await waitFor(() => harness.lastClients('s1')[0], 2000, 'the client listed');
    expect(listed.lastActivityAt).toBe(listed.connectedAt);

    await sleep(30);
    client.socket.write('x');
    const afterRx = await waitFor(() => harness.lastClients('s1').find((c) => c.rxBytes === 1), 2000, 'rx in the list');
    expect(afterRx.lastActivityAt).toBeGreaterThanOrEqual(listed.connectedAt + 25);
    expect(afterRx.lastActivityAt).toBeLessThanOrEqual(Date.now());

    await sleep(30);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('y'), client: client.key });
    const afterTx = await waitFor(() => harness.lastClients('s1').find((c) => c.txBytes === 1), 2000, 'tx in the list');
    expect(afterTx.lastActivityAt).toBeGreaterThanOrEqual(afterRx.lastActivityAt + 25);
    expect(afterTx.connectedAt).toBe(listed.connectedAt);
  });

  it('keeps at most maxClients: later connections are closed and summed into a max-clients row; a freed place is taken again', async () => {
    const opened = await listen(2);
    const a = await connectClient(sockets, opened.local.port);
    await connectClient(sockets, opened.local.port);
    await waitFor(() => harness.lastClients('s1').length === 2, 2000, 'two clients');
    // The kernel completes each handshake; the server then closes the connection at once.
    const extra = await Promise.all([0, 1, 2].map(() => connectClient(sockets, opened.local.port)));
    await Promise.all(extra.map((client) => once(client.socket, 'close', 3000)));
    const refused = await waitFor(
      () => {
        const rows = eventRows(harness, 's1').filter((row) => row.event?.type === 'clients-refused');
        const total = rows.reduce((sum, row) => sum + (row.event?.type === 'clients-refused' ? row.event.count : 0), 0);
        return total === 3 ? rows : undefined;
      },
      3000,
      'three refusals in the log',
    );
    for (const row of refused) {
      expect(row.event).toMatchObject({ type: 'clients-refused', reason: 'max-clients', limit: 2 });
      expect(row.peer).toEqual(opened.local);
    }
    expect(harness.lastClients('s1')).toHaveLength(2);
    // No row says a refused connection came or went: it never was a client.
    expect(eventRows(harness, 's1').filter((row) => row.event?.type === 'client-connected')).toHaveLength(2);

    await harness.must('server.kick', { sessionId: 's1', client: a.key });
    await waitFor(() => harness.lastClients('s1').length === 1, 2000, 'one client left');
    const later = await connectClient(sockets, opened.local.port);
    await waitFor(() => harness.lastClients('s1').some((c) => c.key === later.key), 2000, 'the later client kept');
  });

  it('sends to exactly the clients named, each once, with a tx frame per client', async () => {
    const opened = await listen();
    const [a, b, c] = [await connectClient(sockets, opened.local.port), await connectClient(sockets, opened.local.port), await connectClient(sockets, opened.local.port)];
    await waitFor(() => harness.lastClients('s1').length === 3, 2000, 'three clients');

    expect(await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('ac'), clients: [a.key, c.key, a.key] })).toEqual({ bytesSent: 4 });
    await waitFor(() => a.received() === 'ac' && c.received() === 'ac', 2000, 'a and c');
    const txPeers = (await waitFor(() => (harness.framesOf('s1', 'tx').length === 2 ? harness.framesOf('s1', 'tx') : undefined), 2000, 'tx frames')).map((f) => f.peer.port);
    expect(txPeers.sort()).toEqual([a.socket.localPort!, c.socket.localPort!].sort());

    const unknown = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('no'), clients: [b.key, '10.9.9.9:1', '10.9.9.9:2'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', params: { client: '10.9.9.9:1' } } });
    const both = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('no'), client: b.key, clients: [b.key] });
    expect(both).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'clients' } } });
    // Nothing of a refused send went anywhere.
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('!'), client: b.key });
    await waitFor(() => b.received() === '!', 2000, 'b gets only the marker');
    await waitFor(() => harness.countersOf('s1')?.txBytes === 5, 2000, 'tx counter');
    expect(harness.countersOf('s1')).toMatchObject({ txFrames: 3 });
  });

  it('a send that reaches some clients and not one says so in a row for that client, once until a send reaches it again', async () => {
    harness = new EngineHarness({ maxQueuedWriteBytes: 512 * 1024 });
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const reader = await connectClient(sockets, opened.local.port);
    const stuck = await connectClient(sockets, opened.local.port);
    await waitFor(() => harness.lastClients('s1').length === 2, 2000, 'two clients');
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    /** Sends to all until one reaches the reader only: the stuck client's queue is full (bounded: 25 MiB at most). */
    const sendUntilSkipped = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        const sending = harness.invoke('session.send', { sessionId: 's1', bytes: chunk });
        const now = await Promise.race([sending, sleep(50).then(() => undefined)]);
        if (now?.ok && now.value.bytesSent === chunk.length) return;
      }
      throw new Error('no send skipped the client that does not read');
    };
    const skipRows = (): EventRow[] => eventRows(harness, 's1').filter((row) => row.event?.type === 'client-send-failed');

    stuck.socket.pause();
    await sendUntilSkipped();
    // A second skipped send adds no row: one row says it started to miss sends.
    expect(await harness.must('session.send', { sessionId: 's1', bytes: chunk })).toEqual({ bytesSent: chunk.length });
    await waitFor(() => skipRows().length === 1, 2000, 'the skip row');
    // The reader got both of the sends the stuck client missed, and every one before them.
    await waitFor(() => reader.received().length === harness.lastClients('s1').find((c) => c.key === reader.key)?.txBytes, 5000, 'the reader has all it was sent');
    const [row] = skipRows();
    expect(row!.peer.port).toBe(stuck.socket.localPort);
    expect(row!.event).toEqual({ type: 'client-send-failed', error: { code: 'QUEUE_FULL', params: { queued: expect.any(Number), size: chunk.length, max: 512 * 1024, endpoint: stuck.key } } });

    // It reads again, a send reaches it, and the next skip is a row again.
    stuck.socket.resume();
    let reachedBoth = false;
    for (let i = 0; i < 200 && !reachedBoth; i++) {
      const sent = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x') });
      reachedBoth = sent.ok && sent.value.bytesSent === 2;
      if (!reachedBoth) await sleep(20);
    }
    expect(reachedBoth).toBe(true);
    stuck.socket.pause();
    await sendUntilSkipped();
    await waitFor(() => skipRows().length === 2, 2000, 'a second skip row');
  });

  it('a cyclic send and a file send go to the clients named; client with clients is refused before either starts', async () => {
    const opened = await listen();
    const [a, b, c] = [await connectClient(sockets, opened.local.port), await connectClient(sockets, opened.local.port), await connectClient(sockets, opened.local.port)];
    await waitFor(() => harness.lastClients('s1').length === 3, 2000, 'three clients');

    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('r'), periodMs: 5, count: 3, clients: [b.key, c.key] });
    await waitFor(() => harness.eventsOf('repeat.state', 's1').at(-1)?.reason === 'count', 3000, 'the cyclic send to finish');
    await waitFor(() => b.received() === 'rrr' && c.received() === 'rrr', 2000, 'b and c got three each');

    const dir = await mkdtemp(join(tmpdir(), 'socketdesk-clients-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'f.txt');
    await writeFile(path, 'file!');
    // bytesSent counts the file's bytes, as for a file sent to all.
    expect(await harness.must('session.sendFile', { sessionId: 's1', path, clients: [a.key, c.key] })).toEqual({ bytesSent: 5, cancelled: false });
    await waitFor(() => a.received() === 'file!' && c.received() === 'rrrfile!', 2000, 'a and c got the file');
    expect(b.received()).toBe('rrr');

    const repeatsBefore = harness.eventsOf('repeat.state', 's1').length;
    const progressBefore = harness.eventsOf('send.progress', 's1').length;
    const repeatBoth = await harness.invoke('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('x'), periodMs: 5, client: a.key, clients: [b.key] });
    const fileBoth = await harness.invoke('session.sendFile', { sessionId: 's1', path, client: a.key, clients: [b.key] });
    for (const result of [repeatBoth, fileBoth]) expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'clients' } } });
    expect(harness.eventsOf('repeat.state', 's1')).toHaveLength(repeatsBefore);
    expect(harness.eventsOf('send.progress', 's1')).toHaveLength(progressBefore);
  });

  it('a page that stops acking gets no more client lists; the latest goes out once it acks again (issue 12)', async () => {
    const opened = await listen();
    const client = await connectClient(sockets, opened.local.port);
    await waitFor(() => harness.lastClients('s1').length === 1, 2000, 'the client listed');
    await waitFor(() => harness.eventsOf('traffic.batch', 's1').length > 0, 2000, 'its row sent');
    harness.autoAck = false;
    const listsBefore = harness.eventsOf('server.clients', 's1').length;
    // Ten throttle intervals of changing counts: without the page's acks, batches stop at the credit, and so do lists.
    for (let i = 0; i < 60; i++) {
      client.socket.write('x');
      await sleep(50);
    }
    expect(harness.eventsOf('server.clients', 's1').length - listsBefore).toBeLessThanOrEqual(1);
    const lastBatch = harness.eventsOf('traffic.batch', 's1').at(-1)!;
    await harness.must('traffic.ack', { sessionId: 's1', batchSeq: lastBatch.batchSeq });
    await waitFor(() => harness.lastClients('s1')[0]?.rxBytes === 60, 2000, 'the list with every byte, after the ack');
  });
});

