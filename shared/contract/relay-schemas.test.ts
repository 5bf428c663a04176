import { describe, expect, it } from 'vitest';
import { RELAY_LIMITS } from './relay';
import { appSettingsSchema, commandSchemas, sessionConfigSchema } from './schemas';
import type { AppSettings, TabSettings } from './settings';

const relay = { kind: 'relay', transport: 'tcp', localAddress: '0.0.0.0', localPort: 15020, remoteHost: 'plc.local', remotePort: 502 } as const;

describe('relay config (issue 10)', () => {
  it('takes TCP and UDP relays with their optional bounds', () => {
    expect(sessionConfigSchema.parse(relay)).toEqual(relay);
    const udp = { ...relay, transport: 'udp', localPort: 0, maxClients: RELAY_LIMITS.maxPairs, udpIdleTimeoutMs: RELAY_LIMITS.minUdpIdleTimeoutMs, connectTimeoutMs: 100 };
    expect(sessionConfigSchema.parse(udp)).toEqual(udp);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no transport', { transport: undefined }],
    ['an unknown transport', { transport: 'sctp' }],
    ['no remote host', { remoteHost: '' }],
    ['remote port 0 (a relay forwards to a real port)', { remotePort: 0 }],
    ['too many pairs', { maxClients: RELAY_LIMITS.maxPairs + 1 }],
    ['no pairs', { maxClients: 0 }],
    ['an idle time-out under a second', { udpIdleTimeoutMs: 999 }],
    ['an idle time-out over a day', { udpIdleTimeoutMs: RELAY_LIMITS.maxUdpIdleTimeoutMs + 1 }],
    ['a framing (a relay cuts no messages)', { framing: { kind: 'none', maxMessageBytes: 1024 } }],
  ])('refuses %s', (_what, patch) => {
    expect(sessionConfigSchema.safeParse({ ...relay, ...patch }).success).toBe(false);
  });
});

describe('relay commands', () => {
  it.each(['session.send', 'session.repeat.start', 'session.sendFile'] as const)('%s takes a side toward the server or the client', (name) => {
    const bytes = new Uint8Array([1]);
    const base = name === 'session.send' ? { sessionId: 's1', bytes } : name === 'session.repeat.start' ? { sessionId: 's1', bytes, periodMs: 10 } : { sessionId: 's1', path: '/f' };
    for (const toward of ['server', 'client']) expect(commandSchemas[name].safeParse({ ...base, toward, client: '127.0.0.1:5000' }).success).toBe(true);
    expect(commandSchemas[name].safeParse({ ...base, toward: 'both' }).success).toBe(false);
  });

  it('relay.pause takes exactly a session and a boolean', () => {
    expect(commandSchemas['relay.pause'].safeParse({ sessionId: 's1', paused: true }).success).toBe(true);
    expect(commandSchemas['relay.pause'].safeParse({ sessionId: 's1', paused: 1 }).success).toBe(false);
    expect(commandSchemas['relay.pause'].safeParse({ sessionId: 's1', paused: false, extra: 1 }).success).toBe(false);
  });
});

describe('a relay tab in the workspace file', () => {
  const tab: TabSettings = {
    id: 'tab-1',
    title: '',
    openAtStart: false,
    protocol: 'relay',
    localAddress: '0.0.0.0',
    localPort: '8080',
    remoteHost: '127.0.0.1',
    remotePort: '9000',
    clientLocalPort: '',
    udpTarget: '127.0.0.1:8080',
    receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true },
    send: { mode: 'ascii', escapes: false, appendCrlf: false },
  };
  const file = (patch: Partial<TabSettings> & Record<string, unknown>): AppSettings => ({ version: 2, tabs: [{ ...tab, ...patch }], activeTabId: null, history: [], language: null });

  it('keeps its transport, idle time-out as typed and side; a file without them still loads', () => {
    const full = file({ relay: { transport: 'udp', idleTimeout: '9x', toward: 'client' } });
    expect(appSettingsSchema.parse(full)).toEqual(full);
    expect(appSettingsSchema.parse(file({})).tabs[0]!.relay).toBeUndefined();
  });

  it('refuses an unknown transport, side or key', () => {
    for (const relayTab of [{ transport: 'sctp', idleTimeout: '', toward: 'server' }, { transport: 'tcp', idleTimeout: '', toward: 'up' }, { transport: 'tcp', idleTimeout: '', toward: 'server', colour: 1 }]) {
      expect(appSettingsSchema.safeParse(file({ relay: relayTab } as never)).success).toBe(false);
    }
  });
});
