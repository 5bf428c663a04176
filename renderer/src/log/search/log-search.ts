import type { LogStore } from '../log-store';

/** How the search box reads what is typed. */
export type SearchMode = 'text' | 'hex' | 'regex';
export const SEARCH_MODES: readonly SearchMode[] = ['text', 'hex', 'regex'];

/** A compiled search over the stored bytes of frames (rx and tx; event rows and gap markers never match). */
export interface LogSearch {
  /** Calls `hit(index)`, in increasing order, for every frame at positions [from, to) of the log that matches. */
  scan(log: LogStore, from: number, to: number, hit: (index: number) => void): void;
}

/** The search box of a tab, as the store keeps it. */
export interface LogSearchState {
  readonly mode: SearchMode;
  readonly text: string;
  /** Text: ASCII letters match either case. Regex: the `i` flag. */
  readonly caseInsensitive: boolean;
  /** Show only the matching rows (and gap markers) instead of highlighting them among the others. */
  readonly onlyMatches: boolean;
}

export const EMPTY_LOG_SEARCH: LogSearchState = { mode: 'text', text: '', caseInsensitive: false, onlyMatches: false };
