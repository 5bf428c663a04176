import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appSettingsSchema, type AppSettings, type TabSettings } from '@shared';
import { SETTINGS_FILE_NAME } from '../../electron/engine/settings-file';

/**
 * A workspace file for a browser host to restore (B10, B11): the cases write one into the host's data directory
 * before it starts, as a user's earlier session would have left it. Built from plain tab settings and checked with
 * the hosts' own schema before it is written, so a file the host would refuse (and load as defaults) fails the
 * bench loudly instead of measuring an empty workspace.
 */

/** The 分帧 controls of a tab as the workspace file keeps them, at the UI's defaults (renderer/src/store/framing-form.ts). */
const FRAMING_DEFAULTS: NonNullable<TabSettings['framing']> = {
  kind: 'none',
  delimiter: '\\r\\n',
  delimiterMode: 'text',
  keep: 'strip',
  fixedSize: '8',
  maxSize: '',
  lengthOffset: '0',
  lengthWidth: 2,
  lengthOrder: 'be',
  lengthAdjust: '0',
  lengthIncludesHeader: false,
  idleGapMs: '50',
};

/** Framing "delimiter \n, stripped" as a user sets it (HEX 0A). */
export const NEWLINE_FRAMING: NonNullable<TabSettings['framing']> = { ...FRAMING_DEFAULTS, kind: 'delimiter', delimiter: '0A', delimiterMode: 'hex' };

/** A tab at the UI's defaults but for what `fields` sets: protocol, addresses, and any optional feature. */
export function tabSettings(fields: Partial<TabSettings> & Pick<TabSettings, 'id' | 'protocol'>): TabSettings {
  return {
    title: '',
    openAtStart: false,
    localAddress: '127.0.0.1',
    localPort: '0',
    remoteHost: '127.0.0.1',
    remotePort: '',
    clientLocalPort: '',
    udpTarget: '',
    receive: { mode: 'ascii', logMode: true, wrap: false, autoScroll: true },
    send: { mode: 'ascii', escapes: false, appendCrlf: false },
    ...fields,
  };
}

/** The workspace: these tabs, `activeTabId` in front, English, an empty send history. */
export function workspaceOf(tabs: TabSettings[], activeTabId: string, extra: Partial<AppSettings> = {}): AppSettings {
  return { version: 2, tabs, activeTabId, history: [], language: 'en', theme: 'light', ...extra };
}

/** Writes `settings` as the workspace file of a host data directory, after checking it with the hosts' schema. */
export async function seedWorkspace(dataDir: string, settings: AppSettings): Promise<void> {
  const checked = appSettingsSchema.safeParse(settings);
  if (!checked.success) throw new Error(`the seeded workspace does not pass appSettingsSchema: ${checked.error.message}`);
  await writeFile(path.join(dataDir, SETTINGS_FILE_NAME), `${JSON.stringify(settings, null, 2)}\n`);
}
