import type { AppSettings, AppSettingsV1 } from '@shared';

/** A complete, valid workspace with every field away from the UI's defaults, so a round trip proves each one. */
export const SAMPLE_SETTINGS: AppSettings = {
  version: 2,
  tabs: [
    {
      id: 'tab-a',
      title: 'PLC 站 1',
      openAtStart: true,
      protocol: 'tcp-server',
      localAddress: '::1',
      localPort: '9100',
      remoteHost: 'example.test',
      remotePort: '7',
      clientLocalPort: '40000',
      udpTarget: '192.0.2.1:5000',
      receive: { mode: 'hex', logMode: false, wrap: true, autoScroll: false, logCapacity: 10_000, roundTrip: true },
      send: { mode: 'hex', escapes: true, appendCrlf: true, clearAfterSend: true },
      tcp: { keepAlive: true, noDelay: false, reconnect: true, reconnectFirstS: '1.5', reconnectMaxS: '60' },
      repeatPeriod: '250',
      capturePath: '/tmp/capture.bin',
      sendFilePath: '/tmp/firmware.bin',
      relay: { transport: 'udp', idleTimeout: '15', toward: 'client' },
      sequence: {
        name: 'Modbus 轮询',
        steps: [
          { kind: 'repeat', count: 3, steps: 2 },
          { kind: 'send', spec: { text: '01 03 00 00 00 0A {{crc model=crc-16/modbus}}', mode: 'hex', escapes: false, appendCrlf: false, encoding: 'gbk', checksum: null } },
          { kind: 'expect', match: { kind: 'hex-pattern', pattern: '01 03 ?? ??' }, timeoutMs: 500, samePeer: true },
          { kind: 'wait', ms: 100 },
        ],
        continueOnFailure: true,
      },
      autoReply: {
        enabled: true,
        maxRepliesPerSecond: 250,
        rules: [
          {
            id: 'r-chat',
            name: '聊天室',
            enabled: false,
            match: { kind: 'regex', source: '^name=(\\w+)', ignoreCase: true },
            action: { kind: 'reply', payload: { text: 'Hello, {{$1}}!\\r\\n', mode: 'ascii', escapes: true, appendCrlf: true, checksum: { model: 'sum8', order: 'be', output: 'ascii-hex', skipStart: 1, skipEnd: 0 } } },
            target: 'others',
            delayMs: 1500,
            then: 'continue',
          },
          { id: 'r-echo', name: 'Echo', enabled: true, match: { kind: 'hex-pattern', pattern: '01 ?? 03' }, action: { kind: 'echo' }, target: 'sender', delayMs: 0, then: 'stop' },
        ],
      },
    },
    {
      id: 'tab-b',
      title: '',
      openAtStart: false,
      protocol: 'udp',
      localAddress: '0.0.0.0',
      localPort: '0',
      remoteHost: '127.0.0.1',
      remotePort: '8080',
      clientLocalPort: '',
      udpTarget: '127.0.0.1:9',
      receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true },
      send: { mode: 'ascii', escapes: false, appendCrlf: false },
      udp: {
        broadcast: true,
        multicastGroups: [{ group: '239.1.2.3', interface: 'eth0' }, { group: 'ff15::1234' }],
        multicastTtl: '8',
        multicastLoopback: false,
        multicastInterface: 'eth0',
        recvBuffer: '4M',
      },
    },
  ],
  activeTabId: 'tab-b',
  history: [
    { text: '01 02 ff', mode: 'hex', escapes: false, appendCrlf: false },
    { text: 'AT+GMR\\r\\n 你好', mode: 'ascii', escapes: true, appendCrlf: true },
  ],
  language: 'en',
  theme: 'dark',
};

/** SAMPLE_SETTINGS with the first tab's local port changed: the smallest edit a test can tell apart. */
export function sampleWithLocalPort(localPort: string): AppSettings {
  const [first, ...rest] = SAMPLE_SETTINGS.tabs;
  return { ...SAMPLE_SETTINGS, tabs: [{ ...first!, localPort }, ...rest] };
}

/** A version-1 file (SocketDesk 0.1) with every field set, for the migration. */
export const SAMPLE_SETTINGS_V1: AppSettingsV1 = {
  version: 1,
  protocol: 'tcp-client',
  localAddress: '::1',
  localPort: '9100',
  remoteHost: 'example.test',
  remotePort: '7',
  clientLocalPort: '40000',
  udpTarget: '192.0.2.1:5000',
  receive: { mode: 'hex', logMode: false, wrap: true, autoScroll: false, logCapacity: 1_000_000 },
  send: { mode: 'hex', escapes: true, appendCrlf: true },
  history: [
    { text: '01 02 ff', mode: 'hex' },
    { text: 'AT+GMR\\r\\n 你好', mode: 'ascii' },
  ],
  repeatPeriod: '5',
  capturePath: 'C:\\captures\\a.bin',
  sendFilePath: '/srv/file.bin',
  language: 'zh-CN',
};
