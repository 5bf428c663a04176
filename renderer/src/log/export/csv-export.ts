import { formatEndpoint } from '@shared/contract/endpoint';
import { formatHex } from '@shared/codecs/hex';
import { decodeUtf8 } from '@shared/codecs/text';
import type { Lang } from '../../i18n/i18n';
import { formatEvent, formatGap } from '../format-row';
import type { LogEntry } from '../log-entry';
import { ChunkBuffer } from './chunk-buffer';
import type { ExportRow } from './export-rows';

export const CSV_HEADER = 'time,direction,peer,length,hex,text,mark';

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break (quotes doubled). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The text column comes from the network: a cell that starts with = + - @ (or a tab / CR) would run as a formula
 * when the file is opened in a spreadsheet, so such a cell gets a leading apostrophe. The hex column keeps the
 * exact bytes either way.
 */
export function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function csvLine(entry: LogEntry, lang: Lang): string {
  if (entry.kind === 'gap') return ['', 'gap', '', String(entry.bytes), '', csvText(formatGap(entry, lang)), ''].join(',');
  const time = new Date(entry.ts).toISOString();
  const peer = csvField(formatEndpoint(entry.peer));
  if (entry.kind === 'event') return [time, 'event', peer, '', '', csvText(formatEvent(entry, lang)), ''].join(',');
  const mark = entry.mark === undefined ? '' : csvText(entry.mark);
  return [time, entry.dir, peer, String(entry.length), formatHex(entry.bytes), csvText(decodeUtf8(entry.bytes)), mark].join(',');
}

/**
 * CSV (RFC 4180, CRLF, UTF-8 with a BOM so spreadsheets read Chinese text right): time (ISO 8601, UTC), direction
 * (rx / tx / event / gap), peer, length (bytes as received; a gap: bytes not displayed), hex (the stored bytes:
 * at most 64 KiB of a frame), text (the stored bytes as UTF-8; an event's or gap's sentence), mark (what produced the
 * frame, e.g. `rule:Echo`, `relay:client-to-server`; empty for the user's and the socket's own rows).
 */
export function* encodeCsv(rows: Iterable<ExportRow>, lang: Lang): Generator<Uint8Array<ArrayBuffer>> {
  const out = new ChunkBuffer();
  out.writeText(`\uFEFF${CSV_HEADER}\r\n`);
  for (const row of rows) {
    out.writeText(csvLine(row.entry, lang) + '\r\n');
    if (out.hasFull) yield* out.take();
  }
  yield* out.end();
}
