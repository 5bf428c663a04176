import type { AppSettings, TabSettings } from '@shared';
import { SAMPLE_SETTINGS } from '../../electron/test-support/sample-settings';
import type { StartupExpectation } from './startup-probe';
import { NEWLINE_FRAMING, tabSettings, workspaceOf } from './workspace-seed';

/**
 * B11's workspace: 8 tabs of every kind, with the features a real workspace carries (framing, auto-reply rules, a
 * test sequence, TCP options, UDP addressing, a relay, round-trip times), a send history and quick commands. Three
 * tabs open their socket at start, on ports the OS picks (so loads never collide with anyone's ports); the others
 * point at closed loopback ports and stay closed. The last tab is in front: it is the one whose panel must show.
 */

const sample = SAMPLE_SETTINGS.tabs[0]!;

/** The sample's rules, aimed at the sender: a UDP session has no other clients to answer ('others' fails its open). */
const udpRules: TabSettings['autoReply'] = sample.autoReply && {
  ...sample.autoReply,
  rules: sample.autoReply.rules.map((rule) => ({ ...rule, enabled: true, target: 'sender' as const })),
};

export const STARTUP_ACTIVE_TAB = 'st-active';
const ACTIVE_REMOTE_PORT = '7070';

export function startupWorkspace(): AppSettings {
  const tabs = [
    tabSettings({ id: 'st-sensor', title: 'Sensor UDP', protocol: 'udp', openAtStart: true, receive: { mode: 'hex', logMode: true, wrap: false, autoScroll: true } }),
    tabSettings({ id: 'st-server', title: 'PLC server', protocol: 'tcp-server', openAtStart: true, framing: NEWLINE_FRAMING, maxClients: '100' }),
    tabSettings({ id: 'st-modbus', title: 'Modbus', protocol: 'tcp-client', remotePort: '1502', sequence: sample.sequence, send: { mode: 'hex', escapes: false, appendCrlf: false } }),
    tabSettings({ id: 'st-rules', title: 'Auto-reply', protocol: 'udp', openAtStart: true, udpTarget: '127.0.0.1:9', autoReply: udpRules }),
    tabSettings({ id: 'st-relay', title: 'Relay', protocol: 'relay', remotePort: '8080', relay: { transport: 'tcp', idleTimeout: '30', toward: 'server' } }),
    tabSettings({
      id: 'st-reconnect',
      title: 'Reconnecting client',
      protocol: 'tcp-client',
      remotePort: '1503',
      tcp: { keepAlive: true, noDelay: true, reconnect: true, reconnectFirstS: '1', reconnectMaxS: '30' },
    }),
    tabSettings({ id: 'st-multicast', title: 'Multicast', protocol: 'udp', udp: { broadcast: true, multicastTtl: '4', multicastLoopback: true, recvBuffer: '1M' } }),
    tabSettings({
      id: STARTUP_ACTIVE_TAB,
      title: 'Device console',
      protocol: 'tcp-client',
      remotePort: ACTIVE_REMOTE_PORT,
      receive: { mode: 'dump', logMode: true, wrap: true, autoScroll: true, roundTrip: true, deltaTime: true },
      send: { mode: 'ascii', escapes: true, appendCrlf: true },
    }),
  ];
  const history = Array.from({ length: 20 }, (_, i) => ({ text: `AT+CMD${i}\\r\\n`, mode: 'ascii' as const, escapes: true, appendCrlf: false }));
  const quickCommands = Array.from({ length: 12 }, (_, i) => ({
    id: `q${i}`,
    name: `Command ${i}`,
    group: i < 6 ? 'Setup' : 'Poll',
    spec: { text: `01 03 00 ${i.toString(16).padStart(2, '0')} 00 01`, mode: 'hex' as const, escapes: false, appendCrlf: false, encoding: 'utf-8' as const, checksum: null },
  }));
  return workspaceOf(tabs, STARTUP_ACTIVE_TAB, { history, quickCommands });
}

/** What the startup probe waits for with this workspace. */
export const STARTUP_EXPECTATION: StartupExpectation = {
  tabs: 8,
  activeTabId: STARTUP_ACTIVE_TAB,
  field: { testId: 'remote-port', value: ACTIVE_REMOTE_PORT },
  openTabs: 3,
};
