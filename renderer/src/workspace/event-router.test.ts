import { describe, expect, it } from 'vitest';
import { ok, type Result } from '@shared/contract/errors';
import { encodeTrafficBatch } from '@shared/traffic/batch-codec';
import type { Answer } from '../store/test-support/fake-transport';
import { EARLY_EVENT_TTL_MS } from './early-events';
import { testWorkspace } from './test-support/test-workspace';

const local = (port: number) => ({ address: '127.0.0.1', port, family: 'IPv4' as const });
const peer = local(7000);
const counters = (rxFrames: number) => ({ rxBytes: rxFrames, rxFrames, txBytes: 0, txFrames: 0 });
const batch = (seqs: number[], total: number) =>
  encodeTrafficBatch(
    seqs.map((seq) => ({ seq, ts: seq, dir: 'rx' as const, peer, bytes: Uint8Array.of(seq) })),
    counters(total),
  );

/** A workspace with two tabs whose session.open answers wait until the test gives them, in call order. */
function twoOpeningTabs() {
  const answers: Array<(r: Result<unknown>) => void> = [];
  const hold: Answer = () => new Promise<Result<unknown>>((resolve) => answers.push(resolve));
  const fake = testWorkspace({}, (name) => (name === 'session.open' ? hold : undefined));
  fake.ws.getState().newTab('udp');
  const [a, b] = fake.ws.getState().tabs;
  const openA = a!.store.getState().toggleOpen();
  const openB = b!.store.getState().toggleOpen();
  const answer = (i: number, sessionId: string, port: number) => answers[i]!(ok({ sessionId, local: local(port) }));
  return { ...fake, a: a!, b: b!, openA, openB, answer };
}

describe('event router', () => {
  it('holds early events of two tabs opening at once and gives each its own when its open answers', async () => {
    const { a, b, emit, calls, openA, openB, answer } = twoOpeningTabs();
    expect([a.store.getState().sessionState, b.store.getState().sessionState]).toEqual(['opening', 'opening']);
    // The engine's events can come before either answer, interleaved.
    emit('session.state', { sessionId: 's2', state: 'open', local: local(2) });
    emit('traffic.batch', { sessionId: 's1', batchSeq: 0, packed: batch([1, 2], 2) });
    emit('traffic.batch', { sessionId: 's2', batchSeq: 0, packed: batch([1], 1) });
    emit('traffic.batch', { sessionId: 's1', batchSeq: 1, packed: batch([3], 3) });
    expect(calls.filter((c) => c.name === 'traffic.ack')).toHaveLength(0);
    // B's answer first: only s2's events go to B.
    answer(1, 's2', 2);
    await openB;
    expect(b.log.size).toBe(1);
    expect(b.store.getState()).toMatchObject({ sessionState: 'open', sessionId: 's2', counters: counters(1) });
    expect(a.log.size).toBe(0);
    answer(0, 's1', 1);
    await openA;
    expect(a.log.size).toBe(3);
    expect(a.store.getState().counters).toEqual(counters(3));
    expect(calls.filter((c) => c.name === 'traffic.ack').map((c) => c.args)).toEqual([
      { sessionId: 's2', batchSeq: 0 },
      { sessionId: 's1', batchSeq: 0 },
      { sessionId: 's1', batchSeq: 1 },
    ]);
  });

  it('routes interleaved events of open sessions to their tabs only, and marks a hidden tab that got traffic', async () => {
    const { ws, a, b, emit, openA, openB, answer } = twoOpeningTabs();
    answer(0, 's1', 1);
    answer(1, 's2', 2);
    await Promise.all([openA, openB]);
    expect(ws.getState().activeTabId).toBe(b.id);
    const client = { ...peer, key: '127.0.0.1:7000', connectedAt: 0, lastActivityAt: 0, rxBytes: 0, txBytes: 0 };
    emit('server.clients', { sessionId: 's1', clients: [client] });
    emit('traffic.batch', { sessionId: 's2', batchSeq: 0, packed: batch([1], 1) });
    emit('repeat.state', { sessionId: 's1', running: true, sent: 4, skipped: 0 });
    emit('traffic.batch', { sessionId: 's1', batchSeq: 0, packed: batch([1, 2], 2) });
    emit('session.error', { sessionId: 's2', error: { code: 'EPIPE', message: 'gone' } });
    expect(a.store.getState()).toMatchObject({ clients: [client], repeat: { running: true, sent: 4 }, counters: counters(2), notice: null, hasUnseenTraffic: true });
    expect(b.store.getState()).toMatchObject({ clients: [], repeat: null, counters: counters(1), notice: { kind: 'error', slot: 'session' }, hasUnseenTraffic: false });
    ws.getState().activateTab(a.id);
    expect(a.store.getState().hasUnseenTraffic).toBe(false);
  });

  it('keeps an old session’s late traffic in its tab but lets none of its state events touch the new session', async () => {
    const { a, emit, openA, openB, answer } = twoOpeningTabs();
    answer(0, 's1', 1);
    answer(1, 's2', 2);
    await Promise.all([openA, openB]);
    await a.store.getState().toggleOpen(); // close s1
    const reopen = a.store.getState().toggleOpen();
    emit('session.state', { sessionId: 's3', state: 'open', local: local(3) });
    // A late batch and a late 'closed' of s1 arrive while s3 opens.
    emit('traffic.batch', { sessionId: 's1', batchSeq: 5, packed: batch([9], 9) });
    emit('session.state', { sessionId: 's1', state: 'closed', reason: 'error' });
    answer(2, 's3', 3);
    await reopen;
    expect(a.store.getState()).toMatchObject({ sessionId: 's3', sessionState: 'open', closeReason: null });
    expect(a.log.size).toBe(1);
  });

  it('drops what no tab claims within the time limit', () => {
    const { workspace, a, emit, clock } = twoOpeningTabs();
    emit('traffic.batch', { sessionId: 's9', batchSeq: 0, packed: batch([1], 1) });
    clock.now += EARLY_EVENT_TTL_MS + 1;
    emit('traffic.batch', { sessionId: 's8', batchSeq: 0, packed: batch([1], 1) });
    workspace.router.claim('s9', a.id);
    expect(a.log.size).toBe(0);
    workspace.router.claim('s8', a.id);
    expect(a.log.size).toBe(1);
  });

  it('tells the workspace when another page took it over', () => {
    const { ws, emit } = twoOpeningTabs();
    emit('workspace.detached', { reason: 'taken-over' });
    expect(ws.getState().isTakenOver).toBe(true);
  });
});

describe('tab counters', () => {
  it('keep counting across close and reopen until reset, ignoring a late batch of the previous session', async () => {
    let n = 0;
    const fake = testWorkspace({ 'session.open': () => ok({ sessionId: `s${++n}`, local: local(n) }) });
    const { store, emit } = fake;
    await store.getState().toggleOpen();
    emit('traffic.batch', { sessionId: 's1', batchSeq: 0, packed: batch([1, 2, 3], 3) });
    await store.getState().toggleOpen(); // close
    await store.getState().toggleOpen(); // s2
    emit('traffic.batch', { sessionId: 's1', batchSeq: 1, packed: batch([4], 4) });
    emit('traffic.batch', { sessionId: 's2', batchSeq: 0, packed: batch([1, 2], 2) });
    expect(store.getState().counters).toEqual(counters(5));
    await store.getState().resetCounters();
    expect(store.getState().counters).toEqual(counters(0));
    emit('traffic.batch', { sessionId: 's2', batchSeq: 1, packed: batch([1], 1) });
    expect(store.getState().counters).toEqual(counters(1));
  });
});
