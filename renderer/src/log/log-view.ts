import type { LogEntry } from './log-entry';

/**
 * What the log pane reads: the whole log (LogStore) or a filtered view of it. Entries are read by position;
 * ids are consecutive by position and keep increasing as old entries leave, so the view can keep its place.
 */
export interface LogView {
  readonly size: number;
  /** Id of the entry at position 0. */
  readonly firstId: number;
  at(index: number): LogEntry | undefined;
  subscribe(listener: () => void): () => void;
  getVersion(): number;
}
