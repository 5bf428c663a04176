import type { QuickCommand } from './quick-command';

/** Our export file: a tag and a version first, so a file of anything else is told apart before its entries are read. */
export const QUICK_FILE_FORMAT = 'socketdesk-quick-commands';
export const QUICK_FILE_VERSION = 1;

export function exportQuickCommands(list: readonly QuickCommand[]): string {
  return `${JSON.stringify({ format: QUICK_FILE_FORMAT, version: QUICK_FILE_VERSION, commands: list }, null, 2)}\n`;
}
