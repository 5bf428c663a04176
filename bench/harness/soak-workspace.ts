import type { AppSettings, TabSettings } from '@shared';
import { freeTcpPort, freeUdpPort } from './desk-actions';
import { NEWLINE_FRAMING, tabSettings, workspaceOf } from './workspace-seed';

/**
 * B10's workspace: four tabs, all "open at start", each fed 20 000 messages/s of 64 B by the load generator:
 * - two plain UDP tabs;
 * - a UDP tab with 自动应答 on: one rule matches every datagram (it starts with the tab's fill byte) and replies
 *   "ACK n" to the sender, loop guard above the rate, so every message is answered. The sender is the load
 *   generator's connected socket, which counts replies and answers nothing: no loop;
 * - a TCP server tab with framing "delimiter \n": the contract refuses framing on UDP (a datagram is a message
 *   already; reason `not-tcp`), so the framed tab is TCP, fed one connection of 64 B lines at the same rate.
 * The UDP tabs ask for a 4 MiB receive buffer (接收缓冲区, the option a user turns to for a flood): with the default
 * (~208 KiB, a few hundred small datagrams, ~15 ms at 20 000/s) a busy shared machine drops most of the load in the
 * kernel before the app sees it, and the soak would not be soaking at the rate it says.
 */

export const SOAK_SIZE = 64;
export const SOAK_RATE = 20_000;
const RECV_BUFFER = '4M';

export type SoakTabKind = 'udp' | 'udp-rules' | 'tcp-framed';

export interface SoakTab {
  readonly id: string;
  readonly kind: SoakTabKind;
  readonly port: number;
  /** The byte the tab's messages are made of ('A', 'B', …). */
  readonly fill: number;
}

/** The four tabs, on ports free right now. */
export async function soakTabs(): Promise<SoakTab[]> {
  return [
    { id: 'soak-udp-a', kind: 'udp', port: await freeUdpPort(), fill: 0x41 },
    { id: 'soak-udp-b', kind: 'udp', port: await freeUdpPort(), fill: 0x42 },
    { id: 'soak-rules', kind: 'udp-rules', port: await freeUdpPort(), fill: 0x43 },
    { id: 'soak-framed', kind: 'tcp-framed', port: await freeTcpPort(), fill: 0x44 },
  ];
}

/** The tab as its workspace file entry: open at start on its port, with its rules or its framing. */
function settingsOf(tab: SoakTab): TabSettings {
  const common = { id: tab.id, title: tab.id, openAtStart: true, localPort: String(tab.port) };
  if (tab.kind === 'tcp-framed') return tabSettings({ ...common, protocol: 'tcp-server', framing: NEWLINE_FRAMING });
  const udp = { ...common, protocol: 'udp' as const, udp: { recvBuffer: RECV_BUFFER } };
  if (tab.kind === 'udp') return tabSettings(udp);
  return tabSettings({
    ...udp,
    autoReply: {
      enabled: true,
      maxRepliesPerSecond: 1_000_000,
      rules: [
        {
          id: 'ack',
          name: 'ACK',
          enabled: true,
          match: { kind: 'starts-with', pattern: String.fromCharCode(tab.fill), mode: 'text' },
          action: { kind: 'reply', payload: { text: 'ACK {{counter}}', mode: 'ascii', escapes: false, appendCrlf: false, checksum: null } },
          target: 'sender',
          delayMs: 0,
          then: 'stop',
        },
      ],
    },
  });
}

/** The workspace of these tabs, the first in front. */
export function soakWorkspace(tabs: readonly SoakTab[]): AppSettings {
  return workspaceOf(tabs.map(settingsOf), tabs[0]!.id);
}
