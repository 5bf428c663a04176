import { SETTINGS_LIMITS } from '@shared/contract/settings';
import type { HistoryItem } from '../store/tab-state';

/** Recent sends kept in 历史发送 (the settings file keeps at most SETTINGS_LIMITS.historyItems). */
const HISTORY_LIMIT = SETTINGS_LIMITS.historyItems;

const sameSend = (a: HistoryItem, b: HistoryItem): boolean => a.text === b.text && a.mode === b.mode && a.escapes === b.escapes && a.appendCrlf === b.appendCrlf;

/** Whether a send fits in the history (and so in the workspace file); a longer one is sent but not remembered. */
export function isRememberable(item: HistoryItem): boolean {
  return item.text.length <= SETTINGS_LIMITS.historyItemChars;
}

/** 历史发送 after `item` was sent: it moves to the top, once; one too long to keep leaves the list as it was. */
export function withRemembered(history: readonly HistoryItem[], item: HistoryItem): readonly HistoryItem[] {
  if (!isRememberable(item)) return history;
  return [item, ...history.filter((h) => !sameSend(h, item))].slice(0, HISTORY_LIMIT);
}
