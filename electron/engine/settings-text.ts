import { appSettingsSchema, appSettingsV1Schema, migrateSettingsV1, type AppSettings } from '@shared';
import { safeParseUntrusted } from '@shared/contract/safe-parse';

/** A UTF-8 byte order mark, as some Windows editors put before the text; JSON.parse rejects it. */
const BOM = '\uFEFF';

/** What a settings file's text holds: the workspace, or null (defaults) and why. */
export type SettingsText =
  | { readonly settings: AppSettings }
  | { readonly settings: null; readonly problem: 'not-json' | 'not-ours' };

/**
 * The workspace in a settings file's text (settings.json, hand-edited or not): version 2 as it is, version 1
 * migrated into a one-tab workspace, anything else null. Never throws, whatever the text.
 */
export function settingsFromText(text: string): SettingsText {
  let json: unknown;
  try {
    json = JSON.parse(text.startsWith(BOM) ? text.slice(BOM.length) : text);
  } catch {
    return { settings: null, problem: 'not-json' };
  }
  const parsed = safeParseUntrusted(appSettingsSchema, json);
  if (parsed.success) return { settings: parsed.data };
  // SocketDesk 0.1's file: carried over into a one-tab workspace; the file itself changes at the next save.
  const v1 = safeParseUntrusted(appSettingsV1Schema, json);
  if (v1.success) return { settings: migrateSettingsV1(v1.data) };
  // Another version's file, or a hand edit gone wrong: defaults now, and the next save replaces it.
  return { settings: null, problem: 'not-ours' };
}
