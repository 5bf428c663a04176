import type { Socket } from 'node:net';
import { compileRule, decodeLogEvent, previewReply, type AutoReplyConfig, type RulesStateEvent } from '@shared';
import { afterEach, describe, expect, it } from 'vitest';
import { echoRule, replyRule, ruleSet, textPayload } from './test-support/auto-reply-rules';
import { EngineHarness } from './test-support/engine-harness';
import { closeServer, tcpPeerServer, udpPeer } from './test-support/peers';
import { connectClient } from './test-support/tcp-test-clients';
import { waitFor } from './test-support/wait-for';

/**
 * 自动应答 in the engine (issue 10): rules run on the messages of a real session on 127.0.0.1 and answer real peers.
 * Each match kind and action, captures in replies, the three targets of a TCP server, delay, stop and continue,
 * hit counts, the tx rows' marks, and the engine's refusal of a rule that does not compile.
 */

type Peer = Awaited<ReturnType<typeof udpPeer>>;

describe('auto-reply rules in the engine', () => {
  const harness = new EngineHarness({ batchIntervalMs: 2 });
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function udpWithRules(autoReply: AutoReplyConfig): Promise<{ sessionId: string; port: number; peer: Peer }> {
    const opened = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 }, autoReply });
    cleanups.push(() => harness.invoke('session.close', { sessionId: opened.sessionId }));
    const peer = await udpPeer();
    cleanups.push(() => peer.socket.close());
    return { sessionId: opened.sessionId, port: opened.local.port, peer };
  }

  const send = (peer: Peer, port: number, data: string | Uint8Array): void => peer.socket.send(typeof data === 'string' ? Buffer.from(data) : data, port, '127.0.0.1');
  const repliesOf = (peer: Peer): string[] => peer.received.map((r) => r.data.toString('latin1'));
  const lastState = (sessionId: string): RulesStateEvent | undefined => harness.eventsOf('rules.state', sessionId).at(-1);

  it('each match kind answers the message it matches, and only that one', async () => {
    const { port, peer, sessionId } = await udpWithRules(
      ruleSet([
        replyRule('exact', { kind: 'exact', pattern: 'PING\\r\\n', mode: 'text' }, 'PONG'),
        replyRule('contains', { kind: 'contains', pattern: 'needle', mode: 'text' }, 'found'),
        replyRule('starts', { kind: 'starts-with', pattern: '01 03', mode: 'hex' }, 'modbus'),
        replyRule('regex', { kind: 'regex', source: '^name=(\\w+)$', ignoreCase: true }, 'Hello, {{$1}}!'),
        replyRule('hexpat', { kind: 'hex-pattern', pattern: 'AA ?? BB' }, 'pattern'),
        replyRule('length', { kind: 'length', min: 10, max: 12 }, 'long'),
      ]),
    );
    const messages: Array<string | Uint8Array> = ['PING\r\n', 'hay needle hay', Uint8Array.of(1, 3, 0, 0), 'NAME=Ada', Uint8Array.of(0xaa, 0x42, 0xbb), '0123456789', 'nothing'];
    for (const message of messages) {
      send(peer, port, message);
      // One at a time: UDP replies to back-to-back datagrams may cross, and this test is about which rule answers.
      await waitFor(() => harness.framesOf(sessionId, 'rx').length === messages.indexOf(message) + 1, 2000, 'the message arrived');
    }
    await waitFor(() => peer.received.length >= 6, 2000, 'six replies');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(repliesOf(peer)).toEqual(['PONG', 'found', 'modbus', 'Hello, Ada!', 'pattern', 'long']);
    await waitFor(() => lastState(sessionId)?.rules.every((rule) => rule.hits === 1 && rule.replies === 1), 2000, 'every rule hit once');
  });

  it('echo sends the message back byte for byte, with the rule named on its tx row', async () => {
    const { port, peer, sessionId } = await udpWithRules(ruleSet([echoRule('Echo')]));
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    send(peer, port, binary);
    await waitFor(() => peer.received.length === 1, 2000, 'the echo');
    expect(Uint8Array.from(peer.received[0]!.data)).toEqual(binary);
    await waitFor(() => harness.framesOf(sessionId, 'tx').length === 1, 2000, 'the tx row');
    const [rx, tx] = harness.framesOf(sessionId);
    expect([rx!.dir, tx!.dir, tx!.mark]).toEqual(['rx', 'tx', 'rule:Echo']);
    expect(tx!.peer.port).toBe(peer.port);
  });

  it('reply fields: captures, the whole message, case, the peer, a per-rule counter, a checksum of the reply', async () => {
    const { port, peer } = await udpWithRules(
      ruleSet([
        replyRule('kv', { kind: 'regex', source: '^(\\w+)=(\\w+)', ignoreCase: false }, '{{$2 case=upper}}<-{{$1}} #{{counter format=dec}} from {{peer}}', { then: 'continue' }),
        replyRule('wrap', { kind: 'any' }, '[{{msg case=lower}}]', { action: { kind: 'reply', payload: textPayload('[{{msg case=lower}}]', { checksum: { model: 'sum8', order: 'be', output: 'ascii-hex', skipStart: 0, skipEnd: 0 } }) } }),
      ]),
    );
    send(peer, port, 'key=Value');
    await waitFor(() => peer.received.length === 2, 2000, 'two replies');
    send(peer, port, 'a=b');
    await waitFor(() => peer.received.length === 4, 2000, 'four replies');
    const from = `127.0.0.1:${peer.port}`;
    const sum8 = (text: string): string => ([...Buffer.from(text)].reduce((a, b) => a + b, 0) & 0xff).toString(16).toUpperCase().padStart(2, '0');
    expect(repliesOf(peer)).toEqual([`VALUE<-key #1 from ${from}`, `[key=value]${sum8('[key=value]')}`, `B<-a #2 from ${from}`, `[a=b]${sum8('[a=b]')}`]);
  });

  it('the editor\'s preview is what the engine sends: the same codec, the same bytes', async () => {
    const rule = replyRule('kv', { kind: 'regex', source: '^(\\w+)=(.*)$', ignoreCase: false }, '{{$1 case=upper}}:{{len}}{{msg}}{{counter width=2}}{{crc}} {{peer}}');
    const rules = ruleSet([rule], { encoding: 'gbk' });
    const { port, peer } = await udpWithRules(rules);
    const sample = Uint8Array.of(...Buffer.from('key='), 0xc4, 0xe3);
    send(peer, port, sample);
    await waitFor(() => peer.received.length === 1, 2000, 'the reply');
    const compiled = compileRule(rule, 0, rules, 'udp');
    if (!compiled.ok) throw new Error(compiled.error.message);
    const preview = previewReply(compiled.value, sample, `127.0.0.1:${peer.port}`, { now: Date.now(), replyIndex: 0, random: (n) => new Uint8Array(n) });
    expect(preview.kind).toBe('bytes');
    expect(Uint8Array.from(peer.received[0]!.data)).toEqual(preview.kind === 'bytes' ? preview.bytes : undefined);
  });

  it('stop ends the list at the first rule that matched; continue lets the next rules answer too, in order', async () => {
    const stop = await udpWithRules(ruleSet([replyRule('first', { kind: 'any' }, 'one'), replyRule('second', { kind: 'any' }, 'two')]));
    send(stop.peer, stop.port, 'x');
    await waitFor(() => stop.peer.received.length === 1, 2000, 'the first reply');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(repliesOf(stop.peer)).toEqual(['one']);

    const go = await udpWithRules(ruleSet([replyRule('first', { kind: 'any' }, 'one', { then: 'continue' }), replyRule('off', { kind: 'any' }, 'never', { enabled: false }), replyRule('second', { kind: 'any' }, 'two')]));
    send(go.peer, go.port, 'x');
    await waitFor(() => go.peer.received.length === 2, 2000, 'both replies');
    expect(repliesOf(go.peer)).toEqual(['one', 'two']);
    await waitFor(() => lastState(go.sessionId)?.rules.map((rule) => rule.hits).join() === '1,0,1', 2000, 'hits 1, 0, 1');
  });

  it('a delay holds the reply back that long', async () => {
    const { port, peer } = await udpWithRules(ruleSet([replyRule('later', { kind: 'any' }, 'late', { delayMs: 300 })]));
    const sentAt = performance.now();
    send(peer, port, 'x');
    await waitFor(() => peer.received.length === 1, 3000, 'the delayed reply');
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(290);
  });

  it('the master switch off: the rules are kept but nothing answers; session.rules.set turns them on, hit counts stay by rule id', async () => {
    const rules = [echoRule('Echo')];
    const { port, peer, sessionId } = await udpWithRules(ruleSet(rules, { enabled: false }));
    send(peer, port, 'quiet');
    await waitFor(() => harness.framesOf(sessionId, 'rx').length === 1, 2000, 'the message');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.received).toHaveLength(0);
    const set = await harness.must('session.rules.set', { sessionId, ...ruleSet(rules) });
    expect(set.rules).toEqual([{ id: 'Echo', hits: 0, replies: 0, failedSends: 0 }]);
    send(peer, port, 'loud');
    await waitFor(() => peer.received.length === 1, 2000, 'the echo');
    await waitFor(() => lastState(sessionId)?.rules[0]?.replies === 1, 2000, 'one reply counted');
    const again = await harness.must('session.rules.set', { sessionId, ...ruleSet([...rules, echoRule('Other')]) });
    expect(again.rules.map((rule) => [rule.id, rule.hits])).toEqual([['Echo', 1], ['Other', 0]]);
  });

  it('refuses rules that do not compile, naming the rule and the field, and changes nothing', async () => {
    const badRegex = ruleSet([echoRule('ok'), replyRule('bad', { kind: 'regex', source: 'name=(\\w+', ignoreCase: false }, 'x')]);
    const refusedOpen = await harness.invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 }, autoReply: badRegex });
    expect(refusedOpen.ok).toBe(false);
    if (!refusedOpen.ok) expect(refusedOpen.error.params).toMatchObject({ rule: 2, ruleName: 'bad', field: 'match.source', reason: 'invalid-regex', position: 6 });

    const { port, peer, sessionId } = await udpWithRules(ruleSet([echoRule('Echo')]));
    for (const [rules, params] of [
      [badRegex, { rule: 2, field: 'match.source' }],
      [ruleSet([replyRule('hex', { kind: 'hex-pattern', pattern: '01 0G' }, 'x')]), { rule: 1, field: 'match.pattern', reason: 'invalid-hex-pattern', position: 5 }],
      [ruleSet([replyRule('groups', { kind: 'regex', source: '(a)', ignoreCase: false }, '{{$3}}')]), { rule: 1, field: 'reply.data', reason: 'template', problem: 'noCapture', position: 3 }],
      [ruleSet([echoRule('all', { target: 'all' })]), { rule: 1, field: 'target', reason: 'target-needs-server' }],
    ] as const) {
      const result = await harness.invoke('session.rules.set', { sessionId, ...rules });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'INVALID_ARGUMENT', params: params });
    }
    send(peer, port, 'still echoed');
    await waitFor(() => peer.received.length === 1, 2000, 'the old rules still answer');
    expect(repliesOf(peer)).toEqual(['still echoed']);
  });
});

describe('auto-reply on TCP', () => {
  const harness = new EngineHarness({ batchIntervalMs: 2 });
  const sockets: Socket[] = [];
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serverWithRules(autoReply: AutoReplyConfig): Promise<{ sessionId: string; port: number }> {
    const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 }, autoReply });
    cleanups.push(() => harness.invoke('session.close', { sessionId: opened.sessionId }));
    return { sessionId: opened.sessionId, port: opened.local.port };
  }

  it.each([
    ['sender', [true, false, false]],
    ['all', [true, true, true]],
    ['others', [false, true, true]],
  ] as const)('a TCP server with three clients replies to %s', async (target, expected) => {
    const { sessionId, port } = await serverWithRules(ruleSet([echoRule('Relay', { target })], { encoding: 'utf-8' }));
    const clients = [await connectClient(sockets, port), await connectClient(sockets, port), await connectClient(sockets, port)];
    await waitFor(() => harness.lastClients(sessionId).length === 3, 2000, 'three clients');
    clients[0]!.socket.write('hi all');
    const wanted = expected.filter(Boolean).length;
    await waitFor(() => harness.framesOf(sessionId, 'tx').length === wanted, 2000, `${wanted} tx rows`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(clients.map((client) => client.received() === 'hi all')).toEqual(expected);
    expect(harness.framesOf(sessionId, 'tx').every((frame) => frame.mark === 'rule:Relay')).toBe(true);
  });

  it('all others with nobody else connected sends nothing and fails nothing', async () => {
    const { sessionId, port } = await serverWithRules(ruleSet([echoRule('Chat', { target: 'others' })]));
    const alone = await connectClient(sockets, port);
    alone.socket.write('anyone?');
    await waitFor(() => harness.eventsOf('rules.state', sessionId).at(-1)?.rules[0]?.hits === 1, 2000, 'the hit');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alone.received()).toBe('');
    expect(harness.eventsOf('rules.state', sessionId).at(-1)?.rules[0]).toMatchObject({ hits: 1, replies: 0, failedSends: 0 });
  });

  it('rules see messages as the framing cuts them: a TCP client answers each line of one chunk', async () => {
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    const opened = await harness.must('session.open', {
      config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port, framing: { kind: 'delimiter', delimiter: [0x0a], keep: 'strip' } },
      autoReply: ruleSet([replyRule('ack', { kind: 'regex', source: '^GET (\\S+)', ignoreCase: false }, 'OK {{$1}}\\n')]),
    });
    cleanups.push(() => harness.invoke('session.close', { sessionId: opened.sessionId }));
    const socket = await waitFor(() => peer.sockets[0], 2000, 'the connection');
    socket.write('GET /a\nPUT /x\nGET /b\n');
    await waitFor(() => peer.received().toString() === 'OK /a\nOK /b\n', 2000, 'two answers');
  });
});

describe('auto-reply log rows', () => {
  it('a loop-guard and a rule-disabled row decode as the page reads them', () => {
    // The engine writes them with encodeLogEvent; what a page reads back is checked in shared/traffic/log-event.test.ts.
    expect(decodeLogEvent(new TextEncoder().encode(JSON.stringify({ type: 'loop-guard', state: 'tripped', limit: 5, dropped: 0 })))).toEqual({
      type: 'loop-guard',
      state: 'tripped',
      limit: 5,
      dropped: 0,
    });
  });
});
