import { memo, useMemo } from 'react';
import { formatEndpoint } from '@shared/contract/endpoint';
import { translate, type Lang } from '../i18n/i18n';
import { formatEvent, formatGap, formatHeader, formatPayload, type DisplayMode } from '../log/format-row';
import type { EventEntry, FrameEntry, LogEntry } from '../log/log-entry';

/** Height of one text line in the log, px (styles.css --log-line follows it). */
export const LOG_LINE_PX = 16;

/**
 * Height of every row when lines do not wrap: one data line, plus the header line in log mode. Gap markers take
 * the same height, so row i always starts at i × this and a million rows need no per-row bookkeeping.
 */
export function fixedRowPx(logMode: boolean): number {
  return logMode ? 2 * LOG_LINE_PX : LOG_LINE_PX;
}

interface LogRowProps {
  readonly entry: LogEntry;
  readonly index: number;
  /** px from the top of the list's content box. */
  readonly top: number;
  /** Fixed height, px; undefined when the row is measured (wrap mode). */
  readonly height?: number;
  readonly mode: DisplayMode;
  readonly logMode: boolean;
  readonly wrap: boolean;
  readonly lang: Lang;
  readonly measure?: (element: HTMLElement | null) => void;
}

/**
 * One row, formatted only while it is visible. Entries are built fresh by the log for each render, so the memo
 * compares by id (an id's content never changes): a row that only moved is not re-formatted.
 */
export const LogRow = memo(
  function LogRow({ entry, index, top, height, mode, logMode, wrap, lang, measure }: LogRowProps) {
    const style = { transform: `translateY(${top}px)`, ...(height === undefined ? {} : { height }) };
    if (entry.kind === 'gap') {
      return (
        <div className="log-row log-gap" data-testid="log-gap" data-index={index} ref={measure} style={style}>
          ⚠ {formatGap(entry, lang)}
        </div>
      );
    }
    if (entry.kind === 'event') {
      return <EventRow entry={entry} index={index} style={style} logMode={logMode} wrap={wrap} lang={lang} measure={measure} />;
    }
    return <FrameRow entry={entry} index={index} style={style} mode={mode} logMode={logMode} wrap={wrap} lang={lang} measure={measure} />;
  },
  (a, b) =>
    a.entry.id === b.entry.id &&
    a.index === b.index &&
    a.top === b.top &&
    a.height === b.height &&
    a.mode === b.mode &&
    a.logMode === b.logMode &&
    a.wrap === b.wrap &&
    a.lang === b.lang &&
    a.measure === b.measure,
);

function FrameRow({
  entry,
  index,
  style,
  mode,
  logMode,
  wrap,
  lang,
  measure,
}: Omit<LogRowProps, 'top' | 'height' | 'entry'> & { readonly entry: FrameEntry; readonly style: React.CSSProperties }) {
  // Keyed by id, not by the entry object: the same frame is the same text.
  const payload = useMemo(() => formatPayload(entry.bytes, mode, wrap, entry.length), [entry.id, mode, wrap]);
  const peer = formatEndpoint(entry.peer);
  return (
    <div
      className={`log-row log-${entry.dir}${wrap ? ' wrap' : ''}`}
      data-testid="log-entry"
      data-dir={entry.dir}
      data-peer={peer}
      data-index={index}
      ref={measure}
      style={style}
    >
      {logMode && <div className="log-head">{formatHeader(entry, lang)}</div>}
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
        {payload.omittedBytes > 0 && <span className="log-omitted">{translate(lang, 'log.truncated', { bytes: payload.omittedBytes })}</span>}
      </div>
    </div>
  );
}

/** A session event (e.g. refused clients): the same layout as a frame row, its sentence in place of the bytes. */
function EventRow({
  entry,
  index,
  style,
  logMode,
  wrap,
  lang,
  measure,
}: Omit<LogRowProps, 'top' | 'height' | 'entry' | 'mode'> & { readonly entry: EventEntry; readonly style: React.CSSProperties }) {
  return (
    <div
      className={`log-row log-event${wrap ? ' wrap' : ''}`}
      data-testid="log-entry"
      data-dir="event"
      data-peer={formatEndpoint(entry.peer)}
      data-index={index}
      ref={measure}
      style={style}
    >
      {logMode && <div className="log-head">{formatHeader({ ...entry, dir: 'event' }, lang)}</div>}
      <div className="log-data">⚑ {formatEvent(entry, lang)}</div>
    </div>
  );
}
