import { describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/contract/errors';
import { translate, type Lang } from '../i18n/i18n';
import { localizeError } from '../i18n/localize-error';
import { formatEvent } from '../log/format-row';
import { statusText, type StatusInput } from '../components/status-text';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { formFromConfig, stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';
import { DEFAULT_TCP_OPTIONS_FORM, parseReconnectSeconds, tcpOptionsFromForm } from './tcp-options-form';
import type { Answer } from './test-support/fake-transport';

/** Issue 10 in the page: the TCP options form, the reconnecting session, half-close and the words for them. */
const local = { address: '127.0.0.1', port: 40000, family: 'IPv4' as const };
const remote = { address: '127.0.0.1', port: 7000, family: 'IPv4' as const };
const refused = { code: 'ECONNREFUSED' as const, message: 'Connection refused', params: { host: '127.0.0.1', port: 7000 } };

describe('TCP options form', () => {
  it('reads the back-off in seconds (decimal point or comma) within 0.1 s … 1 h', () => {
    expect(parseReconnectSeconds('0.5', 'reconnectFirst')).toEqual(ok(500));
    expect(parseReconnectSeconds(' 1,25 ', 'reconnectFirst')).toEqual(ok(1250));
    expect(parseReconnectSeconds('3600', 'reconnectMax')).toEqual(ok(3_600_000));
    for (const bad of ['', '0', '0.05', '3601', 'abc', '-1', '1e3', '0.0001']) {
      const parsed = parseReconnectSeconds(bad, 'reconnectMax');
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(localizeError(parsed.error, 'en')).toBe('Longest reconnect wait: enter seconds from 0.1 to 3600');
    }
  });

  it('gives session.open only what differs from the defaults; the back-off only with reconnect on', () => {
    expect(tcpOptionsFromForm(DEFAULT_TCP_OPTIONS_FORM, 'tcp-client')).toEqual({ options: {}, errors: [] });
    const all = { ...DEFAULT_TCP_OPTIONS_FORM, tcpKeepAlive: true, tcpNoDelay: false, tcpReconnect: true, reconnectFirstS: '1', reconnectMaxS: '8' };
    expect(tcpOptionsFromForm(all, 'tcp-client').options).toEqual({ keepAlive: true, noDelay: false, reconnect: { initialDelayMs: 1000, maxDelayMs: 8000 } });
    // A server has no reconnect; its clients take keep-alive and no-delay.
    expect(tcpOptionsFromForm(all, 'tcp-server').options).toEqual({ keepAlive: true, noDelay: false });
    expect(tcpOptionsFromForm({ ...all, tcpReconnect: false, reconnectFirstS: 'x' }, 'tcp-client').errors).toEqual([]);
  });

  it('names each wrong back-off field, and a longest wait below the first', () => {
    const bad = tcpOptionsFromForm({ ...DEFAULT_TCP_OPTIONS_FORM, tcpReconnect: true, reconnectFirstS: '0', reconnectMaxS: 'x' }, 'tcp-client');
    expect(bad.options).toBeUndefined();
    expect(bad.errors.map(([field]) => field)).toEqual(['reconnectFirst', 'reconnectMax']);
    const order = tcpOptionsFromForm({ ...DEFAULT_TCP_OPTIONS_FORM, tcpReconnect: true, reconnectFirstS: '10', reconnectMaxS: '5' }, 'tcp-client');
    expect(order.errors.map(([field, error]) => [field, localizeError(error, 'zh-CN')])).toEqual([['reconnectMax', '最长重连等待不能小于首次重连等待']]);
  });

  it('is kept with the tab (left out of the file while at the defaults) and shown for a session another page opened', () => {
    const { store } = testWorkspace();
    const identity = { id: 'tab-1', title: '', openAtStart: false };
    expect(tabSettingsFromState(identity, store.getState())).not.toHaveProperty('tcp');
    expect(tabSettingsFromState(identity, store.getState()).receive).not.toHaveProperty('roundTrip');
    store.getState().setTcpOptions({ tcpReconnect: true, reconnectFirstS: '2', tcpKeepAlive: true });
    store.getState().setRecvRtt(true);
    const saved = tabSettingsFromState(identity, store.getState());
    expect(saved.tcp).toEqual({ keepAlive: true, noDelay: true, reconnect: true, reconnectFirstS: '2', reconnectMaxS: '30' });
    expect(saved.receive.roundTrip).toBe(true);
    expect(stateFromTabSettings(saved)).toMatchObject({ tcpKeepAlive: true, tcpReconnect: true, reconnectFirstS: '2', recvRtt: true });
    expect(formFromConfig({ kind: 'tcp-client', remoteHost: 'h', remotePort: 1, noDelay: false, reconnect: { initialDelayMs: 250, maxDelayMs: 4000 } })).toMatchObject({
      tcpNoDelay: false,
      tcpKeepAlive: false,
      tcpReconnect: true,
      reconnectFirstS: '0.25',
      reconnectMaxS: '4',
    });
  });
});

describe('显示往返时间 in the tab', () => {
  it('switches the log\'s round-trip column on and off with the toggle (and so with a restored tab)', () => {
    const { store, log } = testWorkspace();
    const peer = { address: '127.0.0.1', port: 7, family: 'IPv4' as const };
    const rows = (t: number) => [
      { seq: t, ts: t, dir: 'tx' as const, peer, bytes: Uint8Array.of(1) },
      { seq: t + 1, ts: t + 2, dir: 'rx' as const, peer, bytes: Uint8Array.of(1) },
    ];
    log.ingest(rows(1));
    expect(log.roundTrip.samples).toBe(0);
    store.setState(stateFromTabSettings({ ...tabSettingsFromState({ id: 'tab-1', title: '', openAtStart: false }, store.getState()), receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true, roundTrip: true } }));
    log.ingest(rows(10));
    expect(log.at(3)).toMatchObject({ rttMs: 2 });
    expect(log.roundTrip.samples).toBe(1);
    store.getState().setRecvRtt(false);
    expect(log.roundTrip.samples).toBe(0);
  });
});

describe('a TCP client tab that reconnects', () => {
  function clientTab(open: Answer = () => ok({ sessionId: 's1', local, remote })) {
    const fake = testWorkspace({ 'session.open': open });
    fake.store.getState().setProtocol('tcp-client');
    fake.store.getState().setRemoteHost('127.0.0.1');
    fake.store.getState().setRemotePort('7000');
    fake.store.getState().setTcpOptions({ tcpReconnect: true });
    return fake;
  }

  it('sends the options with session.open', async () => {
    const { store, calls } = clientTab();
    store.getState().setTcpOptions({ tcpKeepAlive: true });
    await store.getState().toggleOpen();
    expect(calls[0]!.args).toMatchObject({ config: { kind: 'tcp-client', keepAlive: true, reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 } } });
  });

  it('refuses to open with a bad back-off, and says where', async () => {
    const { store, calls } = clientTab();
    store.getState().setTcpOptions({ reconnectFirstS: 'soon' });
    await store.getState().toggleOpen();
    expect(calls.filter((c) => c.name === 'session.open')).toHaveLength(0);
    expect(store.getState().fieldErrors.reconnectFirst).toMatchObject({ code: 'INVALID_ARGUMENT', params: { field: 'reconnectFirst', reason: 'reconnectDelay' } });
    // Editing the field takes its complaint away.
    store.getState().setTcpOptions({ reconnectFirstS: '1' });
    expect(store.getState().fieldErrors.reconnectFirst).toBeUndefined();
  });

  it('a first connect refused: the refusal is shown by the button, the tab retries and the button stops it', async () => {
    const { store, emit, calls } = clientTab(() => ok({ sessionId: 's1', retrying: { attempt: 1, phase: 'waiting', delayMs: 500, lastError: refused } }));
    await store.getState().toggleOpen();
    expect(store.getState()).toMatchObject({ sessionState: 'opening', sessionId: 's1', reconnect: { attempt: 1, phase: 'waiting', lastError: refused } });
    expect(localizeError(store.getState().fieldErrors.open!, 'en')).toBe('Connection refused: nothing is listening on 127.0.0.1:7000');
    // Locked while it retries.
    store.getState().setTcpOptions({ tcpKeepAlive: true });
    expect(store.getState().tcpKeepAlive).toBe(false);

    emit('session.reconnect', { sessionId: 's1', attempt: 2, phase: 'connecting', delayMs: 0, lastError: refused });
    expect(store.getState().reconnect).toMatchObject({ attempt: 2, phase: 'connecting' });
    await store.getState().toggleOpen();
    expect(calls.at(-1)).toEqual({ name: 'session.close', args: { sessionId: 's1' } });
    expect(store.getState()).toMatchObject({ sessionState: 'closed', reconnect: null });
  });

  it('a drop goes to retrying, the reconnect back to open (the old error gone), a close ends it', async () => {
    const { store, emit } = clientTab(() => ok({ sessionId: 's1', retrying: { attempt: 1, phase: 'waiting', delayMs: 100, lastError: refused } }));
    await store.getState().toggleOpen();
    emit('session.state', { sessionId: 's1', state: 'open', local, remote });
    expect(store.getState()).toMatchObject({ sessionState: 'open', reconnect: null, remote, fieldErrors: {}, notice: null });

    emit('session.state', { sessionId: 's1', state: 'opening' });
    emit('session.reconnect', { sessionId: 's1', attempt: 1, phase: 'waiting', delayMs: 4000, lastError: { code: 'ECONNRESET', message: 'reset' } });
    const { reconnect } = store.getState();
    expect(store.getState().sessionState).toBe('opening');
    expect(reconnect!.retryAt - Date.now()).toBeGreaterThan(3500);

    emit('session.state', { sessionId: 's1', state: 'closed', reason: 'error', error: refused });
    expect(store.getState()).toMatchObject({ sessionState: 'closed', reconnect: null, closeReason: 'error' });
  });

  it('marks a half-closed peer until the connection ends', async () => {
    const { store, emit } = clientTab();
    await store.getState().toggleOpen();
    emit('session.state', { sessionId: 's1', state: 'open', local, remote, peerFinished: true });
    expect(store.getState()).toMatchObject({ sessionState: 'open', peerFinished: true });
    emit('session.state', { sessionId: 's1', state: 'closed', reason: 'user' });
    expect(store.getState().peerFinished).toBe(false);
  });

  it('an open that fails outright is shown as before', async () => {
    const { store } = clientTab(() => fail('INVALID_ARGUMENT', 'bad', { field: 'config.remoteHost', reason: 'host' }));
    await store.getState().toggleOpen();
    expect(store.getState()).toMatchObject({ sessionState: 'closed', reconnect: null });
  });
});

describe('words for it', () => {
  const base: StatusInput = {
    protocol: 'tcp-client',
    sessionState: 'opening',
    sessionProtocol: 'tcp-client',
    local: null,
    remote: null,
    closeReason: null,
    hostLink: 'open',
    localAddress: '0.0.0.0',
    localPort: '0',
    remoteHost: 'device.local',
    remotePort: '502',
    clientCount: 0,
  };
  const say = (lang: Lang, s: Partial<StatusInput>) => statusText({ ...base, ...s }, (k, p) => translate(lang, k, p));

  it('says where a reconnect is, counting the wait down', () => {
    const waiting = { attempt: 3, phase: 'waiting' as const, retryAt: 10_000, lastError: null };
    expect(say('en', { reconnect: waiting, now: 6_200 })).toBe('TCP client reconnecting to device.local:502 in 4 s (attempt 3)');
    expect(say('zh-CN', { reconnect: waiting, now: 6_200, remote })).toBe('TCP 客户端 4 秒后重连 127.0.0.1:7000（第 3 次）');
    expect(say('en', { reconnect: waiting, now: 9_650 })).toBe('TCP client reconnecting to device.local:502 in 0.4 s (attempt 3)');
    expect(say('en', { reconnect: { ...waiting, phase: 'connecting' }, now: 10_000 })).toBe('TCP client reconnecting to device.local:502 (attempt 3)…');
    expect(say('en', { sessionState: 'open', local, remote, peerFinished: true })).toBe(
      'TCP client connected to 127.0.0.1:7000 (local 127.0.0.1:40000); the peer finished sending',
    );
    expect(say('zh-CN', { sessionState: 'open', local, remote, peerFinished: true })).toBe('TCP 客户端已连接 127.0.0.1:7000（本地 127.0.0.1:40000）；对端已结束发送');
  });

  it('writes the new log rows in both languages', () => {
    const rows = [
      { type: 'peer-finished' },
      { type: 'connect-failed', attempt: 0, error: { code: 'ECONNREFUSED', params: { host: '127.0.0.1', port: 7000 } } },
      { type: 'connect-failed', attempt: 4, error: { code: 'ETIMEDOUT', params: { host: 'device.local', port: 502 } } },
      { type: 'reconnect-scheduled', attempt: 3, delayMs: 2000 },
      { type: 'reconnect-scheduled', attempt: 1, delayMs: 500 },
      { type: 'connected', attempt: 3 },
    ] as const;
    expect(rows.map((event) => formatEvent({ event }, 'en'))).toEqual([
      'Peer finished sending (FIN); you can still send to it until the connection is closed',
      'Connect failed: Connection refused: nothing is listening on 127.0.0.1:7000',
      'Reconnect attempt 4 failed: Timed out connecting to device.local:502',
      'Reconnecting in 2 s (attempt 3)',
      'Reconnecting in 0.5 s (attempt 1)',
      'Reconnected (attempt 3)',
    ]);
    expect(rows.map((event) => formatEvent({ event }, 'zh-CN'))).toEqual([
      '对端已结束发送（FIN）；关闭连接前仍可向它发送',
      expect.stringMatching(/^连接失败：/),
      expect.stringMatching(/^第 4 次重连失败：/),
      '2 秒后重连（第 3 次）',
      '0.5 秒后重连（第 1 次）',
      '已重新连接（第 3 次重试）',
    ]);
  });
});
