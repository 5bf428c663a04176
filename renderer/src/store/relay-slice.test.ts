import { describe, expect, it } from 'vitest';
import { fail, ok } from '@shared/contract/errors';
import type { SessionSnapshot } from '@shared/contract/workspace';
import { ZERO_COUNTERS } from '@shared/contract/session';
import { localizeError } from '../i18n/localize-error';
import { testWorkspace } from '../workspace/test-support/test-workspace';
import { stateFromTabSettings, tabSettingsFromState } from '../workspace/tab-settings';
import { reduceSnapshot } from './tab-reducers';

const local = { address: '127.0.0.1', port: 15020, family: 'IPv4' as const };
const remote = { address: '127.0.0.1', port: 9000, family: 'IPv4' as const };

/** A workspace whose first tab is a relay form: listen 127.0.0.1:15020, forward to 127.0.0.1:9000. */
function relayTab(answers: Parameters<typeof testWorkspace>[0] = {}) {
  const fake = testWorkspace({ 'session.open': () => ok({ sessionId: 's1', local, remote }), ...answers });
  const s = fake.store.getState();
  s.setProtocol('relay');
  s.setLocalAddress('127.0.0.1');
  s.setLocalPort('15020');
  s.setRemoteHost('127.0.0.1');
  s.setRemotePort('9000');
  return fake;
}

describe('a relay tab (issue 10)', () => {
  it('opens a TCP relay from the form, with no framing, and a UDP one with its idle time-out in ms', async () => {
    const { store, calls } = relayTab();
    // Framing controls set on the tab do not travel with a relay: it forwards bytes as they come.
    store.getState().setFraming({ framingKind: 'delimiter' });
    await store.getState().toggleOpen();
    expect(calls.find((c) => c.name === 'session.open')!.args.config).toEqual({
      kind: 'relay',
      transport: 'tcp',
      localAddress: '127.0.0.1',
      localPort: 15020,
      remoteHost: '127.0.0.1',
      remotePort: 9000,
    });
    expect(store.getState()).toMatchObject({ sessionState: 'open', sessionProtocol: 'relay', relayPaused: false });

    const udp = relayTab();
    udp.store.getState().setRelayTransport('udp');
    udp.store.getState().setRelayIdleTimeout('15');
    udp.store.getState().setMaxClients('20');
    await udp.store.getState().toggleOpen();
    expect(udp.calls.find((c) => c.name === 'session.open')!.args.config).toMatchObject({ transport: 'udp', udpIdleTimeoutMs: 15_000, maxClients: 20 });
  });

  it('names every bad field, and checks the idle time-out only for UDP', async () => {
    const { store, calls } = relayTab();
    store.getState().setRemoteHost(' ');
    store.getState().setRemotePort('0');
    store.getState().setMaxClients('10001');
    store.getState().setRelayIdleTimeout('0');
    await store.getState().toggleOpen();
    expect(Object.keys(store.getState().fieldErrors).sort()).toEqual(['maxClients', 'remoteHost', 'remotePort']);
    expect(localizeError(store.getState().fieldErrors.maxClients!, 'en')).toBe('Max clients must be a whole number from 1 to 10,000; empty means 1000');
    store.getState().setRelayTransport('udp');
    await store.getState().toggleOpen();
    expect(localizeError(store.getState().fieldErrors.relayIdleTimeout!, 'zh-CN')).toBe('UDP 空闲超时必须是 1 到 86,400 之间的整数秒，留空为 60 秒');
    expect(calls.filter((c) => c.name === 'session.open')).toHaveLength(0);
  });

  it('injects toward the chosen side, to all pairs, one, or the ticked ones', async () => {
    const { store, calls } = relayTab({ 'session.send': () => ok({ bytesSent: 2 }) });
    await store.getState().toggleOpen();
    store.getState().setSendInput('hi');
    await store.getState().send();
    store.getState().setRelayToward('client');
    store.getState().setServerTarget('127.0.0.1:5000');
    await store.getState().send();
    store.getState().toggleClientSelected('127.0.0.1:5001');
    await store.getState().send();
    const sends = calls.filter((c) => c.name === 'session.send').map((c) => ({ ...c.args, bytes: undefined }));
    expect(sends).toEqual([
      { sessionId: 's1', client: 'all', toward: 'server', bytes: undefined },
      { sessionId: 's1', client: '127.0.0.1:5000', toward: 'client', bytes: undefined },
      { sessionId: 's1', clients: ['127.0.0.1:5001'], toward: 'client', bytes: undefined },
    ]);
  });

  it('pauses and resumes forwarding; a refusal is said by the button, and a closed session is not paused', async () => {
    let refuse = false;
    const { store, calls, emit } = relayTab({ 'relay.pause': () => (refuse ? fail('NOT_OPEN', 'The session is not open') : ok(null)) });
    await store.getState().toggleOpen();
    await store.getState().toggleRelayPause();
    expect(store.getState().relayPaused).toBe(true);
    expect(calls.filter((c) => c.name === 'relay.pause').map((c) => c.args)).toEqual([{ sessionId: 's1', paused: true }]);
    refuse = true;
    await store.getState().toggleRelayPause();
    expect(store.getState().relayPaused).toBe(true);
    expect(localizeError(store.getState().fieldErrors.relayPause!, 'en')).toMatch(/not open/i);
    emit('session.state', { sessionId: 's1', state: 'closed', reason: 'user' });
    expect(store.getState().relayPaused).toBe(false);
  });

  it('keeps its transport, idle time-out and side in the workspace file; a tab that never relayed writes none', async () => {
    const { store } = relayTab();
    store.getState().setRelayTransport('udp');
    store.getState().setRelayIdleTimeout('30');
    store.getState().setRelayToward('client');
    const identity = { id: 'tab-1', title: '', openAtStart: false };
    const saved = tabSettingsFromState(identity, store.getState());
    expect(saved.relay).toEqual({ transport: 'udp', idleTimeout: '30', toward: 'client' });
    expect(stateFromTabSettings(saved)).toMatchObject({ protocol: 'relay', relayTransport: 'udp', relayIdleTimeout: '30', relayToward: 'client' });
    const plain = testWorkspace().store.getState();
    expect(tabSettingsFromState(identity, plain).relay).toBeUndefined();
    expect(stateFromTabSettings(tabSettingsFromState(identity, plain))).toMatchObject({ relayTransport: 'tcp', relayIdleTimeout: '', relayToward: 'server' });
  });

  it('a page that attaches gets a relay back with its transport and its pause', () => {
    const { store } = testWorkspace();
    const snapshot: SessionSnapshot = {
      sessionId: 's7',
      tabId: 'tab-1',
      config: { kind: 'relay', transport: 'udp', localAddress: '0.0.0.0', localPort: 15020, remoteHost: 'plc', remotePort: 502 },
      state: 'open',
      local,
      remote,
      counters: ZERO_COUNTERS,
      clients: [],
      repeat: null,
      capture: null,
      fileSend: null,
      relay: { paused: true },
    };
    expect(reduceSnapshot(store.getState(), snapshot)).toMatchObject({ protocol: 'relay', relayTransport: 'udp', relayPaused: true, sessionState: 'open' });
  });
});
