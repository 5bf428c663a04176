import { SETTINGS_LIMITS } from '@shared/contract/settings';
import type { HistoryItem } from '../store/tab-state';

/** Recent sends kept in 历史发送 (the settings file keeps at most SETTINGS_LIMITS.historyItems). */
const HISTORY_LIMIT = SETTINGS_LIMITS.historyItems;

/** 历史发送 after `item` was sent: it moves to the top, once. */
export function withRemembered(history: readonly HistoryItem[], item: HistoryItem): readonly HistoryItem[] {
  return [item, ...history.filter((h) => h.text !== item.text || h.mode !== item.mode)].slice(0, HISTORY_LIMIT);
}
