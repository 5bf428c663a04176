import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { computeChecksum, plainSendSpec, type SendSpec } from '@shared';
import { EngineHarness } from './test-support/engine-harness';
import { udpPeer } from './test-support/peers';
import { waitFor } from './test-support/wait-for';

/** A UDP peer that stamps every datagram with the monotonic clock (ns) when its callback runs. */
async function timedUdpPeer() {
  const peer = await udpPeer();
  const arrivals: Array<{ at: bigint; data: string }> = [];
  peer.socket.on('message', (data) => arrivals.push({ at: process.hrtime.bigint(), data: data.toString() }));
  return { ...peer, arrivals };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe('cyclic send (session.repeat.*)', () => {
  let harness: EngineHarness;
  const cleanups: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function udpSession() {
    harness = new EngineHarness();
    const peer = await timedUdpPeer();
    cleanups.push(() => new Promise<void>((resolve) => peer.socket.close(() => resolve())));
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    return { peer, to: { host: '127.0.0.1', port: peer.port } };
  }

  function lastRepeatState(sessionId = 's1') {
    const states = harness.eventsOf('repeat.state', sessionId);
    return states[states.length - 1];
  }

  it('keeps a 10 ms period on average without drift (measured at the receiver)', async () => {
    const { peer, to } = await udpSession();
    const count = 200;
    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('tick'), periodMs: 10, to, count });
    await waitFor(() => lastRepeatState()?.running === false, 5000, 'the cyclic send to finish');
    await waitFor(() => peer.arrivals.length === count, 2000, `${count} datagrams`);

    const ms = peer.arrivals.map((a) => Number(a.at - peer.arrivals[0]!.at) / 1e6);
    const meanPeriod = ms[ms.length - 1]! / (count - 1);
    const meanError = Math.abs(meanPeriod - 10) / 10;
    const jitter = ms.slice(1).map((t, i) => Math.abs(t - ms[i]! - 10));
    console.info(
      `[repeat 10 ms × ${count}] mean period ${meanPeriod.toFixed(3)} ms (error ${(meanError * 100).toFixed(2)} %), ` +
        `jitter p50 ${percentile(jitter, 50).toFixed(3)} ms, p99 ${percentile(jitter, 99).toFixed(3)} ms, max ${Math.max(...jitter).toFixed(3)} ms`,
    );
    // Drift is a correctness property (the timer must not accumulate late wake-ups); jitter is a speed target and
    // lives in bench B8 (p99 ≤ 5 ms on a quiet machine): under a loaded machine one p99 here measured 57 ms.
    expect(meanError).toBeLessThanOrEqual(0.05);
    expect(lastRepeatState()).toMatchObject({ running: false, sent: count, reason: 'count' });
    await waitFor(() => harness.countersOf('s1')?.txFrames === count, 2000, 'tx counter');
    expect(harness.countersOf('s1')).toMatchObject({ txFrames: count, txBytes: 4 * count });
  });

  it('delivers about 1 000 sends/s at a 1 ms period (late wake-ups catch up)', async () => {
    const { peer, to } = await udpSession();
    const count = 1000;
    const startedAt = performance.now();
    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('x'), periodMs: 1, to, count });
    await waitFor(() => peer.arrivals.length >= count, 5000, `${count} datagrams`);
    const elapsedMs = performance.now() - startedAt;
    const rate = count / (elapsedMs / 1000);
    const state = await waitFor(() => (lastRepeatState()?.running === false ? lastRepeatState() : undefined), 2000, 'stop');
    console.info(`[repeat 1 ms × ${count}] ${rate.toFixed(0)} sends/s over ${elapsedMs.toFixed(0)} ms, skipped ${state.skipped}`);
    expect(rate).toBeGreaterThanOrEqual(800);
    expect(state).toMatchObject({ reason: 'count', sent: count });
  });

  it('stops on request: reason user, and nothing is sent afterwards', async () => {
    const { peer, to } = await udpSession();
    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('r'), periodMs: 5, to });
    expect(harness.eventsOf('repeat.state', 's1')[0]).toEqual({ sessionId: 's1', running: true, sent: 0, skipped: 0 });
    await waitFor(() => peer.arrivals.length >= 3, 2000, '3 datagrams');
    await harness.must('session.repeat.stop', { sessionId: 's1' });
    const stopped = lastRepeatState()!;
    expect(stopped).toMatchObject({ running: false, reason: 'user' });
    // A marker sent after the stop arrives after every repeated datagram: nothing was queued behind it.
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('marker'), to });
    await waitFor(() => peer.arrivals.some((a) => a.data === 'marker'), 2000, 'marker');
    // An absence cannot be awaited: give a timer that survived the stop six periods to show itself.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(peer.arrivals[peer.arrivals.length - 1]!.data).toBe('marker');
    expect(peer.arrivals.length - 1).toBe(stopped.sent);
  });

  it('a restart replaces the running cyclic send', async () => {
    const { peer, to } = await udpSession();
    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('a'), periodMs: 5, to });
    await waitFor(() => peer.arrivals.length >= 2, 2000, 'a');
    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('b'), periodMs: 5, to, count: 3 });
    await waitFor(() => lastRepeatState()?.reason === 'count', 2000, 'the second one to finish');
    // 'count' says the third send completed at the socket; on a busy machine the peer may not have read it yet.
    await waitFor(() => peer.arrivals.filter((a) => a.data === 'b').length === 3, 2000, 'three b datagrams');
    const states = harness.eventsOf('repeat.state', 's1').filter((s) => !s.running);
    expect(states.map((s) => s.reason)).toEqual(['user', 'count']);
    const data = peer.arrivals.map((a) => a.data).join('');
    expect(data).toMatch(/^a+bbb$/);
  });

  it('stops with reason closed when the session closes', async () => {
    const { to } = await udpSession();
    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('c'), periodMs: 5, to });
    await harness.must('session.close', { sessionId: 's1' });
    expect(lastRepeatState()).toMatchObject({ running: false, reason: 'closed' });
    // Stopping afterwards is harmless, as closing twice is.
    expect((await harness.invoke('session.repeat.stop', { sessionId: 's1' })).ok).toBe(true);
  });

  it('refuses a start whose first send fails (no UDP target), and one on an unknown session', async () => {
    await udpSession();
    const result = await harness.invoke('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('x'), periodMs: 10 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(lastRepeatState()).toMatchObject({ running: false, reason: 'error', error: { code: 'INVALID_ARGUMENT' } });
    expect(await harness.invoke('session.repeat.start', { sessionId: 's9', bytes: Buffer.from('x'), periodMs: 10 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_OPEN' },
    });
  });

  it('stops with reason error when the TCP client it sends to goes away', async () => {
    harness = new EngineHarness();
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    const client = connect(opened.local.port, '127.0.0.1');
    client.on('error', () => undefined);
    cleanups.push(() => void client.destroy());
    let received = 0;
    client.on('data', (chunk) => (received += chunk.length));
    const key = await waitFor(() => harness.lastClients('s1')[0]?.key, 2000, 'client');
    await harness.must('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('z'), periodMs: 5, client: key });
    await waitFor(() => received >= 2, 2000, 'two sends');
    client.destroy();
    const stopped = await waitFor(() => (lastRepeatState()?.running === false ? lastRepeatState() : undefined), 3000, 'stop');
    expect(stopped.reason).toBe('error');
    expect(['NOT_FOUND', 'CLOSED_DURING_SEND', 'EPIPE', 'ECONNRESET']).toContain(stopped.error?.code);
  });

  describe('with a SendSpec evaluated per send (DESIGN §3b)', () => {
    const spec = (text: string, patch: Partial<SendSpec> = {}): SendSpec => ({ ...plainSendSpec(text), ...patch });

    it('a counter template delivers 1, 2, 3 … to the peer at a 1 ms period', async () => {
      const { peer, to } = await udpSession();
      const count = 200;
      await harness.must('session.repeat.start', { sessionId: 's1', spec: spec('n={{counter format=dec}};'), periodMs: 1, to, count });
      await waitFor(() => peer.arrivals.length >= count, 5000, `${count} datagrams`);
      await waitFor(() => lastRepeatState()?.running === false, 2000, 'stop');
      expect(peer.arrivals.map((a) => a.data)).toEqual(Array.from({ length: count }, (_, i) => `n=${i + 1};`));
      expect(lastRepeatState()).toMatchObject({ reason: 'count', sent: count });
    });

    it('a Modbus frame with a counter and its CRC: every frame checks out', async () => {
      const { peer, to } = await udpSession();
      const frames: Buffer[] = [];
      peer.socket.on('message', (data) => frames.push(data));
      const modbus = { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } as const;
      await harness.must('session.repeat.start', {
        sessionId: 's1',
        spec: spec('01 06 00 01 {{counter width=2 start=100}}', { mode: 'hex', checksum: modbus }),
        periodMs: 2,
        to,
        count: 5,
      });
      await waitFor(() => frames.length >= 5, 3000, '5 frames');
      frames.forEach((frame, i) => {
        expect(frame.readUInt16BE(4)).toBe(100 + i);
        const crc = computeChecksum('crc-16/modbus', frame.subarray(0, 6), { order: 'le' });
        expect(crc.ok && Buffer.from(crc.value).equals(frame.subarray(6))).toBe(true);
      });
    });

    it('refuses a start whose spec does not evaluate, with the template error', async () => {
      const { peer, to } = await udpSession();
      const result = await harness.invoke('session.repeat.start', { sessionId: 's1', spec: spec('AT{{count}}'), periodMs: 5, to });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'template', problem: 'unknownField', position: 5 } } });
      expect(lastRepeatState()).toMatchObject({ running: false, sent: 0, reason: 'error', error: { params: { problem: 'unknownField' } } });
      expect(peer.arrivals).toHaveLength(0);
    });

    it('stops with the error when a later send no longer evaluates (a length outgrows its field)', async () => {
      const { peer, to } = await udpSession();
      // One digit holds the length while the counter has one digit: 1 + 1 + 7 = 9; at 10 it is 10.
      const text = '{{counter format=dec}}{{len format=dec width=1 from=0 adjust=7}}';
      await harness.must('session.repeat.start', { sessionId: 's1', spec: spec(text), periodMs: 1, to });
      const stopped = await waitFor(() => (lastRepeatState()?.running === false ? lastRepeatState() : undefined), 3000, 'stop');
      expect(stopped).toMatchObject({ reason: 'error', sent: 9, error: { code: 'INVALID_ARGUMENT', params: { problem: 'valueTooLarge', value: 10 } } });
      await waitFor(() => peer.arrivals.length === 9, 2000, '9 datagrams');
      expect(peer.arrivals.map((a) => a.data)).toEqual(['19', '29', '39', '49', '59', '69', '79', '89', '99']);
    });
  });
});
