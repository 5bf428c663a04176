import { SESSION_TASK_LIMITS } from '@shared/contract/session-tasks';
import type { Protocol, SessionConfig } from '@shared/contract/session';
import { SETTINGS_LIMITS, type TabSettings } from '@shared/contract/settings';
import { isEncoding } from '@shared/codecs/encoding-list';
import { resolveChecksumId } from '@shared/codecs/checksum';
import { DEFAULT_LOG_CAPACITY } from '../log/log-store';
import { NO_CHECKSUM } from '../send/checksum-choices';
import { DEFAULT_REPEAT_PERIOD } from '../store/repeat-slice';
import { FRAMING_FORM_KEYS } from '../store/framing-form';
import type { TabState } from '../store/tab-state';
import { framingFormOf, framingFormOfConfig, framingSettingsOf } from './framing-settings';
import { UDP_ADDRESSING_FORM_KEYS, udpFormOfConfig } from '../store/udp-addressing-form';
import { udpFormOf, udpSettingsOf } from './udp-settings';
import { sequenceOf, sequenceSettingsOf } from '../sequence/sequence-settings';
import { TCP_OPTIONS_FORM_KEYS, tcpOptionsFormOfConfig } from '../store/tcp-options-form';
import { tcpOptionsFormOf, tcpSettingsOf } from './tcp-options-settings';
import { AUTO_REPLY_KEYS, autoReplyFormOf, autoReplySettingsOf } from '../auto-reply/auto-reply-settings';

/** The parts of a tab's state that the workspace file keeps; a change to any of them schedules a save. */
export const PERSISTED_TAB_KEYS = [
  'protocol',
  'localAddress',
  'localPort',
  'remoteHost',
  'remotePort',
  'clientLocalPort',
  'maxClients',
  'udpTarget',
  'recvMode',
  'logMode',
  'recvDelta',
  'wrap',
  'autoScroll',
  'logCapacity',
  'recvEncoding',
  'sendMode',
  'escapes',
  'appendCrlf',
  'sendEncoding',
  'checksumModel',
  'checksumOrder',
  'checksumOutput',
  'checksumSkipStart',
  'checksumSkipEnd',
  'clearAfterSend',
  'repeatPeriod',
  'capturePath',
  'sendFilePath',
  ...FRAMING_FORM_KEYS,
  ...UDP_ADDRESSING_FORM_KEYS,
  'relayTransport',
  'relayIdleTimeout',
  'relayToward',
  'sequence',
  // Issue 10: TCP options and 显示往返时间.
  ...TCP_OPTIONS_FORM_KEYS,
  'recvRtt',
  ...AUTO_REPLY_KEYS,
] as const satisfies ReadonlyArray<keyof TabState>;

export type PersistedTabState = Pick<TabState, (typeof PERSISTED_TAB_KEYS)[number]>;

/** Whether two tab states keep the same settings (one comparison per key: cheap enough for every store update). */
export function samePersistedTab(a: TabState, b: TabState): boolean {
  return PERSISTED_TAB_KEYS.every((key) => a[key] === b[key]);
}

const clip = (text: string): string => text.slice(0, SETTINGS_LIMITS.fieldChars);
const clipPath = (text: string): string => text.slice(0, SESSION_TASK_LIMITS.maxPathChars);

/** What the tab bar and the file know of a tab besides its store. */
export interface TabIdentity {
  readonly id: string;
  readonly title: string;
  readonly openAtStart: boolean;
}

/** A tab as the workspace file keeps it: fields as typed, clipped to the schema's caps. */
export function tabSettingsFromState(identity: TabIdentity, state: TabState): TabSettings {
  return {
    id: identity.id,
    title: identity.title.slice(0, SETTINGS_LIMITS.tabTitleChars),
    openAtStart: identity.openAtStart,
    protocol: state.protocol,
    localAddress: clip(state.localAddress),
    localPort: clip(state.localPort),
    remoteHost: clip(state.remoteHost),
    remotePort: clip(state.remotePort),
    clientLocalPort: clip(state.clientLocalPort),
    maxClients: clip(state.maxClients),
    udpTarget: clip(state.udpTarget),
    receive: {
      mode: state.recvMode,
      logMode: state.logMode,
      wrap: state.wrap,
      autoScroll: state.autoScroll,
      logCapacity: state.logCapacity,
      encoding: state.recvEncoding,
      // Written only when on: files of tabs that never used it stay as they were.
      ...(state.recvDelta ? { deltaTime: true } : {}),
      ...(state.recvRtt ? { roundTrip: true } : {}),
    },
    send: {
      mode: state.sendMode,
      escapes: state.escapes,
      appendCrlf: state.appendCrlf,
      encoding: state.sendEncoding,
      checksum: {
        model: state.checksumModel,
        order: state.checksumOrder,
        output: state.checksumOutput,
        skipStart: state.checksumSkipStart,
        skipEnd: state.checksumSkipEnd,
      },
      // Written only when on, like Δt: files of tabs that never used it stay as they were.
      ...(state.clearAfterSend ? { clearAfterSend: true } : {}),
    },
    repeatPeriod: clip(state.repeatPeriod),
    capturePath: clipPath(state.capturePath),
    sendFilePath: clipPath(state.sendFilePath),
    ...framingSettingsOf(state),
    ...udpSettingsOf(state),
    ...relaySettingsOf(state),
    ...sequenceSettingsOf(state.sequence),
    ...tcpSettingsOf(state),
    ...autoReplySettingsOf(state),
  };
}

/** The tab store fields a saved tab sets. */
export function stateFromTabSettings(tab: TabSettings): PersistedTabState {
  return {
    protocol: tab.protocol,
    localAddress: tab.localAddress,
    localPort: tab.localPort,
    remoteHost: tab.remoteHost,
    remotePort: tab.remotePort,
    clientLocalPort: tab.clientLocalPort,
    maxClients: tab.maxClients ?? '',
    udpTarget: tab.udpTarget,
    recvMode: tab.receive.mode,
    logMode: tab.receive.logMode,
    recvDelta: tab.receive.deltaTime ?? false,
    wrap: tab.receive.wrap,
    autoScroll: tab.receive.autoScroll,
    logCapacity: tab.receive.logCapacity ?? DEFAULT_LOG_CAPACITY,
    recvEncoding: tab.receive.encoding ?? 'utf-8',
    sendMode: tab.send.mode,
    escapes: tab.send.escapes,
    appendCrlf: tab.send.appendCrlf,
    ...sendOptionsFromSettings(tab.send),
    // Absent in files written before these fields existed: the defaults.
    clearAfterSend: tab.send.clearAfterSend ?? false,
    repeatPeriod: tab.repeatPeriod ?? DEFAULT_REPEAT_PERIOD,
    capturePath: tab.capturePath ?? '',
    sendFilePath: tab.sendFilePath ?? '',
    ...framingFormOf(tab.framing),
    ...udpFormOf(tab.udp),
    // Absent in files written before relays: a TCP relay, 60 s, injecting toward the server.
    relayTransport: tab.relay?.transport ?? 'tcp',
    relayIdleTimeout: tab.relay?.idleTimeout ?? '',
    relayToward: tab.relay?.toward ?? 'server',
    sequence: sequenceOf(tab.sequence),
    ...tcpOptionsFormOf(tab.tcp),
    recvRtt: tab.receive.roundTrip ?? false,
    ...autoReplyFormOf(tab.autoReply),
  };
}

/**
 * A relay's own fields, written once the tab is or was a relay (or they left their defaults): files of tabs that
 * never relayed stay as they were.
 */
function relaySettingsOf(state: TabState): Pick<TabSettings, 'relay'> {
  const isDefault = state.relayTransport === 'tcp' && state.relayIdleTimeout === '' && state.relayToward === 'server';
  if (state.protocol !== 'relay' && isDefault) return {};
  return { relay: { transport: state.relayTransport, idleTimeout: clip(state.relayIdleTimeout), toward: state.relayToward } };
}

/** The encoding and checksum of a saved tab: absent in files written before them (UTF-8, none). */
function sendOptionsFromSettings(send: TabSettings['send']): Pick<
  PersistedTabState,
  'sendEncoding' | 'checksumModel' | 'checksumOrder' | 'checksumOutput' | 'checksumSkipStart' | 'checksumSkipEnd'
> {
  const checksum = send.checksum;
  return {
    sendEncoding: send.encoding !== undefined && isEncoding(send.encoding) ? send.encoding : 'utf-8',
    // A model this version does not know (a hand-edited file) is off rather than an error at every send.
    checksumModel: checksum && checksum.model !== NO_CHECKSUM ? (resolveChecksumId(checksum.model) ?? NO_CHECKSUM) : NO_CHECKSUM,
    checksumOrder: checksum?.order ?? 'le',
    checksumOutput: checksum?.output ?? 'raw',
    checksumSkipStart: checksum?.skipStart ?? 0,
    checksumSkipEnd: checksum?.skipEnd ?? 0,
  };
}

/** The form of a tab made for a session this page did not know (opened by an earlier page of the workspace). */
export function formFromConfig(config: SessionConfig): Partial<PersistedTabState> & { readonly protocol: Protocol } {
  if (config.kind === 'tcp-client') {
    return {
      protocol: config.kind,
      remoteHost: config.remoteHost,
      remotePort: String(config.remotePort),
      clientLocalPort: config.localPort ? String(config.localPort) : '',
      ...framingFormOfConfig(config.framing),
      ...tcpOptionsFormOfConfig(config),
    };
  }
  const form = { protocol: config.kind, localAddress: config.localAddress, localPort: String(config.localPort) };
  if (config.kind === 'udp') return { ...form, ...udpFormOfConfig(config) };
  if (config.kind === 'relay') {
    return {
      ...form,
      remoteHost: config.remoteHost,
      remotePort: String(config.remotePort),
      relayTransport: config.transport,
      relayIdleTimeout: config.udpIdleTimeoutMs !== undefined ? String(Math.round(config.udpIdleTimeoutMs / 1000)) : '',
      ...(config.maxClients !== undefined ? { maxClients: String(config.maxClients) } : {}),
    };
  }
  const framed = { ...form, ...framingFormOfConfig(config.framing), ...tcpOptionsFormOfConfig(config) };
  return config.maxClients !== undefined ? { ...framed, maxClients: String(config.maxClients) } : framed;
}
