import type { z } from 'zod';
import type { appSettingsSchema, appSettingsV1Schema, tabSettingsSchema } from './schemas';

/**
 * The workspace file (DESIGN §4b, §5: kept by the host in the user's data directory): the tabs with their
 * settings, the active tab, the language and the send history. The shape is fixed by `appSettingsSchema`
 * (shared/contract/schemas.ts); only hosts import the schema, the page uses the type. A version-1 file (one
 * window, one session) is migrated on load (settings-migration.ts), never dropped.
 */
export type AppSettings = z.infer<typeof appSettingsSchema>;
/** One session tab as the workspace file keeps it. */
export type TabSettings = z.infer<typeof tabSettingsSchema>;
/** The settings file of SocketDesk 0.1 (one session per window). Read only to migrate it. */
export type AppSettingsV1 = z.infer<typeof appSettingsV1Schema>;

export const SETTINGS_VERSION = 2;

export const SETTINGS_LIMITS = {
  /** Characters of one form field as typed (addresses, ports, "ip:port"): far above any valid value. */
  fieldChars: 512,
  /** Entries of 历史发送 (send history). */
  historyItems: 20,
  /** Characters of one history entry; longer sends are sent but not remembered, to keep the file small. */
  historyItemChars: 64 * 1024,
  /** Frames the renderer's log keeps (its ring buffer; DESIGN §3). */
  logCapacity: { min: 1_000, max: 1_000_000 },
  /** Tabs of one workspace: far more than a screen shows, few enough that a hand-edited file cannot explode. */
  tabs: 256,
  /** Characters of a tab's name. */
  tabTitleChars: 64,
} as const;
