import type { AutoReplyConfig } from '@shared';
import { afterEach, describe, expect, it } from 'vitest';
import { echoRule, replyRule, ruleSet, textPayload } from './test-support/auto-reply-rules';
import { EngineHarness } from './test-support/engine-harness';
import { udpPeer } from './test-support/peers';
import { waitFor } from './test-support/wait-for';
import { WorkspaceHarness } from './test-support/workspace-harness';

/**
 * 自动应答 when things go wrong (issue 10): the loop guard caps a reply storm and says so in the log; a rule whose
 * reply cannot be made is stopped with its error while the session and the other rules carry on; and the rules keep
 * answering while no page is attached, the next page getting them back with their counts. Real sockets on 127.0.0.1.
 */

const UDP = { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } as const;


describe('auto-reply loop guard and failures', () => {
  const harness = new EngineHarness({ batchIntervalMs: 2 });
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(autoReply: AutoReplyConfig): Promise<{ sessionId: string; port: number }> {
    const opened = await harness.must('session.open', { config: UDP, autoReply });
    cleanups.push(() => harness.invoke('session.close', { sessionId: opened.sessionId }));
    return { sessionId: opened.sessionId, port: opened.local.port };
  }

  it('a peer that floods gets at most the limit of replies per second; the log says the guard tripped, then that it cleared', async () => {
    const limit = 100;
    const { sessionId, port } = await open(ruleSet([echoRule('Echo')], { maxRepliesPerSecond: limit }));
    const peer = await udpPeer();
    cleanups.push(() => peer.socket.close());
    const flood = 600;
    // In bursts the socket's receive buffer takes whole (a few hundred small datagrams at once would overflow it).
    for (let i = 0; i < flood; i++) {
      peer.socket.send(Buffer.from(`m${i}`), port, '127.0.0.1');
      if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => harness.framesOf(sessionId, 'rx').length === flood, 5000, 'the flood arrived');
    await waitFor(() => harness.logEventsOf(sessionId).some((event) => event.type === 'loop-guard' && event.state === 'tripped'), 2000, 'the tripped row');
    // Everything arrived within the guard's first second or two: at most two windows' worth of replies.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.received.length).toBeGreaterThanOrEqual(limit);
    expect(peer.received.length).toBeLessThanOrEqual(2 * limit);
    const cleared = await waitFor(
      () => harness.logEventsOf(sessionId).find((event) => event.type === 'loop-guard' && event.state === 'cleared'),
      4000,
      'the cleared row',
    );
    expect(cleared).toEqual({ type: 'loop-guard', state: 'cleared', limit, dropped: flood - peer.received.length });
    const state = harness.eventsOf('rules.state', sessionId).at(-1)!;
    expect(state.loopGuard).toEqual({ limit, tripped: false, dropped: flood - peer.received.length });
    expect(state.rules[0]).toMatchObject({ hits: flood, replies: peer.received.length });
  });

  it('two sessions that answer each other (one doubling every message) are stopped by the guard, which says so', async () => {
    const limit = 50;
    const a = await open(ruleSet([echoRule('A1', { then: 'continue' }), echoRule('A2')], { maxRepliesPerSecond: limit }));
    const b = await open(ruleSet([echoRule('B')], { maxRepliesPerSecond: limit }));
    await harness.must('session.send', { sessionId: a.sessionId, bytes: Uint8Array.of(0x21), to: { host: '127.0.0.1', port: b.port } });
    await waitFor(() => harness.logEventsOf(a.sessionId).some((event) => event.type === 'loop-guard' && event.state === 'tripped'), 3000, 'A tripped');
    // Without the guard the storm doubles every round trip forever. With it, each side sends its `limit` and drops
    // the rest; on loopback every message in flight arrives (and is dropped) within the same second, so it dies out.
    const cleared = await waitFor(
      () => harness.logEventsOf(a.sessionId).find((event) => event.type === 'loop-guard' && event.state === 'cleared'),
      4000,
      'A cleared',
    );
    expect(cleared.type === 'loop-guard' && cleared.dropped).toBeGreaterThan(0);
    const repliesOfA = harness.framesOf(a.sessionId, 'tx').filter((frame) => frame.mark !== undefined).length;
    const repliesOfB = harness.framesOf(b.sessionId, 'tx').length;
    expect(repliesOfA).toBeGreaterThanOrEqual(limit);
    expect(repliesOfA).toBeLessThanOrEqual(2 * limit);
    expect(repliesOfB).toBeLessThanOrEqual(2 * limit);
    const rxBefore = harness.framesOf(a.sessionId, 'rx').length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(harness.framesOf(a.sessionId, 'rx').length).toBe(rxBefore);
  });

  it('a rule whose reply cannot be made at run time is stopped with its error; the session and the next rule carry on', async () => {
    const checksum = { model: 'sum8', order: 'be', output: 'raw', skipStart: 4, skipEnd: 0 } as const;
    const { sessionId, port } = await open(
      ruleSet([
        replyRule('Checked', { kind: 'any' }, '{{msg}}', { then: 'continue', action: { kind: 'reply', payload: textPayload('{{msg}}', { checksum }) } }),
        replyRule('Plain', { kind: 'any' }, 'ok'),
      ]),
    );
    const peer = await udpPeer();
    cleanups.push(() => peer.socket.close());
    peer.socket.send(Buffer.from('hi'), port, '127.0.0.1');
    await waitFor(() => peer.received.length === 1, 2000, 'the second rule answered');
    expect(peer.received[0]!.data.toString()).toBe('ok');
    const disabled = await waitFor(() => harness.logEventsOf(sessionId).find((event) => event.type === 'rule-disabled'), 2000, 'the rule-disabled row');
    expect(disabled).toMatchObject({ type: 'rule-disabled', rule: 'Checked', error: { code: 'INVALID_ARGUMENT', params: { reason: 'checksumRange', rule: 1, field: 'reply.checksum' } } });
    const state = await waitFor(() => harness.eventsOf('rules.state', sessionId).find((event) => event.rules[0]?.error), 2000, 'the state with the error');
    expect(state.rules[0]).toMatchObject({ id: 'Checked', hits: 1, replies: 0, error: { params: { reason: 'checksumRange' } } });
    // A message the reply would fit does not bring it back: it stays stopped until the rule changes.
    peer.socket.send(Buffer.from('long enough'), port, '127.0.0.1');
    await waitFor(() => peer.received.length === 2, 2000, 'the next answer');
    expect(peer.received.map((r) => r.data.toString())).toEqual(['ok', 'ok']);
    expect(harness.eventsOf('session.state', sessionId).some((event) => event.state === 'closed')).toBe(false);
    // The same rules sent again (a page that re-attached) leave it stopped; an edited rule runs again.
    const same = await harness.must('session.rules.set', { sessionId, ...ruleSetOf(checksum, 4) });
    expect(same.rules[0]?.error).toMatchObject({ code: 'INVALID_ARGUMENT', params: { reason: 'checksumRange' } });
    const edited = await harness.must('session.rules.set', { sessionId, ...ruleSetOf(checksum, 0) });
    expect(edited.rules[0]?.error).toBeUndefined();
    peer.socket.send(Buffer.from('hi'), port, '127.0.0.1');
    await waitFor(() => peer.received.length === 4, 2000, 'both rules answer again');
  });
});

function ruleSetOf(checksum: { readonly model: string; readonly order: 'be'; readonly output: 'raw'; readonly skipStart: number; readonly skipEnd: number }, skipStart: number): AutoReplyConfig {
  return ruleSet([
    replyRule('Checked', { kind: 'any' }, '{{msg}}', { then: 'continue', action: { kind: 'reply', payload: textPayload('{{msg}}', { checksum: { ...checksum, skipStart } }) } }),
    replyRule('Plain', { kind: 'any' }, 'ok'),
  ]);
}

describe('auto-reply while no page is attached', () => {
  let harness: WorkspaceHarness | undefined;
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await harness?.dispose();
  });

  it('rules keep answering after the page went away; the next page gets them back with their hit counts', async () => {
    harness = new WorkspaceHarness({ batchIntervalMs: 2 });
    const first = harness.connect();
    await first.must('workspace.attach', {});
    const rules = ruleSet([echoRule('Echo')]);
    const opened = await first.must('session.open', { config: UDP, tabId: 'tab-1', autoReply: rules });
    first.disconnect();
    const peer = await udpPeer();
    cleanups.push(() => peer.socket.close());
    for (let i = 0; i < 3; i++) peer.socket.send(Buffer.from(`while away ${i}`), opened.local.port, '127.0.0.1');
    await waitFor(() => peer.received.length === 3, 2000, 'three echoes with no page');
    const second = harness.connect();
    const { sessions } = await second.must('workspace.attach', {});
    expect(sessions[0]?.autoReply?.config).toEqual(rules);
    expect(sessions[0]?.autoReply?.state.rules).toEqual([{ id: 'Echo', hits: 3, replies: 3, failedSends: 0 }]);
  });
});
