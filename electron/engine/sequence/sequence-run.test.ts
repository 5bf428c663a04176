import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandDispatcher } from '../command-dispatcher';
import {
  plainSendSpec,
  SEQUENCE_LIMITS,
  type CommandArgs,
  type EventPayloads,
  type Sequence,
  type SequenceStep,
  type SequenceSummary,
} from '@shared';
import { EngineHarness } from '../test-support/engine-harness';
import { closedTcpPort, hasTool, Processes, udpPeer, waitForOutput } from '../test-support/peers';
import { once, waitFor } from '../test-support/wait-for';

/**
 * 测试序列 in the engine against real peers on loopback: a Node UDP echo, socat as a TCP echo server, ncat as an
 * echoing client of a TCP server, and peers that never answer. Latencies are the frames' own times; every wait is
 * bounded.
 */

const hasSocat = hasTool('socat');
const hasNcat = hasTool('ncat');

let harness: EngineHarness;
const processes = new Processes();
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeEach(() => {
  harness = new EngineHarness({ batchIntervalMs: 2 });
});

afterEach(async () => {
  await harness.dispose();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await processes.killAll();
});

const send = (text: string): SequenceStep => ({ kind: 'send', spec: plainSendSpec(text) });
const expectText = (pattern: string, timeoutMs = 2000, samePeer = false): SequenceStep => ({
  kind: 'expect',
  match: { kind: 'contains', pattern, mode: 'text' },
  timeoutMs,
  samePeer,
});
const sequenceOf = (steps: SequenceStep[], continueOnFailure = false, name = 'Echo'): Sequence => ({ name, steps, continueOnFailure });

/** A Node UDP socket on 127.0.0.1 that sends every datagram back to its sender. */
async function udpEcho(): Promise<{ socket: UdpSocket; port: number; received: string[] }> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (data, rinfo) => {
    received.push(data.toString());
    socket.send(data, rinfo.port, rinfo.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, port: socket.address().port, received };
}

async function openUdp(): Promise<string> {
  const opened = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
  return opened.sessionId;
}

function run(sessionId: string, sequence: Sequence, target: CommandArgs<'session.sequence.run'>['target'] = {}) {
  return harness.invoke('session.sequence.run', { sessionId, sequence, target });
}

function doneOf(sessionId: string, timeoutMs = 8000): Promise<SequenceSummary> {
  return waitFor(() => harness.eventsOf('sequence.done', sessionId).at(-1)?.summary, timeoutMs, `sequence.done on ${sessionId}`);
}

describe('sequences against echo peers', () => {
  it('UDP: a repeat of send + expect passes against a Node echo; latencies from the frames; counters count per send', async () => {
    const echo = await udpEcho();
    const sessionId = await openUdp();
    const started = await run(
      sessionId,
      sequenceOf([{ kind: 'repeat', count: 5, steps: 2 }, send('ping {{counter format=dec}}'), expectText('ping', 2000, true)]),
      { to: { host: '127.0.0.1', port: echo.port } },
    );
    expect(started).toEqual({ ok: true, value: { runId: 1 } });
    const summary = await doneOf(sessionId);
    expect(summary).toMatchObject({ name: 'Echo', outcome: 'passed', passed: 5, failed: 0, stepsRun: 10 });
    expect(echo.received).toEqual(['ping 1', 'ping 2', 'ping 3', 'ping 4', 'ping 5']);
    const latency = summary.latency!;
    expect(latency.count).toBe(5);
    expect(latency.minMs).toBeGreaterThanOrEqual(0);
    expect(latency.minMs).toBeLessThanOrEqual(latency.medianMs);
    expect(latency.medianMs).toBeLessThanOrEqual(latency.maxMs);
    expect(latency.maxMs).toBeLessThan(1000);
    expect(summary.steps.map((s) => [s.status, s.runs, s.passed, s.failed])).toEqual([
      ['passed', 5, 5, 0],
      ['passed', 5, 5, 0],
      ['passed', 5, 5, 0],
    ]);
    // The latency is the expect's match rx frame time minus its send's tx frame time, as the log shows them.
    await waitFor(() => harness.framesOf(sessionId).length === 10, 2000, 'ten log rows');
    const frames = harness.framesOf(sessionId);
    expect(frames.filter((f) => f.dir === 'tx').every((f) => f.mark === 'sequence:Echo')).toBe(true);
    const lastTx = frames.filter((f) => f.dir === 'tx').at(-1)!;
    const lastRx = frames.filter((f) => f.dir === 'rx').at(-1)!;
    expect(summary.steps[2]!.latencyMs).toBeCloseTo(lastRx.ts - lastTx.ts, 6);
    console.info(`[sequence] UDP echo latency over 5: min ${latency.minMs.toFixed(3)} / median ${latency.medianMs.toFixed(3)} / max ${latency.maxMs.toFixed(3)} ms`);
  });

  it.skipIf(!hasSocat)('TCP client: passes against socat as an echo server', async () => {
    const port = await closedTcpPort();
    const socat = processes.start('socat', ['-d', '-d', `TCP4-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, 'EXEC:cat']);
    await waitForOutput(socat.stderr!, /listening on/);
    const { sessionId } = await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port } });
    await harness.must('session.sequence.run', {
      sessionId,
      sequence: sequenceOf([{ kind: 'repeat', count: 3, steps: 2 }, send('hello {{counter format=dec}}\\n'), expectText('hello', 3000, true)]),
      target: {},
    });
    const summary = await doneOf(sessionId);
    expect(summary).toMatchObject({ outcome: 'passed', passed: 3, failed: 0 });
    expect(summary.latency?.count).toBe(3);
    expect(summary.latency!.maxMs).toBeLessThan(1000);
  });

  it.skipIf(!hasNcat)('TCP server: the sends go to the client (all), the expect takes its echo from that client', async () => {
    const { sessionId, local } = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    processes.start('ncat', ['127.0.0.1', String(local.port), '--sh-exec', 'cat']);
    await waitFor(() => harness.lastClients(sessionId).length === 1, 5000, 'ncat connected');
    await harness.must('session.sequence.run', {
      sessionId,
      sequence: sequenceOf([send('OK?'), expectText('OK?', 3000, true), send('again'), { kind: 'expect', match: { kind: 'exact', pattern: 'again', mode: 'text' }, timeoutMs: 3000, samePeer: true }]),
      target: { client: 'all' },
    });
    const summary = await doneOf(sessionId);
    expect(summary).toMatchObject({ outcome: 'passed', passed: 2, failed: 0 });
    expect(summary.latency?.count).toBe(2);
  });
});

describe('sequences that fail, wait, repeat and end early', () => {
  it('fails at the expect with a timeout against a silent peer, and runs nothing after it', async () => {
    const silent = await udpPeer();
    cleanups.push(() => silent.socket.close());
    const sessionId = await openUdp();
    const startedAt = performance.now();
    await harness.must('session.sequence.run', {
      sessionId,
      sequence: sequenceOf([send('anyone?'), expectText('yes', 300), send('never sent')]),
      target: { to: { host: '127.0.0.1', port: silent.port } },
    });
    const summary = await doneOf(sessionId);
    const elapsed = performance.now() - startedAt;
    expect(summary).toMatchObject({ outcome: 'failed', passed: 0, failed: 1, stepsRun: 2, latency: null });
    expect(summary.firstFailure).toEqual({ index: 1, failure: { kind: 'timeout', timeoutMs: 300 } });
    expect(summary.steps.map((s) => s.status)).toEqual(['passed', 'failed', 'idle']);
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(2000);
    await waitFor(() => silent.received.length === 1, 2000, 'the one send');
    expect(silent.received.map((r) => r.data.toString())).toEqual(['anyone?']);
  });

  it('continues after a failure when asked, counting each; a send with no target fails its step', async () => {
    const silent = await udpPeer();
    cleanups.push(() => silent.socket.close());
    const sessionId = await openUdp();
    await harness.must('session.sequence.run', {
      sessionId,
      sequence: sequenceOf([{ kind: 'repeat', count: 2, steps: 2 }, send('x'), expectText('y', 50)], true),
      target: { to: { host: '127.0.0.1', port: silent.port } },
    });
    const summary = await doneOf(sessionId);
    expect(summary).toMatchObject({ outcome: 'failed', passed: 0, failed: 2, stepsRun: 4 });
    expect(summary.steps.map((s) => [s.status, s.runs, s.passed, s.failed])).toEqual([
      ['failed', 2, 2, 2],
      ['passed', 2, 2, 0],
      ['failed', 2, 0, 2],
    ]);

    await harness.must('session.sequence.run', { sessionId, sequence: sequenceOf([send('to nobody')]), target: {} });
    const noTarget = await waitFor(() => harness.eventsOf('sequence.done', sessionId).find((e) => e.runId === 2)?.summary, 3000, 'run 2 done');
    expect(noTarget.outcome).toBe('failed');
    expect(noTarget.firstFailure).toMatchObject({ index: 0, failure: { kind: 'send', error: { code: 'INVALID_ARGUMENT', params: { field: 'to' } } } });
  });

  it('wait steps take about their time (loose bounds)', async () => {
    const sessionId = await openUdp();
    await harness.must('session.sequence.run', { sessionId, sequence: sequenceOf([{ kind: 'wait', ms: 150 }, { kind: 'wait', ms: 100 }]), target: {} });
    const summary = await doneOf(sessionId);
    expect(summary).toMatchObject({ outcome: 'passed', stepsRun: 2, passed: 0, failed: 0 });
    expect(summary.totalMs).toBeGreaterThanOrEqual(245);
    expect(summary.totalMs).toBeLessThan(1500);
    console.info(`[sequence] wait 150 + wait 100 took ${summary.totalMs.toFixed(1)} ms`);
  });

  it('expands nested repeat blocks in order; {{counter}} counts each send step\'s own sends', async () => {
    const echo = await udpEcho();
    const sessionId = await openUdp();
    await harness.must('session.sequence.run', {
      sessionId,
      sequence: sequenceOf([
        { kind: 'repeat', count: 3, steps: 3 },
        send('a{{counter format=dec}}'),
        { kind: 'repeat', count: 2, steps: 1 },
        send('b{{counter format=dec}}'),
        send('end'),
      ]),
      target: { to: { host: '127.0.0.1', port: echo.port } },
    });
    const summary = await doneOf(sessionId);
    expect(summary).toMatchObject({ outcome: 'passed', stepsRun: 10 });
    await waitFor(() => echo.received.length === 10, 2000, 'ten datagrams');
    expect(echo.received).toEqual(['a1', 'b1', 'b2', 'a2', 'b3', 'b4', 'a3', 'b5', 'b6', 'end']);
    expect(summary.steps.map((s) => [s.runs, s.passed])).toEqual([
      [3, 3],
      [3, 3],
      [6, 6],
      [6, 6],
      [1, 1],
    ]);
  });

  it('an answer that arrives during a wait is found by the expect after it; a stale one is not', async () => {
    const echo = await udpEcho();
    const sessionId = await openUdp();
    await harness.must('session.sequence.run', {
      sessionId,
      sequence: sequenceOf([send('early'), { kind: 'wait', ms: 100 }, expectText('early', 50), send('next'), expectText('early', 200)]),
      target: { to: { host: '127.0.0.1', port: echo.port } },
    });
    const summary = await doneOf(sessionId);
    expect(summary.outcome).toBe('failed');
    expect(summary.passed).toBe(1);
    expect(summary.firstFailure?.index).toBe(4);
    // The latency of the answer found after the wait is still from the send to its arrival, not to the expect.
    expect(summary.steps[2]!.latencyMs!).toBeLessThan(90);
  });

  it('stop ends a run at once as stopped; the snapshot keeps its results', async () => {
    const sessionId = await openUdp();
    await harness.must('session.sequence.run', { sessionId, sequence: sequenceOf([{ kind: 'wait', ms: 0 }, { kind: 'wait', ms: 30_000 }]), target: {} });
    await waitFor(() => harness.eventsOf('sequence.progress', sessionId).some((e) => e.current === 1), 3000, 'the long wait running');
    const attached = await harness.must('workspace.attach', {});
    expect(attached.sessions[0]!.sequence).toMatchObject({ runId: 1, running: true, current: 1, name: 'Echo' });
    const stoppedAt = performance.now();
    expect(await harness.invoke('session.sequence.stop', { sessionId })).toEqual({ ok: true, value: null });
    // The answer comes after the end went out.
    const summary = harness.eventsOf('sequence.done', sessionId).at(-1)!.summary;
    expect(performance.now() - stoppedAt).toBeLessThan(100);
    expect(summary).toMatchObject({ outcome: 'stopped', stepsRun: 2 });
    expect(summary.steps.map((s) => s.status)).toEqual(['passed', 'idle']);
    const after = await harness.must('workspace.attach', {});
    expect(after.sessions[0]!.sequence).toMatchObject({ running: false, current: null, summary: { outcome: 'stopped' } });
    // Stopping again, or with nothing running, is fine.
    expect(await harness.invoke('session.sequence.stop', { sessionId })).toEqual({ ok: true, value: null });
  });

  it('a new run replaces the one going, which ends as stopped first', async () => {
    const sessionId = await openUdp();
    await harness.must('session.sequence.run', { sessionId, sequence: sequenceOf([{ kind: 'wait', ms: 30_000 }]), target: {} });
    expect(await harness.must('session.sequence.run', { sessionId, sequence: sequenceOf([{ kind: 'wait', ms: 1 }], false, 'Second'), target: {} })).toEqual({ runId: 2 });
    await waitFor(() => harness.eventsOf('sequence.done', sessionId).length === 2, 3000, 'both ended');
    expect(harness.eventsOf('sequence.done', sessionId).map((e) => [e.runId, e.summary.outcome])).toEqual([
      [1, 'stopped'],
      [2, 'passed'],
    ]);
  });

  it('the session closing mid-run ends it as closed with the reason, before the closed state', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => sockets.push(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }));
    const port = (server.address() as AddressInfo).port;
    const { sessionId } = await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port } });
    await harness.must('session.sequence.run', { sessionId, sequence: sequenceOf([send('hi'), expectText('never', 30_000)]), target: {} });
    await waitFor(() => harness.eventsOf('sequence.progress', sessionId).some((e) => e.current === 1), 3000, 'the expect waiting');
    const peer = await waitFor(() => sockets[0], 2000, 'the peer accepted');
    // A reset: a FIN alone is a half-close now, which leaves the connection open for replies (issue 10).
    peer.resetAndDestroy();
    const summary = await doneOf(sessionId, 5000);
    expect(summary).toMatchObject({ outcome: 'closed', closeReason: 'reset', failed: 1 });
    expect(summary.firstFailure).toEqual({ index: 1, failure: { kind: 'closed', reason: 'reset' } });
    const order = harness.events.filter((e) => e.name === 'sequence.done' || (e.name === 'session.state' && (e.payload as EventPayloads['session.state']).state === 'closed')).map((e) => e.name);
    expect(order).toEqual(['sequence.done', 'session.state']);
    // A stop after the session closed answers fine; a run on it is NOT_OPEN.
    expect(await harness.invoke('session.sequence.stop', { sessionId })).toEqual({ ok: true, value: null });
    expect(await run(sessionId, sequenceOf([{ kind: 'wait', ms: 1 }]))).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });

  it('keeps running while no page is attached', async () => {
    const echo = await udpEcho();
    const sessionId = await openUdp();
    harness.engine.detachDisplay();
    await harness.must('session.sequence.run', {
      sessionId,
      sequence: sequenceOf([{ kind: 'repeat', count: 3, steps: 2 }, send('p'), expectText('p')]),
      target: { to: { host: '127.0.0.1', port: echo.port } },
    });
    expect(await doneOf(sessionId)).toMatchObject({ outcome: 'passed', passed: 3 });
  });
});

describe('sequences refused before anything runs', () => {
  it('refuses empty, too long, a bad regex, a block past the end, too many expanded steps: INVALID_ARGUMENT naming step and field', async () => {
    const peer = await udpPeer();
    cleanups.push(() => peer.socket.close());
    const sessionId = await openUdp();
    const target = { to: { host: '127.0.0.1', port: peer.port } };
    const refusal = async (sequence: Sequence) => {
      const result = await run(sessionId, sequence, target);
      if (result.ok) throw new Error('expected a refusal');
      return result.error;
    };
    expect(await refusal(sequenceOf([]))).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'steps', reason: 'no-steps' } });
    const tooMany = Array.from({ length: SEQUENCE_LIMITS.steps + 1 }, () => send('x'));
    expect(await refusal(sequenceOf(tooMany))).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'steps', reason: 'too-many-steps', max: 500 } });
    const badRegex = await refusal(sequenceOf([send('x'), { kind: 'expect', match: { kind: 'regex', source: 'a(b', ignoreCase: false }, timeoutMs: 100, samePeer: false }]));
    expect(badRegex).toMatchObject({ code: 'INVALID_ARGUMENT', params: { step: 2, field: 'source', reason: 'invalid-regex' } });
    expect(badRegex.message).toMatch(/^Step 2: Invalid regular expression/);
    expect(await refusal(sequenceOf([send('x'), { kind: 'repeat', count: 2, steps: 2 }, send('y')]))).toMatchObject({
      params: { step: 2, field: 'steps', reason: 'repeat-past-end', available: 1 },
    });
    expect(await refusal(sequenceOf([{ kind: 'repeat', count: 3, steps: 2 }, { kind: 'repeat', count: 2, steps: 2 }, send('a'), send('b')]))).toMatchObject({
      params: { step: 2, field: 'steps', reason: 'repeat-crosses-block', outer: 1 },
    });
    expect(await refusal(sequenceOf([{ kind: 'repeat', count: 100_000, steps: 2 }, { kind: 'repeat', count: 100, steps: 1 }, send('a')]))).toMatchObject({
      params: { field: 'steps', reason: 'too-many-expanded', max: SEQUENCE_LIMITS.expandedSteps },
    });
    expect(await refusal(sequenceOf([send('{{counter width=3}}')]))).toMatchObject({ params: { step: 1, field: 'data', reason: 'template' } });
    expect(await refusal({ name: '  ', steps: [send('x')], continueOnFailure: false })).toMatchObject({ params: { field: 'name', reason: 'no-name' } });
    expect(harness.eventsOf('sequence.done', sessionId)).toEqual([]);
    expect(harness.framesOf(sessionId, 'tx')).toEqual([]);
    expect(peer.received).toEqual([]);
  });

  it('the hosts\' schema refuses a malformed run before the engine sees it', async () => {
    const dispatch = createCommandDispatcher(harness.engine);
    const base = { sessionId: 's1', target: {}, sequence: sequenceOf([send('x')]) };
    expect(await dispatch('session.sequence.run', { ...base, sequence: { ...base.sequence, steps: Array.from({ length: 501 }, () => send('x')) } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { field: 'sequence.steps' } },
    });
    expect(await dispatch('session.sequence.run', { ...base, sequence: sequenceOf([{ kind: 'wait', ms: -1 }]) })).toMatchObject({ ok: false, error: { params: { field: 'sequence.steps.0.ms' } } });
    expect(await dispatch('session.sequence.run', { ...base, target: { client: 'a', clients: ['b'] } })).toMatchObject({ ok: false, error: { params: { field: 'target.clients' } } });
    // Shape-valid: the engine answers (no such session).
    expect(await dispatch('session.sequence.run', base)).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });
});
