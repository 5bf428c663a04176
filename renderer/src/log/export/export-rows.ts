import type { LogEntry } from '../log-entry';
import type { LogView } from '../log-view';

/** One row handed to an encoder, with the time of the row before it (for Δt). */
export interface ExportRow {
  readonly entry: LogEntry;
  readonly previousTs: number | undefined;
}

/** How far an export has got, for the UI to show; `done` moves as the encoder pulls rows. */
export interface ExportProgress {
  done: number;
  readonly total: number;
}

/**
 * The rows of a view, oldest first, as the view holds them when the export starts (rows that arrive meanwhile are
 * not added; rows that leave the ring meanwhile are skipped). Entries are built one at a time as the encoder asks.
 */
export function* viewRows(view: LogView, progress?: ExportProgress): Generator<ExportRow> {
  const firstLogId = view.logIdAt(0);
  const lastLogId = view.logIdAt(view.size - 1);
  if (firstLogId < 0) return;
  let previousTs: number | undefined;
  // Walk by log id, not position: positions shift when old rows leave while the export yields to the page.
  for (let index = view.indexAtOrAfter(firstLogId); index < view.size; index++) {
    const logId = view.logIdAt(index);
    if (logId < 0 || logId > lastLogId) break;
    const entry = view.at(index);
    if (!entry) break;
    if (progress) progress.done++;
    yield { entry, previousTs };
    if (entry.kind !== 'gap') previousTs = entry.ts;
    // The encoder may have yielded to the page meanwhile: go on from the first row after this one, wherever it is now.
    index = view.indexAtOrAfter(logId + 1) - 1;
  }
}
