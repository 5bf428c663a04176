import { rowTextLines, type RowLook } from '../row-text';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportRow } from './export-rows';

/** The log as the pane shows it (header lines, ASCII / HEX / dump as chosen), one line per shown line, LF-ended. */
export function* encodeText(rows: Iterable<ExportRow>, look: RowLook): Generator<Uint8Array<ArrayBuffer>> {
  const out = new ChunkBuffer();
  for (const row of rows) {
    out.writeText(rowTextLines(row.entry, row.previousTs, look).join('\n') + '\n');
    if (out.hasFull) yield* out.take();
  }
  yield* out.end();
}
