import { SETTINGS_VERSION } from './constants';
import type { AppSettings, AppSettingsV1, TabSettings } from './settings';

/** The id the migrated tab gets: a version-1 file had exactly one session, so one fixed name is enough. */
export const MIGRATED_TAB_ID = 'tab-1';

/**
 * A version-1 settings file (one window = one session) as a version-2 workspace: its form and options become the
 * one tab, its history and language the workspace's. Every field is carried over; nothing the user set is lost.
 * The socket is not reopened at start (version 1 never did).
 */
export function migrateSettingsV1(v1: AppSettingsV1): AppSettings {
  const tab: TabSettings = {
    id: MIGRATED_TAB_ID,
    title: '',
    openAtStart: false,
    protocol: v1.protocol,
    localAddress: v1.localAddress,
    localPort: v1.localPort,
    remoteHost: v1.remoteHost,
    remotePort: v1.remotePort,
    clientLocalPort: v1.clientLocalPort,
    udpTarget: v1.udpTarget,
    receive: { ...v1.receive },
    send: { ...v1.send },
    ...(v1.repeatPeriod === undefined ? {} : { repeatPeriod: v1.repeatPeriod }),
    ...(v1.capturePath === undefined ? {} : { capturePath: v1.capturePath }),
    ...(v1.sendFilePath === undefined ? {} : { sendFilePath: v1.sendFilePath }),
  };
  return {
    version: SETTINGS_VERSION,
    tabs: [tab],
    activeTabId: MIGRATED_TAB_ID,
    // Version 1 kept no send options with an entry: it was sent as typed, without escapes or CR LF.
    history: v1.history.map((item) => ({ ...item, escapes: false, appendCrlf: false })),
    language: v1.language,
  };
}
