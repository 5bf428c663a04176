import { describe, expect, it } from 'vitest';
import type { CommandName } from '@shared/contract/commands';
import { fail, ok, type Result } from '@shared/contract/errors';
import { encodeTrafficBatch } from '@shared/traffic/batch-codec';
import { localizeError } from '../i18n/localize-error';
import { EARLY_EVENT_TTL_MS } from '../workspace/early-events';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import type { Answer } from './test-support/fake-transport';

/** A workspace on the fake transport, with session.open left pending until the test calls finishOpen (unless answered). */
function setup(answers: Partial<Record<CommandName, Answer>> = {}) {
  let resolveOpen: ((r: Result<unknown>) => void) | undefined;
  const hold: Answer = () => new Promise<Result<unknown>>((r) => (resolveOpen = r));
  const fake = testWorkspace(answers, (name) => (name === 'session.open' ? hold : undefined));
  return { ...fake, finishOpen: (r: Result<unknown>) => resolveOpen?.(r) };
}

const local = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };
const peer = { address: '127.0.0.1', port: 7000, family: 'IPv4' as const };
const openOk = (kind = 'udp') => () => ok({ sessionId: `s-${kind}`, local });

describe('app store', () => {
  it('does not invoke anything when the form is invalid, and names every bad field', async () => {
    const { store, calls } = setup();
    store.getState().setLocalPort('70000');
    store.getState().setLocalAddress(' ');
    await store.getState().toggleOpen();
    expect(calls.filter((c) => c.name === 'session.open')).toHaveLength(0);
    const { fieldErrors, notice } = store.getState();
    expect(Object.keys(fieldErrors).sort()).toEqual(['localAddress', 'localPort']);
    expect(notice?.kind === 'error' && localizeError(notice.error, 'en')).toBe('Local address must not be empty');
    expect(store.getState().sessionState).toBe('closed');
  });

  it('opens UDP, sends to the typed target, remembers the send and clears the error', async () => {
    const { store, ws, calls } = setup({ 'session.open': openOk(), 'session.send': () => ok({ bytesSent: 4 }) });
    store.getState().setLocalPort('0');
    await store.getState().toggleOpen();
    expect(calls[0]).toEqual({ name: 'session.open', args: { config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 0 }, tabId: 'tab-1' } });
    expect(store.getState()).toMatchObject({ sessionState: 'open', sessionId: 's-udp' });

    store.getState().setSendInput('');
    await store.getState().send();
    expect(store.getState().fieldErrors.data).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'data', reason: 'empty' } });

    store.getState().setUdpTarget('[::1]:7000');
    store.getState().setSendInput('ping');
    await store.getState().send();
    const sent = calls.find((c) => c.name === 'session.send')!;
    expect(sent.args).toEqual({ sessionId: 's-udp', bytes: new TextEncoder().encode('ping'), to: { host: '::1', port: 7000 } });
    expect(store.getState().notice).toBeNull();
    expect(ws.getState().history[0]).toEqual({ text: 'ping', mode: 'ascii', escapes: false, appendCrlf: false, encoding: 'utf-8', checksum: null });
  });

  it('sends nothing when the UDP target or HEX is bad', async () => {
    const { store, calls } = setup({ 'session.open': openOk() });
    await store.getState().toggleOpen();
    store.getState().setUdpTarget('nowhere');
    store.getState().setSendInput('x');
    await store.getState().send();
    expect(store.getState().fieldErrors.sendTarget).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'sendTarget', reason: 'target' } });
    store.getState().setUdpTarget('127.0.0.1:7000');
    store.getState().setSendMode('hex');
    store.getState().setSendInput('0G');
    await store.getState().send();
    expect(store.getState().fieldErrors.data?.code).toBe('INVALID_HEX');
    expect(calls.filter((c) => c.name === 'session.send')).toHaveLength(0);
  });

  it('shows an engine error by the button and in the error line', async () => {
    const { store } = setup({ 'session.open': () => fail('EADDRINUSE', 'in use', { address: '127.0.0.1', port: 8080 }) });
    await store.getState().toggleOpen();
    const { notice, fieldErrors, sessionState } = store.getState();
    expect(sessionState).toBe('closed');
    expect(fieldErrors.open && localizeError(fieldErrors.open, 'zh-CN')).toBe('端口 8080 已被占用');
    expect(notice?.kind).toBe('error');
  });

  it('keeps events that arrive before the open reply, acks the batches it shows, and drops what no tab claims in time', async () => {
    const { store, emit, finishOpen, calls, log, clock, workspace } = setup();
    const opening = store.getState().toggleOpen();
    expect(store.getState().sessionState).toBe('opening');
    const frames = [{ seq: 1, ts: 1, dir: 'rx' as const, peer, bytes: Uint8Array.of(65) }];
    emit('traffic.batch', { sessionId: 's-x', batchSeq: 0, packed: encodeTrafficBatch(frames, { rxBytes: 1, rxFrames: 1, txBytes: 0, txFrames: 0 }) });
    emit('traffic.batch', { sessionId: 'someone-else', batchSeq: 0, packed: encodeTrafficBatch(frames, { rxBytes: 9, rxFrames: 9, txBytes: 0, txFrames: 0 }) });
    finishOpen(ok({ sessionId: 's-x', local }));
    await opening;
    expect(log.size).toBe(1);
    expect(store.getState().counters).toEqual({ rxBytes: 1, rxFrames: 1, txBytes: 0, txFrames: 0 });
    expect(calls.filter((c) => c.name === 'traffic.ack').map((c) => c.args)).toEqual([{ sessionId: 's-x', batchSeq: 0 }]);

    // Another session's batch is neither shown nor acknowledged; past the time limit it is gone for good.
    emit('traffic.batch', { sessionId: 'other', batchSeq: 5, packed: encodeTrafficBatch(frames, { rxBytes: 9, rxFrames: 9, txBytes: 0, txFrames: 0 }) });
    expect(log.size).toBe(1);
    clock.now += EARLY_EVENT_TTL_MS + 1;
    workspace.router.claim('someone-else', 'tab-1');
    expect(log.size).toBe(1);
    expect(calls.filter((c) => c.name === 'traffic.ack')).toHaveLength(1);
  });

  it('shows a close by the peer and returns the button to closed', async () => {
    const { store, emit } = setup({ 'session.open': openOk('tcp-client') });
    store.getState().setProtocol('tcp-client');
    await store.getState().toggleOpen();
    expect(store.getState().sessionProtocol).toBe('tcp-client');
    store.getState().setProtocol('udp');
    expect(store.getState().protocol).toBe('tcp-client'); // locked while open
    emit('session.state', { sessionId: 's-tcp-client', state: 'closed', reason: 'peer-closed' });
    expect(store.getState()).toMatchObject({ sessionState: 'closed', closeReason: 'peer-closed', notice: { kind: 'closed', reason: 'peer-closed' } });
  });

  it('tracks server clients and falls back to all when the chosen one leaves', async () => {
    const { store, emit, calls } = setup({ 'session.open': openOk('tcp-server') });
    store.getState().setProtocol('tcp-server');
    await store.getState().toggleOpen();
    const client = { ...peer, key: '127.0.0.1:7000', connectedAt: 0, lastActivityAt: 0, rxBytes: 0, txBytes: 0 };
    emit('server.clients', { sessionId: 's-tcp-server', clients: [client] });
    store.getState().setServerTarget(client.key);
    await store.getState().kickClient();
    expect(calls.at(-1)).toEqual({ name: 'server.kick', args: { sessionId: 's-tcp-server', client: client.key } });
    emit('server.clients', { sessionId: 's-tcp-server', clients: [] });
    expect(store.getState().serverTarget).toBe('all');
  });

  it('resets counters in the engine when open and locally always', async () => {
    const { store, calls } = setup({ 'session.open': openOk() });
    store.setState({ counters: { rxBytes: 5, rxFrames: 1, txBytes: 0, txFrames: 0 } });
    await store.getState().resetCounters();
    expect(store.getState().counters.rxBytes).toBe(0);
    expect(calls.some((c) => c.name === 'session.resetCounters')).toBe(false);
    await store.getState().toggleOpen();
    await store.getState().resetCounters();
    expect(calls.at(-1)).toEqual({ name: 'session.resetCounters', args: { sessionId: 's-udp' } });
  });
});
