import { memo, useMemo, type CSSProperties } from 'react';
import { formatEndpoint } from '@shared/contract/endpoint';
import { translate } from '../i18n/i18n';
import { formatEvent, formatGap, formatPayload, type DisplayMode } from '../log/format-row';
import { DUMP_FIXED_LINES, formatDump } from '../log/hex-dump';
import type { EventEntry, FrameEntry, LogEntry } from '../log/log-entry';
import { rowHeader, type RowLook } from '../log/row-text';

/** Height of one text line in the log, px (styles.css --log-line follows it). */
export const LOG_LINE_PX = 16;

/**
 * Height of every row when rows are not measured: one data line (DUMP_FIXED_LINES for the hex dump), plus the
 * header line in log mode. Gap markers take the same height, so row i always starts at i × this and a million rows
 * need no per-row bookkeeping.
 */
export function fixedRowPx(logMode: boolean, mode: DisplayMode = 'ascii'): number {
  return ((logMode ? 1 : 0) + (mode === 'dump' ? DUMP_FIXED_LINES : 1)) * LOG_LINE_PX;
}

/** How a row stands out: selected for copying, a search match, the current match. */
export interface RowMarks {
  readonly selected: boolean;
  readonly match: boolean;
  readonly current: boolean;
}

interface LogRowProps {
  readonly entry: LogEntry;
  readonly index: number;
  /** px from the top of the list's content box. */
  readonly top: number;
  /** Fixed height, px; undefined when the row is measured (wrap mode, dump of a small log). */
  readonly height?: number;
  readonly look: RowLook;
  /** Time of the row before this one in the view (Δt). */
  readonly previousTs: number | undefined;
  readonly marks: RowMarks;
  readonly measure?: (element: HTMLElement | null) => void;
}

/** The attributes every row carries: position, and the marks (for the eye through CSS, for tests through data-*). */
function rowAttributes(index: number, marks: RowMarks) {
  return {
    'data-index': index,
    ...(marks.selected ? { 'data-selected': 'true', 'aria-selected': true } : {}),
    ...(marks.match ? { 'data-match': 'true' } : {}),
    ...(marks.current ? { 'data-current-match': 'true' } : {}),
  };
}

/**
 * One row, formatted only while it is visible. Entries are built fresh by the log for each render, so the memo
 * compares by id (an id's content never changes): a row that only moved is not re-formatted.
 */
export const LogRow = memo(
  function LogRow({ entry, index, top, height, look, previousTs, marks, measure }: LogRowProps) {
    const style: CSSProperties = { transform: `translateY(${top}px)`, ...(height === undefined ? {} : { height }) };
    if (entry.kind === 'gap') {
      return (
        <div className="log-row log-gap" data-testid="log-gap" {...rowAttributes(index, marks)} ref={measure} style={style}>
          ⚠ {formatGap(entry, look.lang)}
        </div>
      );
    }
    if (entry.kind === 'event') {
      return <EventRow entry={entry} index={index} style={style} look={look} previousTs={previousTs} marks={marks} measure={measure} />;
    }
    return <FrameRow entry={entry} index={index} style={style} look={look} previousTs={previousTs} marks={marks} measure={measure} />;
  },
  (a, b) =>
    a.entry.id === b.entry.id &&
    a.index === b.index &&
    a.top === b.top &&
    a.height === b.height &&
    a.look === b.look &&
    a.previousTs === b.previousTs &&
    a.marks.selected === b.marks.selected &&
    a.marks.match === b.marks.match &&
    a.marks.current === b.marks.current &&
    a.measure === b.measure,
);

type InnerProps<E> = Omit<LogRowProps, 'top' | 'height' | 'entry'> & { readonly entry: E; readonly style: CSSProperties };

function FrameRow({ entry, index, style, look, previousTs, marks, measure }: InnerProps<FrameEntry>) {
  const wrap = look.wrap && look.mode !== 'dump';
  return (
    <div
      className={`log-row log-${entry.dir}${wrap ? ' wrap' : ''}`}
      data-testid="log-entry"
      data-dir={entry.dir}
      data-peer={formatEndpoint(entry.peer)}
      {...rowAttributes(index, marks)}
      ref={measure}
      style={style}
    >
      {look.logMode && <div className="log-head">{rowHeader(entry, previousTs, look)}</div>}
      {look.mode === 'dump' ? <DumpLines entry={entry} look={look} /> : <PayloadLine entry={entry} look={look} />}
    </div>
  );
}

function PayloadLine({ entry, look }: { readonly entry: FrameEntry; readonly look: RowLook }) {
  const mode = look.mode === 'hex' ? 'hex' : 'ascii';
  // Keyed by id, not by the entry object: the same frame is the same text.
  const payload = useMemo(() => formatPayload(entry.bytes, mode, look.wrap, entry.length, look.encoding), [entry.id, mode, look.wrap, look.encoding]);
  return (
    <div className="log-data">
      {payload.segments.map((segment, i) =>
        segment.isEscape ? (
          <span key={i} className="log-ctrl">
            {segment.text}
          </span>
        ) : (
          segment.text
        ),
      )}
      <Omitted bytes={payload.omittedBytes} look={look} />
    </div>
  );
}

/** The hex dump: offset | 16 bytes | text per line, as many lines as the list gives a row. */
function DumpLines({ entry, look }: { readonly entry: FrameEntry; readonly look: RowLook }) {
  const dump = useMemo(() => formatDump(entry.bytes, look.dumpLines, entry.length), [entry.id, look.dumpLines]);
  return (
    <div className="log-data log-dump">
      {dump.lines.join('\n')}
      <Omitted bytes={dump.omittedBytes} look={look} />
    </div>
  );
}

function Omitted({ bytes, look }: { readonly bytes: number; readonly look: RowLook }) {
  return bytes > 0 ? <span className="log-omitted">{translate(look.lang, 'log.truncated', { bytes })}</span> : null;
}

/** A session event (e.g. refused clients): the same layout as a frame row, its sentence in place of the bytes. */
function EventRow({ entry, index, style, look, previousTs, marks, measure }: InnerProps<EventEntry>) {
  return (
    <div
      className={`log-row log-event${look.wrap ? ' wrap' : ''}`}
      data-testid="log-entry"
      data-dir="event"
      data-peer={formatEndpoint(entry.peer)}
      {...rowAttributes(index, marks)}
      ref={measure}
      style={style}
    >
      {look.logMode && <div className="log-head">{rowHeader(entry, previousTs, look)}</div>}
      <div className="log-data">⚑ {formatEvent(entry, look.lang)}</div>
    </div>
  );
}
