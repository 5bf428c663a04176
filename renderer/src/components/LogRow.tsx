import { memo, useMemo } from 'react';
import { formatEndpoint } from '@shared/contract/endpoint';
import { translate, type Lang } from '../i18n/i18n';
import { formatGap, formatHeader, formatPayload, type DisplayMode } from '../log/format-row';
import type { LogEntry } from '../log/log-entry';

/** Height of one text line in the log, px. Small on purpose: 1M rows must stay under Chromium's ~33.5M px limit. */
export const LOG_LINE_PX = 16;

/** Height of a row when lines do not wrap: one data line, plus the header line in log mode. */
export function fixedRowHeight(entry: LogEntry | undefined, logMode: boolean): number {
  if (!entry || entry.kind === 'gap') return LOG_LINE_PX;
  return logMode ? 2 * LOG_LINE_PX : LOG_LINE_PX;
}

interface LogRowProps {
  readonly entry: LogEntry;
  readonly index: number;
  readonly start: number;
  readonly mode: DisplayMode;
  readonly logMode: boolean;
  readonly wrap: boolean;
  readonly lang: Lang;
  readonly measure?: (element: HTMLElement | null) => void;
}

/** One row, formatted only while it is visible; memo keeps scrolling from re-formatting unchanged rows. */
export const LogRow = memo(function LogRow({ entry, index, start, mode, logMode, wrap, lang, measure }: LogRowProps) {
  const style = { transform: `translateY(${start}px)`, ...(wrap ? {} : { height: fixedRowHeight(entry, logMode) }) };
  if (entry.kind === 'gap') {
    return (
      <div className="log-row log-gap" data-testid="log-gap" data-index={index} ref={measure} style={style}>
        ⚠ {formatGap(entry, lang)}
      </div>
    );
  }
  return <FrameRow entry={entry} index={index} style={style} mode={mode} logMode={logMode} wrap={wrap} lang={lang} measure={measure} />;
});

function FrameRow({
  entry,
  index,
  style,
  mode,
  logMode,
  wrap,
  lang,
  measure,
}: Omit<LogRowProps, 'start' | 'entry'> & { readonly entry: Extract<LogEntry, { kind: 'frame' }>; readonly style: React.CSSProperties }) {
  const payload = useMemo(() => formatPayload(entry.bytes, mode, wrap), [entry, mode, wrap]);
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
        {payload.text}
        {payload.omittedBytes > 0 && <span className="log-omitted">{translate(lang, 'log.truncated', { bytes: payload.omittedBytes })}</span>}
      </div>
    </div>
  );
}
