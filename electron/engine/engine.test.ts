import { describe, expect, it, vi } from 'vitest';
import { fail, ok } from '@shared';
import { SAMPLE_SETTINGS } from '../test-support/sample-settings';
import { createCommandDispatcher } from './command-dispatcher';
import { Engine } from './engine';
import { EngineHarness } from './test-support/engine-harness';
import { udpPeer } from './test-support/peers';
import { waitFor } from './test-support/wait-for';

describe('Engine', () => {
  it('lists the interfaces flattened, loopback included', async () => {
    const harness = new EngineHarness();
    const { interfaces } = await harness.must('system.interfaces', {});
    expect(interfaces).toContainEqual(expect.objectContaining({ address: '127.0.0.1', family: 'IPv4', internal: true }));
    for (const entry of interfaces) {
      expect(typeof entry.name).toBe('string');
      expect(['IPv4', 'IPv6']).toContain(entry.family);
      if (/^fe80/i.test(entry.address)) expect(entry.address).toContain('%');
    }
    await harness.dispose();
  });

  it('numbers sessions s1, s2, … and keeps them apart', async () => {
    const harness = new EngineHarness();
    const a = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const b = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    expect([a.sessionId, b.sessionId]).toEqual(['s1', 's2']);
    const peer = await udpPeer();
    peer.socket.send('to-b', b.local.port, '127.0.0.1');
    await harness.waitForRx('s2', 4);
    expect(harness.framesOf('s1')).toHaveLength(0);
    peer.socket.close();
    await harness.dispose();
  });

  it('goes through the command dispatcher: schema errors never reach the engine, results pass through', async () => {
    const harness = new EngineHarness();
    const dispatch = createCommandDispatcher(harness.engine);
    expect(await dispatch('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 70000 } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await dispatch('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } })).toMatchObject({ ok: true, value: { sessionId: 's1' } });
    await harness.dispose();
  });

  it('survives a sink that throws, and reports it instead of swallowing it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const engine = new Engine(() => {
      throw new Error('window gone');
    });
    const result = await engine.handle('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    expect(result.ok).toBe(true);
    expect(errors).toHaveBeenCalled();
    await engine.dispose();
    errors.mockRestore();
  });

  it('dispose stops a session that is still connecting; its open resolves NOT_OPEN or a timeout, never hangs', async () => {
    const harness = new EngineHarness();
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737); on this host it may be unreachable or black-holed: either way
    // the connect is in flight long enough for dispose to cut it.
    const opening = harness.invoke('session.open', { config: { kind: 'tcp-client', remoteHost: '192.0.2.123', remotePort: 9, connectTimeoutMs: 5000 } });
    await harness.dispose();
    const result = await opening;
    expect(result.ok).toBe(false);
    await waitFor(() => harness.eventsOf('session.state', 's1').some((e) => e.state === 'closed'), 2000, 'closed event');
  });

  it('acks for unknown sessions are harmless; resetCounters on unknown is NOT_OPEN', async () => {
    const harness = new EngineHarness();
    expect(await harness.invoke('traffic.ack', { sessionId: 's42', batchSeq: 3 })).toEqual({ ok: true, value: null });
    expect(await harness.invoke('session.resetCounters', { sessionId: 's42' })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
    await harness.dispose();
  });
});

describe('Engine settings', () => {
  it('without a settings store: loads null, and refuses to save with NOT_FOUND', async () => {
    const engine = new Engine(() => undefined);
    expect(await engine.handle('settings.load', {})).toEqual({ ok: true, value: { settings: null } });
    const saved = await engine.handle('settings.save', { settings: SAMPLE_SETTINGS });
    expect(saved).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await engine.dispose();
  });

  it('passes load and save to its store, and load errors through as values', async () => {
    const saved: unknown[] = [];
    const engine = new Engine(() => undefined, {
      settings: {
        load: async () => fail('EACCES', 'Cannot read settings', { path: '/x' }),
        save: async (settings) => {
          saved.push(settings);
          return ok(null);
        },
      },
    });
    expect(await engine.handle('settings.save', { settings: SAMPLE_SETTINGS })).toEqual({ ok: true, value: null });
    expect(saved).toEqual([SAMPLE_SETTINGS]);
    expect(await engine.handle('settings.load', {})).toMatchObject({ ok: false, error: { code: 'EACCES', params: { path: '/x' } } });
    await engine.dispose();
  });
});
