import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../test-support/engine-harness';
import { countingPeer, settledValue } from '../test-support/counting-peer';
import { descriptorsAfterClose, descriptorsUnavailable, openDescriptors } from '../test-support/descriptors';
import { connectClient, eventRows } from '../test-support/tcp-test-clients';
import { waitFor } from '../test-support/wait-for';

/*
 * Issue 11, "Faults survived": the peer resets (RST, socket.resetAndDestroy) while the engine sends to it.
 *
 * What the tx counter means here: it counts a send once the OS has taken all of its bytes. A send the reset cuts short
 * is not counted at all, though its first bytes may have reached the peer; its Result says the peer reset the
 * connection (CLOSED_DURING_SEND, reason 'reset'). Bytes the kernel had taken but not yet delivered are lost with the
 * connection. So the counter equals the sum of the sends whose Result was ok, and the peer has received at most that
 * plus the sends cut short. Sentences: renderer/src/i18n/fault-sentences.test.ts.
 */
const skip = descriptorsUnavailable();
if (skip) console.warn(`[faults] ${skip}: the peer-reset tests are skipped`);

const MiB = 1024 * 1024;
/**
 * One send larger than the two kernel buffers of a loopback connection can hold between a reader that paused and us
 * (tcp_rmem's maximum is 32 MiB here, tcp_wmem's 4 MiB), so it is still in the engine when the reset comes. Larger
 * than the default 16 MiB write queue too: these engines get room for it (ENGINE_OPTIONS).
 */
const SEND_BYTES = 48 * MiB;
const ENGINE_OPTIONS = { maxQueuedWriteBytes: 64 * MiB };

describe.skipIf(skip !== undefined)('peer resets mid-send (issue 11)', () => {
  let harness: EngineHarness | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A TCP client session connected to a counting peer; the peer's accepted socket is returned once it is there. */
  async function clientToPeer() {
    const peer = await countingPeer();
    cleanups.push(() => peer.close());
    harness = new EngineHarness(ENGINE_OPTIONS);
    const opened = await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port } });
    const accepted = await waitFor(() => peer.sockets[0], 2000, 'the peer to accept');
    return { peer, accepted, opened, h: harness };
  }

  /** After the reset: the log has the connected row and exactly one "reset" row, and the session closed for it. */
  async function expectOneResetRow(h: EngineHarness, port: number): Promise<void> {
    const closed = await h.waitForState('s1', 'closed');
    expect(closed).toMatchObject({ reason: 'reset', error: { code: 'ECONNRESET', params: { host: '127.0.0.1', port } } });
    expect(eventRows(h, 's1').map((row) => row.event)).toEqual([{ type: 'connected' }, { type: 'disconnected', reason: 'reset' }]);
    expect(h.eventsOf('session.error')).toEqual([]);
  }

  it('a TCP client sending 48 MiB in one send: the send says the peer reset it; not counted; one row; descriptors back', async () => {
    const before = openDescriptors();
    const { peer, accepted, h } = await clientToPeer();
    // The peer stops reading after the first MiB, so the rest of the send cannot all fit in the two kernel buffers
    // (each up to a few MiB on loopback) and is still in the engine when the reset comes, however slow this machine.
    accepted.on('data', () => {
      if (peer.bytes() >= MiB) accepted.pause();
    });
    const sending = h.invoke('session.send', { sessionId: 's1', bytes: randomBytes(SEND_BYTES) });
    await waitFor(() => peer.bytes() >= MiB, 5000, 'the first MiB at the peer');
    accepted.resetAndDestroy();

    expect(await sending).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CLOSED_DURING_SEND', params: { reason: 'reset', endpoint: `127.0.0.1:${peer.port}` } }),
    });
    await expectOneResetRow(h, peer.port);
    const received = peer.bytes();
    // The one send was cut short: nothing counted, though part of it reached the peer before the reset.
    expect(h.countersOf('s1')?.txBytes ?? 0).toBe(0);
    expect(received).toBeGreaterThanOrEqual(MiB);
    expect(received).toBeLessThan(SEND_BYTES);
    await h.dispose();
    await peer.close();
    const after = await descriptorsAfterClose(before);
    console.info(`[faults: RST mid-send, TCP client, one 48 MiB send] peer received ${received} B before its reset; tx counter 0; descriptors ${before} → ${after}`);
    expect(after).toBe(before);
  });

  it('a TCP client cyclic send: it stops saying the peer reset the connection; counter = the sends that succeeded', async () => {
    const before = openDescriptors();
    const { peer, accepted, h } = await clientToPeer();
    const size = 64 * 1024;
    await h.must('session.repeat.start', { sessionId: 's1', bytes: randomBytes(size), periodMs: 1 });
    await waitFor(() => peer.bytes() >= 2 * MiB, 10_000, '2 MiB of cyclic sends at the peer');
    accepted.resetAndDestroy();

    const stopped = await waitFor(() => h.eventsOf('repeat.state', 's1').find((state) => !state.running), 5000, 'the cyclic send to stop');
    // Whether a send of it or the session's close noticed first, it names the reset.
    expect(['closed', 'error']).toContain(stopped.reason);
    expect(stopped.error).toMatchObject({ code: 'CLOSED_DURING_SEND', params: { reason: 'reset' } });
    await expectOneResetRow(h, peer.port);
    const tx = h.countersOf('s1')?.txBytes ?? 0;
    const received = await settledValue(peer.bytes, 'bytes at the peer');
    expect(tx).toBe(stopped.sent * size);
    console.info(`[faults: RST mid-send, TCP client, cyclic 64 KiB / 1 ms] ${stopped.sent} sends ok = tx counter ${tx} B; peer received ${received} B before its reset`);
    await h.dispose();
    await peer.close();
    expect(await descriptorsAfterClose(before)).toBe(before);
  });

  it('a TCP client file send: its Result and final progress say the peer reset it; progress = tx counter; the file is closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'socketdesk-fault-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, 'big.bin');
    await writeFile(path, randomBytes(64 * MiB));
    const before = openDescriptors();
    const { peer, accepted, h } = await clientToPeer();
    const sending = h.invoke('session.sendFile', { sessionId: 's1', path });
    await waitFor(() => peer.bytes() >= 4 * MiB, 10_000, '4 MiB of the file at the peer');
    accepted.resetAndDestroy();

    const result = await sending;
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'CLOSED_DURING_SEND', params: { reason: 'reset', endpoint: `127.0.0.1:${peer.port}` } }) });
    const final = h.eventsOf('send.progress', 's1').at(-1)!;
    expect(final).toMatchObject({ done: true, totalBytes: 64 * MiB, error: { code: 'CLOSED_DURING_SEND', params: { reason: 'reset' } } });
    await expectOneResetRow(h, peer.port);
    const tx = h.countersOf('s1')?.txBytes ?? 0;
    const received = await settledValue(peer.bytes, 'bytes at the peer');
    expect(final.bytesSent).toBe(tx);
    // At most the file's window (2 MiB handed to the socket, not yet counted) beyond what was counted.
    expect(received).toBeLessThanOrEqual(tx + 2 * MiB);
    await h.dispose();
    await peer.close();
    const after = await descriptorsAfterClose(before);
    console.info(`[faults: RST mid-send, TCP client, 64 MiB file] progress = tx counter ${tx} B; peer received ${received} B; descriptors ${before} → ${after}`);
    expect(after).toBe(before);
  });

  it('a TCP server: the client that resets is the only one affected; the send to it says so, naming it', async () => {
    const before = openDescriptors();
    harness = new EngineHarness(ENGINE_OPTIONS);
    const h = harness;
    const opened = await h.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const sockets: Socket[] = [];
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const resetter = await connectClient(sockets, opened.local.port);
    const others = [await connectClient(sockets, opened.local.port), await connectClient(sockets, opened.local.port)];
    await waitFor(() => h.lastClients('s1').length === 3, 2000, 'three clients listed');
    let resetterGot = 0;
    // It stops reading after the first MiB: the send is then still in the engine when the reset comes (see above).
    resetter.socket.on('data', (chunk: Buffer) => {
      resetterGot += chunk.length;
      if (resetterGot >= MiB) resetter.socket.pause();
    });

    const sending = h.invoke('session.send', { sessionId: 's1', bytes: randomBytes(SEND_BYTES), client: resetter.key });
    await waitFor(() => resetterGot >= MiB, 5000, 'the first MiB at the client');
    resetter.socket.resetAndDestroy();
    expect(await sending).toEqual({ ok: false, error: expect.objectContaining({ code: 'CLOSED_DURING_SEND', params: { reason: 'reset', endpoint: resetter.key } }) });

    await waitFor(() => h.lastClients('s1').length === 2, 2000, 'the reset client gone from the list');
    expect(h.lastClients('s1').map((client) => client.key).sort()).toEqual(others.map((client) => client.key).sort());
    // The others carry on both ways.
    expect(await h.must('session.send', { sessionId: 's1', bytes: Buffer.from('still here') })).toEqual({ bytesSent: 20 });
    await waitFor(() => others.every((client) => client.received() === 'still here'), 2000, 'the others to receive');
    others[0]!.socket.write('me too');
    expect((await h.waitForRx('s1', 6)).toString()).toBe('me too');
    // One row for the reset, and it is about the client that reset; nobody else left.
    const gone = eventRows(h, 's1').filter((row) => row.event?.type === 'client-disconnected');
    expect(gone.map((row) => [`${row.peer.address}:${row.peer.port}`, row.event])).toEqual([[resetter.key, { type: 'client-disconnected', reason: 'reset' }]]);
    expect(h.eventsOf('session.error')).toEqual([]);
    // Only the 'still here' sends were counted: the cut-short 48 MiB send was not.
    expect(h.countersOf('s1')).toMatchObject({ txBytes: 20, rxBytes: 6 });

    await h.dispose();
    sockets.forEach((socket) => socket.destroy());
    const after = await descriptorsAfterClose(before);
    console.info(`[faults: RST mid-send, TCP server, 3 clients] resetting client got ${resetterGot} B of 48 MiB; others unaffected; descriptors ${before} → ${after}`);
    expect(after).toBe(before);
  });
});
