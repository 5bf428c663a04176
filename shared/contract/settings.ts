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

export { SETTINGS_LIMITS, SETTINGS_VERSION } from './constants';
