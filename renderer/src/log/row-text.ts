import type { TextEncoding } from '@shared/codecs/encoding-list';
import { translate, type Lang } from '../i18n/i18n';
import { formatEvent, formatGap, formatHeader, formatPayload, type DisplayMode } from './format-row';
import { formatDump } from './hex-dump';
import type { LogEntry } from './log-entry';
import type { LogView } from './log-view';

/** How the pane shows rows; copy and the text export write them the same way. */
export interface RowLook {
  readonly mode: DisplayMode;
  /** 按日志模式显示: a header line per row. */
  readonly logMode: boolean;
  readonly wrap: boolean;
  /** Δt since the previous row in the header. */
  readonly delta: boolean;
  /** A received row's round-trip time in the header (显示往返时间). */
  readonly rtt?: boolean;
  readonly lang: Lang;
  /** Lines a dump row shows (the measured and the fixed list differ). */
  readonly dumpLines: number;
  /** How the ASCII view reads the bytes (the tab's receive encoding). */
  readonly encoding: TextEncoding;
}

/** Rows looked back over to find the previous row with a time (gap markers have none; they come alone). */
const DELTA_LOOKBACK = 4;

/** Time of the nearest row before `index` that has one, for Δt; undefined at the top of the view. */
export function previousRowTs(view: LogView, index: number): number | undefined {
  for (let i = index - 1; i >= Math.max(0, index - DELTA_LOOKBACK); i--) {
    const entry = view.at(i);
    if (entry && entry.kind !== 'gap') return entry.ts;
  }
  return undefined;
}

/** The header line of a frame or event row, with the byte count (frames) and Δt when asked. */
export function rowHeader(entry: Exclude<LogEntry, { kind: 'gap' }>, previousTs: number | undefined, look: RowLook): string {
  const deltaMs = look.delta && previousTs !== undefined ? entry.ts - previousTs : undefined;
  if (entry.kind === 'event') return formatHeader({ ...entry, dir: 'event' }, look.lang, deltaMs === undefined ? {} : { deltaMs });
  const rttMs = look.rtt && entry.rttMs !== undefined ? entry.rttMs : undefined;
  return formatHeader(entry, look.lang, {
    length: entry.length,
    ...(deltaMs === undefined ? {} : { deltaMs }),
    ...(rttMs === undefined ? {} : { rttMs }),
    ...(entry.mark === undefined ? {} : { mark: entry.mark }),
  });
}

/** A row as plain text lines, as the pane shows it: header (log mode), then the data lines. */
export function rowTextLines(entry: LogEntry, previousTs: number | undefined, look: RowLook): string[] {
  if (entry.kind === 'gap') return [`⚠ ${formatGap(entry, look.lang)}`];
  const lines = look.logMode ? [rowHeader(entry, previousTs, look)] : [];
  if (entry.kind === 'event') return [...lines, `⚑ ${formatEvent(entry, look.lang)}`];
  const omitted = (bytes: number): string => (bytes > 0 ? translate(look.lang, 'log.truncated', { bytes }) : '');
  if (look.mode === 'dump') {
    const dump = formatDump(entry.bytes, look.dumpLines, entry.length);
    const data = [...dump.lines];
    data[data.length - 1] += omitted(dump.omittedBytes);
    return [...lines, ...data];
  }
  const payload = formatPayload(entry.bytes, look.mode, look.wrap, entry.length, look.encoding);
  return [...lines, ...(payload.text + omitted(payload.omittedBytes)).split('\n')];
}
