import type { LogEntry } from './log-entry';

/**
 * What the log pane reads: the whole log (LogStore) or a filtered view of it (FilteredLog). Entries are read by
 * position; ids are consecutive by position and keep increasing as old entries leave, so the view can keep its
 * place. A row also has its log id (the LogStore id of the same row, whatever the view): selection, search
 * matches and the current match are kept as log ids, so they survive a change of filter.
 */
export interface LogView {
  readonly size: number;
  /** Id of the entry at position 0. */
  readonly firstId: number;
  at(index: number): LogEntry | undefined;
  /** LogStore id of the row at `index`; -1 out of range. */
  logIdAt(index: number): number;
  /** Position of the first row whose log id is ≥ `logId`; `size` when there is none. */
  indexAtOrAfter(logId: number): number;
  subscribe(listener: () => void): () => void;
  getVersion(): number;
}
