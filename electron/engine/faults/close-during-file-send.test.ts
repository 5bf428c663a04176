import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandArgs, Result } from '@shared';
import { EngineHarness } from '../test-support/engine-harness';
import { countingPeer, settledValue, type CountingPeer } from '../test-support/counting-peer';
import { descriptorsAfterClose, descriptorsUnavailable, openDescriptors } from '../test-support/descriptors';
import { udpPeer } from '../test-support/peers';
import { connectClient } from '../test-support/tcp-test-clients';
import { waitFor } from '../test-support/wait-for';

/*
 * Issue 11, "Faults survived": the session is closed (by the user, or by the engine shutting down) while
 * session.sendFile runs. The file send's Result and its final progress say "the session was closed"
 * (CLOSED_DURING_SEND, reason 'closed'; 会话已关闭) — before, the next piece's send answered NOT_OPEN, "the session is
 * not open: open or connect first". The pieces already in the socket get up to a second to leave before it closes,
 * so for a peer that reads, the progress last reported is exactly what it received (and the tx counter). The source
 * file's descriptor is released: the process's descriptors are back to their baseline.
 */
const skip = descriptorsUnavailable();
if (skip) console.warn(`[faults] ${skip}: the close-during-file-send tests are skipped`);

const MiB = 1024 * 1024;
const FILE_BYTES = 64 * MiB;
const CLOSED = { code: 'CLOSED_DURING_SEND', params: expect.objectContaining({ reason: 'closed' }) };

describe.skipIf(skip !== undefined)('closing the session during a file send (issue 11)', () => {
  let harness: EngineHarness | undefined;
  let dir: string;
  let path: string;
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketdesk-fault-'));
    path = join(dir, 'big.bin');
    await writeFile(path, randomBytes(FILE_BYTES));
  });

  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  async function peer(options: { paused?: boolean } = {}): Promise<CountingPeer> {
    const p = await countingPeer(options);
    cleanups.push(() => p.close());
    return p;
  }

  const progressBytes = (h: EngineHarness): number => h.eventsOf('send.progress', 's1').at(-1)?.bytesSent ?? 0;

  /** Starts the file send, and once `ready` holds closes the session with `close`; returns the Result and the final progress. */
  async function sendThenClose(h: EngineHarness, args: CommandArgs<'session.sendFile'>, ready: () => boolean, close: () => Promise<unknown>) {
    const sending = h.invoke('session.sendFile', args);
    await waitFor(ready, 10_000, 'the file send under way');
    await close();
    const result: Result<unknown> = await sending;
    const finals = h.eventsOf('send.progress', 's1').filter((p) => p.done);
    expect(finals).toHaveLength(1);
    return { result, final: finals[0]! };
  }

  it('TCP client, session.close: "the session was closed"; the peer got exactly the progress last reported; descriptors back', async () => {
    const before = openDescriptors();
    const p = await peer();
    harness = new EngineHarness();
    const h = harness;
    await h.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: p.port } });
    const { result, final } = await sendThenClose(h, { sessionId: 's1', path }, () => p.bytes() >= 4 * MiB, () => h.must('session.close', { sessionId: 's1' }));

    expect(result).toEqual({ ok: false, error: expect.objectContaining({ ...CLOSED, params: { reason: 'closed', endpoint: `127.0.0.1:${p.port}` } }) });
    expect(final).toMatchObject({ done: true, totalBytes: FILE_BYTES, error: CLOSED });
    const received = await settledValue(p.bytes, 'bytes at the peer');
    expect(received).toBe(final.bytesSent);
    expect(h.countersOf('s1')?.txBytes).toBe(final.bytesSent);
    expect(final.bytesSent).toBeLessThan(FILE_BYTES);
    await h.dispose();
    await p.close();
    const after = await descriptorsAfterClose(before);
    console.info(`[faults: close during file send, TCP client] progress ${final.bytesSent} B = peer received ${received} B = tx counter, of ${FILE_BYTES} B; descriptors ${before} → ${after}`);
    expect(after).toBe(before);
  });

  it('TCP client, the engine shutting down (Engine.dispose): the same answer, nothing counted that did not arrive', async () => {
    const before = openDescriptors();
    const p = await peer();
    harness = new EngineHarness();
    const h = harness;
    await h.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: p.port } });
    const { result, final } = await sendThenClose(h, { sessionId: 's1', path }, () => p.bytes() >= 4 * MiB, () => h.dispose());

    expect(result).toMatchObject({ ok: false, error: CLOSED });
    expect(final).toMatchObject({ done: true, error: CLOSED });
    expect(await settledValue(p.bytes, 'bytes at the peer')).toBe(final.bytesSent);
    await p.close();
    expect(await descriptorsAfterClose(before)).toBe(before);
  });

  it('TCP server sending to a client, session.close: the same; a kick before ends it naming the client', async () => {
    const before = openDescriptors();
    harness = new EngineHarness();
    const h = harness;
    const opened = await h.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const sockets: Socket[] = [];
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const client = await connectClient(sockets, opened.local.port);
    let received = 0;
    client.socket.removeAllListeners('data');
    client.socket.on('data', (chunk: Buffer) => (received += chunk.length));
    await waitFor(() => h.lastClients('s1').length === 1, 2000, 'the client listed');

    // A kick first: the file send ends naming that client, not the session (which stays open). A piece in the
    // socket says the client was kicked; if none was (the next one was being read from disk), the next piece finds
    // the client gone.
    const kicked = await sendThenClose(h, { sessionId: 's1', path, client: client.key }, () => received >= 2 * MiB, async () => h.must('server.kick', { sessionId: 's1', client: client.key }));
    expect([
      { code: 'CLOSED_DURING_SEND', params: { reason: 'kicked', endpoint: client.key } },
      { code: 'NOT_FOUND', params: { client: client.key } },
    ]).toContainEqual(kicked.result.ok ? undefined : { code: kicked.result.error.code, params: kicked.result.error.params });

    const second = await connectClient(sockets, opened.local.port);
    let secondGot = 0;
    second.socket.removeAllListeners('data');
    second.socket.on('data', (chunk: Buffer) => (secondGot += chunk.length));
    await waitFor(() => h.lastClients('s1').length === 1, 2000, 'the second client listed');
    const progressBefore = h.eventsOf('send.progress', 's1').length;
    const sending = h.invoke('session.sendFile', { sessionId: 's1', path, client: second.key });
    await waitFor(() => secondGot >= 4 * MiB, 10_000, 'the file under way');
    await h.must('session.close', { sessionId: 's1' });
    const result = await sending;
    const final = h.eventsOf('send.progress', 's1').slice(progressBefore).find((p) => p.done)!;
    expect(result).toMatchObject({ ok: false, error: CLOSED });
    expect(final).toMatchObject({ done: true, error: CLOSED });
    expect(await settledValue(() => secondGot, 'bytes at the client')).toBe(final.bytesSent);
    await h.dispose();
    sockets.forEach((socket) => socket.destroy());
    const after = await descriptorsAfterClose(before);
    console.info(`[faults: close during file send, TCP server] progress ${final.bytesSent} B = client received ${secondGot} B; descriptors ${before} → ${after}`);
    expect(after).toBe(before);
  });

  it('UDP, session.close: the same answer; progress = tx counter, and the peer got at most that', async () => {
    const before = openDescriptors();
    const receiver = await udpPeer();
    cleanups.push(() => new Promise<void>((resolve) => receiver.socket.close(() => resolve())));
    harness = new EngineHarness();
    const h = harness;
    await h.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const to = { host: '127.0.0.1', port: receiver.port };
    const { result, final } = await sendThenClose(h, { sessionId: 's1', path, to, chunkSize: 1000 }, () => progressBytes(h) >= 1_000_000, () => h.must('session.close', { sessionId: 's1' }));

    expect(result).toMatchObject({ ok: false, error: CLOSED });
    expect(final).toMatchObject({ done: true, error: CLOSED });
    expect(h.countersOf('s1')?.txBytes).toBe(final.bytesSent);
    // Loopback UDP may drop datagrams when the receiver falls behind: the peer gets at most what was sent.
    const received = await settledValue(() => receiver.received.reduce((sum, d) => sum + d.data.length, 0), 'bytes at the peer');
    expect(received).toBeLessThanOrEqual(final.bytesSent);
    await h.dispose();
    await new Promise<void>((resolve) => receiver.socket.close(() => resolve()));
    cleanups.pop();
    const after = await descriptorsAfterClose(before);
    console.info(`[faults: close during file send, UDP] progress ${final.bytesSent} B = tx counter; peer received ${received} B; descriptors ${before} → ${after}`);
    expect(after).toBe(before);
  });

  it('TCP client whose peer reads nothing: the close does not wait on it; the peer later gets at most one piece more than reported', async () => {
    const before = openDescriptors();
    const p = await peer({ paused: true });
    harness = new EngineHarness();
    const h = harness;
    await h.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: p.port } });
    const sending = h.invoke('session.sendFile', { sessionId: 's1', path });
    // The kernel's buffers and the sender's window are full once the progress stands still.
    await waitFor(() => progressBytes(h) > 0, 5000, 'some progress');
    await settledValue(() => progressBytes(h), 'progress');
    await h.must('session.close', { sessionId: 's1' });
    const result = await sending;
    const final = h.eventsOf('send.progress', 's1').at(-1)!;
    expect(result).toMatchObject({ ok: false, error: CLOSED });
    expect(final).toMatchObject({ done: true, error: CLOSED });
    // The bytes the kernel took stay on their way after the close; the piece the close cut short is not counted,
    // though the part of it the kernel had taken arrives too (a piece is 1 MiB).
    p.sockets[0]!.resume();
    const received = await settledValue(p.bytes, 'bytes at the peer');
    console.info(`[faults: close during file send, peer not reading] progress ${final.bytesSent} B; peer received ${received} B once it read`);
    expect(received).toBeGreaterThanOrEqual(final.bytesSent);
    expect(received).toBeLessThanOrEqual(final.bytesSent + MiB);
    await h.dispose();
    await p.close();
    expect(await descriptorsAfterClose(before)).toBe(before);
  });
});
