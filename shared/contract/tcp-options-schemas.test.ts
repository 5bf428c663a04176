import { describe, expect, it } from 'vitest';
import { appSettingsSchema, commandSchemas } from './schemas';
import type { AppSettings, TabSettings } from './settings';
import { RECONNECT_LIMITS } from './tcp-options';

/** Issue 10: the TCP options in session.open's config, and as a tab keeps them in the workspace file. */
const client = { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: 7 } as const;
const server = { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } as const;
const open = (config: Record<string, unknown>) => commandSchemas['session.open'].safeParse({ config });

describe('session.open: TCP options', () => {
  it('takes keep-alive and no-delay on both TCP kinds, reconnect on the client; all optional', () => {
    for (const config of [
      client,
      { ...client, keepAlive: true, noDelay: false },
      { ...client, reconnect: { initialDelayMs: 500, maxDelayMs: 30_000 } },
      { ...client, reconnect: { initialDelayMs: RECONNECT_LIMITS.minDelayMs, maxDelayMs: RECONNECT_LIMITS.maxDelayMs } },
      { ...client, reconnect: { initialDelayMs: 2000, maxDelayMs: 2000 } },
      server,
      { ...server, keepAlive: false, noDelay: true },
    ]) {
      expect(open(config).success, JSON.stringify(config)).toBe(true);
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ['keep-alive that is not a boolean', { ...client, keepAlive: 'yes' }],
    ['no-delay that is not a boolean', { ...server, noDelay: 1 }],
    ['a first delay below the minimum', { ...client, reconnect: { initialDelayMs: RECONNECT_LIMITS.minDelayMs - 1, maxDelayMs: 1000 } }],
    ['a maximum above the limit', { ...client, reconnect: { initialDelayMs: 500, maxDelayMs: RECONNECT_LIMITS.maxDelayMs + 1 } }],
    ['a maximum below the first delay', { ...client, reconnect: { initialDelayMs: 5000, maxDelayMs: 1000 } }],
    ['a fractional delay', { ...client, reconnect: { initialDelayMs: 500.5, maxDelayMs: 1000 } }],
    ['a policy with an unknown key', { ...client, reconnect: { initialDelayMs: 500, maxDelayMs: 1000, jitter: true } }],
    ['a policy without its maximum', { ...client, reconnect: { initialDelayMs: 500 } }],
  ])('refuses %s', (_what, config) => {
    expect(open(config).success).toBe(false);
  });

  it('names the field of a maximum below the first delay', () => {
    const parsed = open({ ...client, reconnect: { initialDelayMs: 5000, maxDelayMs: 1000 } });
    expect(parsed.error?.issues[0]?.path).toEqual(['config', 'reconnect', 'maxDelayMs']);
  });
});

describe('workspace file: a tab\'s TCP options and round-trip time', () => {
  const tab: TabSettings = {
    id: 't',
    title: '',
    openAtStart: false,
    protocol: 'tcp-client',
    localAddress: '0.0.0.0',
    localPort: '8080',
    remoteHost: '127.0.0.1',
    remotePort: '8080',
    clientLocalPort: '',
    udpTarget: '',
    receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true },
    send: { mode: 'ascii', escapes: false, appendCrlf: false },
  };
  const file = (patch: Partial<TabSettings>): AppSettings => ({ version: 2, tabs: [{ ...tab, ...patch }], activeTabId: null, history: [], language: null });

  it('keeps them as typed; files written before them still load', () => {
    const full = file({ tcp: { keepAlive: true, noDelay: false, reconnect: true, reconnectFirstS: '0.5', reconnectMaxS: '3x' }, receive: { ...tab.receive, roundTrip: true } });
    expect(appSettingsSchema.parse(full)).toEqual(full);
    const before = appSettingsSchema.parse(file({}));
    expect(before.tabs[0]!.tcp).toBeUndefined();
    expect(before.tabs[0]!.receive.roundTrip).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['TCP options with a key missing', { keepAlive: true, noDelay: true, reconnect: false, reconnectFirstS: '0.5' }],
    ['TCP options with an unknown key', { keepAlive: true, noDelay: true, reconnect: false, reconnectFirstS: '0.5', reconnectMaxS: '30', linger: 0 }],
    ['a reconnect that is not a boolean', { keepAlive: true, noDelay: true, reconnect: 'on', reconnectFirstS: '0.5', reconnectMaxS: '30' }],
  ])('refuses %s', (_what, tcp) => {
    expect(appSettingsSchema.safeParse({ ...file({}), tabs: [{ ...tab, tcp }] }).success).toBe(false);
  });

  it('refuses a round-trip toggle that is not a boolean', () => {
    expect(appSettingsSchema.safeParse({ ...file({}), tabs: [{ ...tab, receive: { ...tab.receive, roundTrip: 1 } }] }).success).toBe(false);
  });
});
