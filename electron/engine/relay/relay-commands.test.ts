import { afterEach, describe, expect, it } from 'vitest';
import { createCommandDispatcher } from '../command-dispatcher';
import { EngineHarness } from '../test-support/engine-harness';

/** Issue 10: the relay's commands at the host's gate and in the engine, for relays and for the other kinds. */
describe('relay commands', () => {
  let harness: EngineHarness;
  afterEach(() => harness?.dispose());

  it('refuses a side (toward) and relay.pause on a session that is not a relay, instead of ignoring them', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const send = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), to: { host: '127.0.0.1', port: 9 }, toward: 'server' });
    expect(send).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'toward', reason: 'notRelay' } } });
    const repeat = await harness.invoke('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('x'), periodMs: 100, toward: 'client' });
    expect(repeat).toMatchObject({ ok: false, error: { params: { reason: 'notRelay' } } });
    expect(await harness.invoke('relay.pause', { sessionId: 's1', paused: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { reason: 'notRelay' } } });
    expect(await harness.invoke('relay.pause', { sessionId: 's9', paused: true })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });

  it('the host gate checks a relay config and the relay commands: a framing, a bad side, a bad idle time-out are refused', async () => {
    harness = new EngineHarness();
    const dispatch = createCommandDispatcher(harness.engine);
    const config = { kind: 'relay', transport: 'udp', localAddress: '127.0.0.1', localPort: 0, remoteHost: '127.0.0.1', remotePort: 9 };
    const refusals = [
      { config: { ...config, framing: { kind: 'none' } } },
      { config: { ...config, transport: 'sctp' } },
      { config: { ...config, udpIdleTimeoutMs: 999 } },
      { config: { ...config, maxClients: 10_001 } },
      { config: { ...config, remotePort: 0 } },
    ];
    for (const args of refusals) expect((await dispatch('session.open', args)).ok).toBe(false);
    expect(await dispatch('relay.pause', { sessionId: 's1', paused: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'paused' } } });
    const opened = await dispatch('session.open', { config: { ...config, udpIdleTimeoutMs: 1000, maxClients: 10_000 } });
    expect(opened.ok).toBe(true);
    expect(await dispatch('session.send', { sessionId: 's1', bytes: new Uint8Array([1]), toward: 'sideways' })).toMatchObject({ ok: false, error: { params: { field: 'toward' } } });
    // No client yet: nothing to inject into, and the answer says so.
    expect(await dispatch('session.send', { sessionId: 's1', bytes: new Uint8Array([1]), toward: 'server' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', params: { client: 'all' } } });
    expect(await dispatch('relay.pause', { sessionId: 's1', paused: true })).toEqual({ ok: true, value: null });
  });
});
