import { describe, expect, it } from 'vitest';
import { appSettingsSchema, appSettingsV1Schema, commandSchemas } from './schemas';
import { SEND_SPEC_LIMITS } from './send-spec';
import { SETTINGS_LIMITS, type AppSettings, type TabSettings } from './settings';

const tab: TabSettings = {
  id: 'tab-1',
  title: '',
  openAtStart: false,
  protocol: 'udp',
  localAddress: '0.0.0.0',
  localPort: '8080',
  remoteHost: '127.0.0.1',
  remotePort: '8080',
  clientLocalPort: '',
  udpTarget: '127.0.0.1:8080',
  receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true },
  send: { mode: 'ascii', escapes: false, appendCrlf: false },
};
const valid: AppSettings = { version: 2, tabs: [tab], activeTabId: 'tab-1', history: [], language: null };
const withTab = (patch: Record<string, unknown>): unknown => ({ ...valid, tabs: [{ ...tab, ...patch }] });

describe('appSettingsSchema (the workspace file, version 2)', () => {
  it('accepts complete settings, fields kept as typed (a half-typed port is not an error here)', () => {
    expect(appSettingsSchema.parse(valid)).toEqual(valid);
    const halfTyped = withTab({ localPort: '80a', remoteHost: '' });
    expect(appSettingsSchema.parse(halfTyped)).toEqual(halfTyped);
    const many = { ...valid, tabs: Array.from({ length: SETTINGS_LIMITS.tabs }, (_, i) => ({ ...tab, id: `t${i}` })), activeTabId: null };
    expect(appSettingsSchema.safeParse(many).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['another version', { ...valid, version: 1 }],
    ['no version', (({ version: _v, ...rest }) => rest)(valid)],
    ['no tab', { ...valid, tabs: [] }],
    ['too many tabs', { ...valid, tabs: Array.from({ length: SETTINGS_LIMITS.tabs + 1 }, (_, i) => ({ ...tab, id: `t${i}` })) }],
    ['two tabs with one id', { ...valid, tabs: [tab, tab] }],
    ['an over-long tab name', withTab({ title: 'x'.repeat(SETTINGS_LIMITS.tabTitleChars + 1) })],
    ['an unknown protocol', withTab({ protocol: 'sctp' })],
    ['an unknown key', { ...valid, extra: true }],
    ['an unknown tab key', withTab({ colour: 'red' })],
    ['an unknown receive key', withTab({ receive: { ...tab.receive, colour: 'red' } })],
    ['a missing send option', withTab({ send: { mode: 'hex', escapes: true } })],
    ['a port as a number', withTab({ localPort: 8080 })],
    ['an unknown language', { ...valid, language: 'fr' }],
    ['a history entry with an unknown mode', { ...valid, history: [{ text: 'x', mode: 'base64' }] }],
    ['too many history entries', { ...valid, history: Array.from({ length: SETTINGS_LIMITS.historyItems + 1 }, () => ({ text: 'x', mode: 'ascii', escapes: false, appendCrlf: false })) }],
    ['an over-long history entry', { ...valid, history: [{ text: 'x'.repeat(SETTINGS_LIMITS.historyItemChars + 1), mode: 'ascii', escapes: false, appendCrlf: false }] }],
    ['a history entry without its send options', { ...valid, history: [{ text: 'x', mode: 'ascii' }] }],
    ['an over-long field', withTab({ remoteHost: 'h'.repeat(SETTINGS_LIMITS.fieldChars + 1) })],
    ['an unknown send encoding', withTab({ send: { ...tab.send, encoding: 'ebcdic' } })],
    ['an unknown receive encoding', withTab({ receive: { ...tab.receive, encoding: 'GBK' } })],
    ['a tab checksum without its options', withTab({ send: { ...tab.send, checksum: { model: 'sum8' } } })],
    ['a history entry with an unknown encoding', { ...valid, history: [{ text: 'x', mode: 'ascii', escapes: false, appendCrlf: false, encoding: 'latin-9' }] }],
    ['a clear-after-send that is not a boolean', withTab({ send: { ...tab.send, clearAfterSend: 'yes' } })],
    ['null', null],
    ['an array', [valid]],
  ])('rejects %s', (_what, value) => {
    expect(appSettingsSchema.safeParse(value).success).toBe(false);
  });

  it('keeps the encodings and the checksum of tabs and history entries; files without them still load', () => {
    const checksum = { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 } as const;
    const full: AppSettings = {
      ...valid,
      tabs: [{ ...tab, receive: { ...tab.receive, encoding: 'gbk' }, send: { ...tab.send, encoding: 'shift_jis', checksum: { ...checksum, model: 'none' } } }],
      history: [
        { text: '01 03', mode: 'hex', escapes: false, appendCrlf: false, encoding: 'utf-8', checksum },
        { text: 'AT', mode: 'ascii', escapes: false, appendCrlf: true, encoding: 'gb18030', checksum: null },
        { text: 'old', mode: 'ascii', escapes: false, appendCrlf: false },
      ],
    };
    expect(appSettingsSchema.parse(full)).toEqual(full);
    expect(appSettingsSchema.parse(valid)).toEqual(valid);
  });

  it('keeps a tab\'s 发送完自动清空; files written before it still load', () => {
    const on: AppSettings = { ...valid, tabs: [{ ...tab, send: { ...tab.send, clearAfterSend: true } }] };
    expect(appSettingsSchema.parse(on)).toEqual(on);
    expect(appSettingsSchema.parse(valid).tabs[0]!.send.clearAfterSend).toBeUndefined();
  });

  it('keeps a tab\'s 自动应答 rules; files written before them still load; a rule that is not one makes the file not ours', () => {
    const rule = { id: 'r1', name: 'Echo', enabled: true, match: { kind: 'any' }, action: { kind: 'echo' }, target: 'sender', delayMs: 0, then: 'stop' } as const;
    const withRules: AppSettings = { ...valid, tabs: [{ ...tab, autoReply: { enabled: false, rules: [rule], maxRepliesPerSecond: 10 } }] };
    expect(appSettingsSchema.parse(withRules)).toEqual(withRules);
    expect(appSettingsSchema.parse(valid).tabs[0]!.autoReply).toBeUndefined();
    expect(appSettingsSchema.safeParse(withTab({ autoReply: { enabled: true, rules: [{ ...rule, target: 'everyone' }], maxRepliesPerSecond: 10 } })).success).toBe(false);
    expect(appSettingsSchema.safeParse(withTab({ autoReply: { enabled: true, rules: [rule, rule], maxRepliesPerSecond: 10 } })).success).toBe(false);
  });

  it('accepts history at its limits', () => {
    const history = Array.from({ length: SETTINGS_LIMITS.historyItems }, () => ({
      text: 'x'.repeat(SETTINGS_LIMITS.historyItemChars),
      mode: 'hex' as const,
      escapes: true,
      appendCrlf: false,
    }));
    expect(appSettingsSchema.safeParse({ ...valid, history }).success).toBe(true);
  });
});

describe('appSettingsV1Schema (the file of version 0.1, read to migrate it)', () => {
  const { id: _id, title: _title, openAtStart: _open, ...form } = tab;
  const v1 = { version: 1, ...form, history: [], language: null };
  it('accepts a version-1 file and nothing of version 2', () => {
    expect(appSettingsV1Schema.safeParse(v1).success).toBe(true);
    expect(appSettingsV1Schema.safeParse(valid).success).toBe(false);
    expect(appSettingsV1Schema.safeParse({ ...v1, extra: 1 }).success).toBe(false);
    // Version 1 never had 发送完自动清空: a file of it that does is not one of ours.
    expect(appSettingsV1Schema.safeParse({ ...v1, send: { ...v1.send, clearAfterSend: true } }).success).toBe(false);
  });
});

describe('settings commands', () => {
  it('settings.load takes no arguments; settings.save takes exactly { settings }', () => {
    expect(commandSchemas['settings.load'].safeParse({}).success).toBe(true);
    expect(commandSchemas['settings.load'].safeParse({ path: '/etc/passwd' }).success).toBe(false);
    expect(commandSchemas['settings.save'].safeParse({ settings: valid }).success).toBe(true);
    expect(commandSchemas['settings.save'].safeParse({ settings: valid, path: '/tmp/x' }).success).toBe(false);
    expect(commandSchemas['settings.save'].safeParse({}).success).toBe(false);
  });
});

describe('session task commands', () => {
  const bytes = new Uint8Array([1, 2, 3]);

  it.each(['/tmp/cap.bin', 'C:\\Users\\me\\cap.bin', 'D:/cap.bin', '\\\\server\\share\\cap.bin'])('accepts the absolute path %s', (path) => {
    expect(commandSchemas['session.capture.start'].safeParse({ sessionId: 's1', path }).success).toBe(true);
    expect(commandSchemas['session.sendFile'].safeParse({ sessionId: 's1', path }).success).toBe(true);
  });

  it.each(['', 'cap.bin', './cap.bin', '../etc/passwd', 'C:cap.bin', '/tmp/a\0b', `/${'a'.repeat(4096)}`])('rejects the path %j', (path) => {
    expect(commandSchemas['session.capture.start'].safeParse({ sessionId: 's1', path }).success).toBe(false);
    expect(commandSchemas['session.sendFile'].safeParse({ sessionId: 's1', path }).success).toBe(false);
  });

  it('bounds the cyclic send period and count', () => {
    const repeat = commandSchemas['session.repeat.start'];
    expect(repeat.safeParse({ sessionId: 's1', bytes, periodMs: 1 }).success).toBe(true);
    expect(repeat.safeParse({ sessionId: 's1', bytes, periodMs: 3_600_000, count: 5, to: { host: '127.0.0.1', port: 9 } }).success).toBe(true);
    expect(repeat.safeParse({ sessionId: 's1', bytes, periodMs: 0 }).success).toBe(false);
    expect(repeat.safeParse({ sessionId: 's1', bytes, periodMs: 3_600_001 }).success).toBe(false);
    expect(repeat.safeParse({ sessionId: 's1', bytes, periodMs: 1.5 }).success).toBe(false);
    expect(repeat.safeParse({ sessionId: 's1', bytes, periodMs: 10, count: 0 }).success).toBe(false);
    expect(repeat.safeParse({ sessionId: 's1', bytes: [1, 2], periodMs: 10 }).success).toBe(false);
  });

  it('takes exactly one of bytes and spec for a cyclic send, and bounds the spec', () => {
    const repeat = commandSchemas['session.repeat.start'];
    const spec = { text: '01 {{counter}}', mode: 'hex', escapes: false, appendCrlf: false, encoding: 'utf-8', checksum: null };
    const checksum = { model: 'crc-16/modbus', order: 'le', output: 'raw', skipStart: 0, skipEnd: 0 };
    expect(repeat.safeParse({ sessionId: 's1', spec, periodMs: 1 }).success).toBe(true);
    expect(repeat.safeParse({ sessionId: 's1', spec: { ...spec, checksum }, periodMs: 1 }).success).toBe(true);
    expect(repeat.safeParse({ sessionId: 's1', spec: { ...spec, text: 'x'.repeat(SEND_SPEC_LIMITS.textChars) }, periodMs: 1 }).success).toBe(true);
    for (const bad of [
      { sessionId: 's1', periodMs: 1 },
      { sessionId: 's1', bytes, spec, periodMs: 1 },
      { sessionId: 's1', spec: { ...spec, text: 'x'.repeat(SEND_SPEC_LIMITS.textChars + 1) }, periodMs: 1 },
      { sessionId: 's1', spec: { ...spec, encoding: 'utf-7' }, periodMs: 1 },
      { sessionId: 's1', spec: { ...spec, mode: 'base64' }, periodMs: 1 },
      { sessionId: 's1', spec: { ...spec, extra: 1 }, periodMs: 1 },
      { sessionId: 's1', spec: { ...spec, checksum: { ...checksum, skipStart: -1 } }, periodMs: 1 },
      { sessionId: 's1', spec: { ...spec, checksum: { ...checksum, order: 'middle' } }, periodMs: 1 },
      { sessionId: 's1', spec: { ...spec, checksum: { ...checksum, model: 'x'.repeat(65) } }, periodMs: 1 },
    ]) {
      expect(repeat.safeParse(bad).success, JSON.stringify(bad).slice(0, 120)).toBe(false);
    }
  });

  it('bounds the UDP chunk size of a file send', () => {
    const sendFile = commandSchemas['session.sendFile'];
    expect(sendFile.safeParse({ sessionId: 's1', path: '/f', chunkSize: 65_527 }).success).toBe(true);
    expect(sendFile.safeParse({ sessionId: 's1', path: '/f', chunkSize: 65_528 }).success).toBe(false);
    expect(sendFile.safeParse({ sessionId: 's1', path: '/f', chunkSize: 0 }).success).toBe(false);
  });
});

describe('TCP server commands and config', () => {
  const bytes = new Uint8Array([1]);
  const server = { kind: 'tcp-server', localAddress: '0.0.0.0', localPort: 0 };

  it('bounds maxClients to whole numbers from 1 to 100 000', () => {
    const config = commandSchemas['session.open'];
    for (const maxClients of [1, 100_000]) expect(config.safeParse({ config: { ...server, maxClients } }).success).toBe(true);
    expect(config.safeParse({ config: server }).success).toBe(true);
    for (const maxClients of [0, 100_001, 2.5, '10']) expect(config.safeParse({ config: { ...server, maxClients } }).success).toBe(false);
  });

  it.each(['session.send', 'session.repeat.start', 'session.sendFile'] as const)('%s takes 1–10 000 client keys, or client, not both', (name) => {
    const base = name === 'session.send' ? { sessionId: 's1', bytes } : name === 'session.repeat.start' ? { sessionId: 's1', bytes, periodMs: 10 } : { sessionId: 's1', path: '/f' };
    const schema = commandSchemas[name];
    const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `127.0.0.1:${i + 1}`);
    expect(schema.safeParse({ ...base, clients: keys(1) }).success).toBe(true);
    expect(schema.safeParse({ ...base, clients: keys(10_000) }).success).toBe(true);
    expect(schema.safeParse({ ...base, client: '127.0.0.1:1' }).success).toBe(true);
    expect(schema.safeParse({ ...base, clients: [] }).success).toBe(false);
    expect(schema.safeParse({ ...base, clients: keys(10_001) }).success).toBe(false);
    expect(schema.safeParse({ ...base, clients: [''] }).success).toBe(false);
    expect(schema.safeParse({ ...base, clients: '127.0.0.1:1' }).success).toBe(false);
    const both = schema.safeParse({ ...base, client: '127.0.0.1:1', clients: keys(2) });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]?.path).toEqual(['clients']);
  });
});

describe('广播 / 组播 (UDP addressing, issue 10)', () => {
  const udp = { kind: 'udp', localAddress: '0.0.0.0', localPort: 0 };
  const open = commandSchemas['session.open'];
  const join = commandSchemas['session.multicast.join'];

  it('a UDP config takes broadcast, the multicast options and up to 20 groups', () => {
    const full = { ...udp, broadcast: true, multicastTtl: 255, multicastLoopback: false, multicastInterface: 'eth0', multicastGroups: [{ group: '239.1.2.3', interface: 'eth0' }, { group: 'ff15::1234' }] };
    expect(open.safeParse({ config: full }).success).toBe(true);
    expect(open.safeParse({ config: { ...udp, multicastInterface: '' } }).success).toBe(true);
    const twenty = Array.from({ length: 20 }, (_, i) => ({ group: `239.0.0.${i + 1}` }));
    expect(open.safeParse({ config: { ...udp, multicastGroups: twenty } }).success).toBe(true);
    for (const bad of [
      { multicastGroups: [...twenty, { group: '239.0.0.99' }] },
      { multicastTtl: 256 },
      { multicastTtl: -1 },
      { multicastTtl: 1.5 },
      { broadcast: 'yes' },
      { multicastGroups: [{ group: '239.1.2.3', interface: '' }] },
      { multicastGroups: [{ group: '239.1.2.3', extra: 1 }] },
      { multicastInterface: 'eth\0' },
    ]) {
      expect(open.safeParse({ config: { ...udp, ...bad } }).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it.each([
    ['10.0.0.1', 'notMulticast'],
    ['240.0.0.1', 'notMulticast'],
    ['fe80::1', 'notMulticast'],
    ['ff02::1%eth0', 'notIpGroup'],
    ['mcast.example', 'notIpGroup'],
    ['', 'notIpGroup'],
  ])('a join of %j is refused with the check\'s reason %s and the group', (group, reason) => {
    const parsed = join.safeParse({ sessionId: 's1', membership: { group } });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.path).toEqual(['membership', 'group']);
    expect(issue).toMatchObject({ code: 'custom', params: { reason, group } });
  });

  it('session.udp.set takes any subset of the options; join and leave one membership', () => {
    const set = commandSchemas['session.udp.set'];
    expect(set.safeParse({ sessionId: 's1', options: {} }).success).toBe(true);
    expect(set.safeParse({ sessionId: 's1', options: { broadcast: false, multicastTtl: 0 } }).success).toBe(true);
    expect(set.safeParse({ sessionId: 's1', options: { colour: 'red' } }).success).toBe(false);
    expect(join.safeParse({ sessionId: 's1', membership: { group: '224.0.0.251', interface: 'Wi-Fi' } }).success).toBe(true);
    expect(commandSchemas['session.multicast.leave'].safeParse({ sessionId: 's1', membership: { group: 'FF02::FB' } }).success).toBe(true);
  });

  it('a tab keeps its UDP options as typed; files written before them still load', () => {
    const saved: AppSettings = {
      ...valid,
      tabs: [{ ...tab, udp: { broadcast: true, multicastGroups: [{ group: '239.1.2.3', interface: 'eth0' }], multicastTtl: '4x', multicastLoopback: false, multicastInterface: '' } }],
    };
    expect(appSettingsSchema.parse(saved)).toEqual(saved);
    expect(appSettingsSchema.parse(valid).tabs[0]!.udp).toBeUndefined();
    expect(appSettingsSchema.safeParse(withTab({ udp: { broadcast: true, colour: 'red' } })).success).toBe(false);
    expect(appSettingsSchema.safeParse(withTab({ udp: { multicastGroups: Array.from({ length: 21 }, () => ({ group: '239.0.0.1' })) } })).success).toBe(false);
  });
});

describe('接收缓冲区 (receive buffer, issue 11)', () => {
  const udp = { kind: 'udp', localAddress: '0.0.0.0', localPort: 0 };
  const open = commandSchemas['session.open'];

  it('a UDP config takes a whole number of bytes from 1 KiB to 256 MiB; absent = the OS default', () => {
    for (const recvBufferSize of [1024, 65_536, 4 * 1024 * 1024, 256 * 1024 * 1024]) {
      expect(open.safeParse({ config: { ...udp, recvBufferSize } }).success, String(recvBufferSize)).toBe(true);
    }
    expect(open.safeParse({ config: udp }).success).toBe(true);
    for (const recvBufferSize of [0, 1023, 256 * 1024 * 1024 + 1, 4096.5, -4096, Number.NaN, '4096']) {
      const parsed = open.safeParse({ config: { ...udp, recvBufferSize } });
      expect(parsed.success, String(recvBufferSize)).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['config', 'recvBufferSize']);
    }
    const tooSmall = open.safeParse({ config: { ...udp, recvBufferSize: 1023 } });
    expect(tooSmall.error?.issues[0]).toMatchObject({ code: 'custom', params: { reason: 'recvBufferSize', minKiB: 1, maxKiB: 262_144 } });
  });

  it('a tab keeps the field as typed; files written before it still load', () => {
    const saved: AppSettings = { ...valid, tabs: [{ ...tab, udp: { recvBuffer: '4M' } }] };
    expect(appSettingsSchema.parse(saved)).toEqual(saved);
    expect(appSettingsSchema.parse({ ...valid, tabs: [{ ...tab, udp: { broadcast: true } }] }).tabs[0]!.udp).toEqual({ broadcast: true });
    expect(appSettingsSchema.safeParse(withTab({ udp: { recvBuffer: 4096 } })).success).toBe(false);
  });
});
