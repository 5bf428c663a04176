import { formatEndpoint } from '@shared/contract/endpoint';
import { formatHex } from '@shared/codecs/hex';
import type { LogEntry } from '../log-entry';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportRow } from './export-rows';

/** One row as a JSON Lines object; keys in a fixed order so files diff well. */
function jsonRow(entry: LogEntry): unknown {
  if (entry.kind === 'gap') return { gap: { cause: entry.cause, frames: entry.frames, bytes: entry.bytes } };
  const head = { seq: entry.seq, ts: entry.ts, dir: entry.kind === 'event' ? 'event' : entry.dir, peer: formatEndpoint(entry.peer) };
  // An event this build cannot read is kept as null rather than dropped: the row was there.
  if (entry.kind === 'event') return { ...head, event: entry.event ?? null };
  const kept = entry.bytes.length < entry.length ? { kept: entry.bytes.length } : {};
  const mark = entry.mark === undefined ? {} : { mark: entry.mark };
  return { ...head, length: entry.length, ...kept, hex: formatHex(entry.bytes, ''), ...mark };
}

/**
 * JSON Lines: one object per row. Frames: seq, ts (ms since epoch), dir, peer, length (as received), hex (the
 * stored bytes, no spaces), `kept` when the log kept only the start of the frame, and `mark` when something other than
 * the user or the socket produced it (`rule:Echo`). Events: seq, ts, dir "event",
 * peer, event (type, reason, count, limit). Gaps: {"gap": {cause, frames, bytes}}.
 */
export function* encodeJsonLines(rows: Iterable<ExportRow>): Generator<Uint8Array<ArrayBuffer>> {
  const out = new ChunkBuffer();
  for (const row of rows) {
    out.writeText(JSON.stringify(jsonRow(row.entry)) + '\n');
    if (out.hasFull) yield* out.take();
  }
  yield* out.end();
}
