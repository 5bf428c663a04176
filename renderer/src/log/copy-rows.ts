import type { LogView } from './log-view';
import { previousRowTs, rowTextLines, type RowLook } from './row-text';

/** Most rows one copy puts on the clipboard: a million rows would be a string of a hundred MB; export is for that. */
export const MAX_COPY_ROWS = 100_000;

export interface CopiedRows {
  /** The rows as the pane shows them, one line per shown line. */
  readonly text: string;
  readonly rows: number;
  /** Rows of the view in the selected range (more than `rows` when capped). */
  readonly total: number;
}

/**
 * The rows of `view` whose log ids are within [fromLogId, toLogId] (either order), written as the pane shows them:
 * header line (log mode) and data lines, HEX / ASCII / dump as chosen. Rows that the view does not show (filtered
 * out since they were selected) are not copied.
 */
export function copySelectedRows(view: LogView, fromLogId: number, toLogId: number, look: RowLook, maxRows = MAX_COPY_ROWS): CopiedRows {
  const first = view.indexAtOrAfter(Math.min(fromLogId, toLogId));
  const end = view.indexAtOrAfter(Math.max(fromLogId, toLogId) + 1);
  const total = Math.max(0, end - first);
  const lines: string[] = [];
  let previousTs = look.delta ? previousRowTs(view, first) : undefined;
  let rows = 0;
  for (let i = first; i < end && rows < maxRows; i++, rows++) {
    const entry = view.at(i);
    if (!entry) break;
    lines.push(...rowTextLines(entry, previousTs, look));
    if (entry.kind !== 'gap') previousTs = entry.ts;
  }
  return { text: lines.join('\n'), rows, total };
}
