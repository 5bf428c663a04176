import { DEFAULT_SEND_ENCODING, type SendChecksum } from '@shared/contract/send-spec';
import { SETTINGS_LIMITS, type AppSettings } from '@shared/contract/settings';
import type { HistoryItem } from '../store/tab-state';

/** Recent sends kept in 历史发送 (the settings file keeps at most SETTINGS_LIMITS.historyItems). */
const HISTORY_LIMIT = SETTINGS_LIMITS.historyItems;

const sameChecksum = (a: SendChecksum | null, b: SendChecksum | null): boolean =>
  a === b || (a !== null && b !== null && a.model === b.model && a.order === b.order && a.output === b.output && a.skipStart === b.skipStart && a.skipEnd === b.skipEnd);

/** Same spec, so the same bytes: one entry. The same text with another encoding or checksum is another send. */
const sameSend = (a: HistoryItem, b: HistoryItem): boolean =>
  a.text === b.text && a.mode === b.mode && a.escapes === b.escapes && a.appendCrlf === b.appendCrlf && a.encoding === b.encoding && sameChecksum(a.checksum, b.checksum);

/** Entries of the workspace file as history items: files written before encodings and checksums mean UTF-8 and none. */
export function historyFromSettings(history: AppSettings['history']): HistoryItem[] {
  return history.map((item) => ({ ...item, encoding: item.encoding ?? DEFAULT_SEND_ENCODING, checksum: item.checksum ?? null }));
}

/** The history as the workspace file keeps it: entries that fit, each with its whole spec. */
export function historyToSettings(history: readonly HistoryItem[]): AppSettings['history'] {
  return history
    .filter(isRememberable)
    .slice(0, HISTORY_LIMIT)
    .map(({ text, mode, escapes, appendCrlf, encoding, checksum }) => ({ text, mode, escapes, appendCrlf, encoding, checksum: checksum ? { ...checksum } : null }));
}

/** Whether a send fits in the history (and so in the workspace file); a longer one is sent but not remembered. */
export function isRememberable(item: HistoryItem): boolean {
  return item.text.length <= SETTINGS_LIMITS.historyItemChars;
}

/** 历史发送 after `item` was sent: it moves to the top, once; one too long to keep leaves the list as it was. */
export function withRemembered(history: readonly HistoryItem[], item: HistoryItem): readonly HistoryItem[] {
  if (!isRememberable(item)) return history;
  return [item, ...history.filter((h) => !sameSend(h, item))].slice(0, HISTORY_LIMIT);
}
