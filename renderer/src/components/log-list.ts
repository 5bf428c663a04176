import type { KeyboardEvent, MouseEvent, RefObject } from 'react';
import type { LogView } from '../log/log-view';
import { previousRowTs, type RowLook } from '../log/row-text';
import type { RowMarks } from './LogRow';

/** What the toolbar, the search and the pane ask of whichever list is showing. */
export interface ListCommands {
  top(): void;
  bottom(): void;
  /** Brings row `index` into view (centred when it was out of view) and stops following the tail. */
  scrollToIndex(index: number): void;
  /** Position of the first row in view (0 when empty). */
  firstVisibleIndex(): number;
}

export interface ListProps {
  readonly log: LogView;
  readonly count: number;
  readonly version: number;
  readonly look: RowLook;
  readonly autoScroll: boolean;
  readonly commands: RefObject<ListCommands | null>;
  /** Selection and search marks of the row with this log id. */
  readonly marksOf: (logId: number) => RowMarks;
  /** The pane's own keys (select all, copy, Esc); true when it handled the key. */
  readonly onPaneKey: (event: KeyboardEvent<HTMLDivElement>) => boolean;
  readonly onRowClick: (index: number, extend: boolean) => void;
}

/** The row a click landed on (rows carry data-index), or -1. */
export function clickedRowIndex(event: MouseEvent<HTMLElement>): number {
  const row = event.target instanceof Element ? event.target.closest('[data-index]') : null;
  return row ? Number(row.getAttribute('data-index')) : -1;
}

/** Shift+mouse-down on a row would extend the browser's text selection; the click extends the row selection instead. */
export function keepTextSelection(event: MouseEvent<HTMLElement>): void {
  if (event.shiftKey && clickedRowIndex(event) >= 0) event.preventDefault();
}

/**
 * Time of the row before `first` when Δt is shown, so the first drawn row has one too; the rows after it take
 * the time of the row drawn before them.
 */
export function timeBefore(log: LogView, first: number, look: RowLook): number | undefined {
  return look.delta && look.logMode ? previousRowTs(log, first) : undefined;
}
