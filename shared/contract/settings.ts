import type { z } from 'zod';
import type { appSettingsSchema } from './schemas';

/**
 * What the app remembers between runs (DESIGN §5: kept by the host in the user's data directory). The shape is
 * fixed by `appSettingsSchema` (shared/contract/schemas.ts); only hosts import the schema, the page uses the type.
 * A file of another version, or one that does not parse, loads as "no settings" (the defaults).
 */
export type AppSettings = z.infer<typeof appSettingsSchema>;

/** Bump when the shape changes incompatibly; files of other versions are ignored, not migrated. */
export const SETTINGS_VERSION = 1;

export const SETTINGS_LIMITS = {
  /** Characters of one form field as typed (addresses, ports, "ip:port"): far above any valid value. */
  fieldChars: 512,
  /** Entries of 历史发送 (send history). */
  historyItems: 20,
  /** Characters of one history entry; longer sends are sent but not remembered, to keep the file small. */
  historyItemChars: 64 * 1024,
  /** Frames the renderer's log keeps (its ring buffer; DESIGN §3). */
  logCapacity: { min: 1_000, max: 1_000_000 },
} as const;
