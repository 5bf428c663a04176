import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '@shared';
import { EngineHarness } from '../test-support/engine-harness';
import { countingPeer, settledValue, type CountingPeer } from '../test-support/counting-peer';
import { descriptorsAfterClose, descriptorsUnavailable, memoryAfterGc, openDescriptors } from '../test-support/descriptors';
import { waitFor } from '../test-support/wait-for';

/*
 * Issue 11, "Faults survived": a peer that accepts the connection and never reads. The engine does not buffer
 * without bound: each TCP connection's unsent bytes (Node's write buffer, beyond what the kernel holds) stay under
 * EngineOptions.maxQueuedWriteBytes (16 MiB by default); a send past it is refused with QUEUE_FULL naming the peer
 * and the bytes waiting ("The peer … is not reading: N bytes already waiting…", 对方…未在读取). Other sessions carry
 * on, and once the peer reads, every byte of every accepted send arrives, in order. Already proven elsewhere: the
 * cap with a small limit and a reset of the queued sends (tcp-client-session.test.ts, "honours backpressure"), the
 * cap under write coalescing (tcp-write.test.ts), a file send to a peer that reads nothing (file-sender.test.ts,
 * "cancelled while the peer reads nothing"). Sentences: renderer/src/i18n/fault-sentences.test.ts.
 */
const skip = descriptorsUnavailable();
if (skip) console.warn(`[faults] ${skip}: the never-reading peer test is skipped`);

const MiB = 1024 * 1024;
/** The engine's documented default cap (engine.ts DEFAULT_MAX_QUEUED_WRITE_BYTES). */
const CAP = 16 * MiB;
/** Sends tried at most: well past the kernel's buffers plus the cap (about 10 + 16 MiB on loopback). */
const MAX_ATTEMPTS = 96;
/** Refusals in a row that show the queue stays full while the peer does not read. */
const REFUSALS_TO_SEE = 32;

/** Send i: 1 MiB that says which send it is in every 4 bytes, so order and integrity show at the peer. */
function sendBytes(i: number): Buffer {
  const bytes = Buffer.allocUnsafe(MiB);
  for (let offset = 0; offset < MiB; offset += 4) bytes.writeUInt32BE(i, offset);
  return bytes;
}

describe.skipIf(skip !== undefined)('a peer that never reads (issue 11)', () => {
  let harness: EngineHarness | undefined;
  const peers: CountingPeer[] = [];

  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    for (const peer of peers.splice(0)) await peer.close();
  });

  it('sends past the cap are refused naming the peer and the bytes waiting; memory stays bounded; others carry on; all accepted bytes arrive once it reads', async () => {
    const before = openDescriptors();
    const stuck = await countingPeer({ paused: true });
    const reading = await countingPeer();
    peers.push(stuck, reading);
    harness = new EngineHarness();
    const h = harness;
    await h.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: stuck.port } });
    await h.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: reading.port } });
    const memoryBefore = await memoryAfterGc();

    // The test keeps no accepted send's bytes (only their hash), so the memory measured is what the engine holds.
    const expected = createHash('sha256');
    let acceptedBytes = 0;
    /** Bytes of accepted sends whose answer has not come: what Node's write buffer holds for the peer. */
    let waiting = 0;
    let maxWaiting = 0;
    const refusals: Array<Extract<Result<unknown>, { ok: false }>['error']> = [];
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < MAX_ATTEMPTS && refusals.length < REFUSALS_TO_SEE; i++) {
      const bytes = sendBytes(i);
      const sending = h.invoke('session.send', { sessionId: 's1', bytes });
      const now = await Promise.race([sending, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
      if (now && !now.ok) {
        // Refused: what it says is exactly the bytes waiting for the peer, under the cap.
        expect(now.error.params?.['queued']).toBe(waiting);
        refusals.push(now.error);
        continue;
      }
      expected.update(bytes);
      acceptedBytes += bytes.length;
      if (now) continue; // the kernel took it at once
      waiting += bytes.length;
      maxWaiting = Math.max(maxWaiting, waiting);
      const size = bytes.length;
      pending.push(
        sending.then(() => {
          waiting -= size;
        }),
      );
    }
    // The sends the kernel took are counted and their rows have gone out (a row holds its send's bytes until then).
    await waitFor(() => h.countersOf('s1')?.txBytes === acceptedBytes - waiting, 2000, 'the tx rows of the sends the kernel took');
    const memoryStuck = await memoryAfterGc();

    expect(refusals).toHaveLength(REFUSALS_TO_SEE);
    for (const refusal of refusals) {
      expect(refusal).toEqual({
        code: 'QUEUE_FULL',
        message: expect.any(String),
        params: { queued: waiting, size: MiB, max: CAP, endpoint: `127.0.0.1:${stuck.port}` },
      });
    }
    expect(maxWaiting).toBeLessThanOrEqual(CAP);
    // What the engine holds for the peer: at most the cap, plus a little for everything else the test allocated.
    const heldBytes = memoryStuck.arrayBuffers - memoryBefore.arrayBuffers;
    expect(heldBytes).toBeLessThanOrEqual(CAP + 4 * MiB);

    // A cyclic send to it is refused at its first send, with the same sentence.
    expect(await h.invoke('session.repeat.start', { sessionId: 's1', bytes: Buffer.alloc(MiB), periodMs: 10 })).toMatchObject({
      ok: false,
      error: { code: 'QUEUE_FULL', params: { endpoint: `127.0.0.1:${stuck.port}`, max: CAP } },
    });
    // The engine and its other sessions carry on meanwhile.
    expect((await h.invoke('system.interfaces', {})).ok).toBe(true);
    expect(await h.must('session.send', { sessionId: 's2', bytes: sendBytes(7) })).toEqual({ bytesSent: MiB });
    await waitFor(() => reading.bytes() === MiB, 5000, 'the other session delivering');
    expect(reading.digest()).toBe(createHash('sha256').update(sendBytes(7)).digest('hex'));

    // The peer reads at last: every accepted send arrives, in order, byte-exact; the counter says the same.
    stuck.sockets[0]!.resume();
    await Promise.all(pending);
    const received = await settledValue(stuck.bytes, 'bytes at the peer once it reads');
    expect(received).toBe(acceptedBytes);
    expect(stuck.digest()).toBe(expected.digest('hex'));
    await waitFor(() => h.countersOf('s1')?.txBytes === acceptedBytes, 2000, 'the tx counter');
    expect(h.eventsOf('session.error')).toEqual([]);

    await h.dispose();
    for (const peer of peers.splice(0)) await peer.close();
    const after = await descriptorsAfterClose(before);
    console.info(
      `[faults: peer never reads] accepted ${acceptedBytes / MiB} MiB (kernel buffers + queue), queue peak ${maxWaiting / MiB} MiB of a ${CAP / MiB} MiB cap, ` +
        `${refusals.length} refused; engine-held Buffer memory ${(heldBytes / MiB).toFixed(1)} MiB; all ${received} B arrived byte-exact once read; descriptors ${before} → ${after}`,
    );
    expect(after).toBe(before);
  });
});
