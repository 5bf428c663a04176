import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLang, useT } from '../i18n/lang-store';
import { useApp, useLogStore } from '../store/store-context';
import { fixedRowHeight, LogRow, LOG_LINE_PX } from './LogRow';

/**
 * The traffic log: a virtualized list over the ring buffer. It re-renders when the log's version moves (at most
 * once per animation frame) and draws only the rows in view, so cost follows the screen, not the traffic.
 */
export function LogPane() {
  const t = useT();
  const lang = useLang();
  const log = useLogStore();
  const version = useSyncExternalStore(log.subscribe, log.getVersion);
  const mode = useApp((s) => s.recvMode);
  const logMode = useApp((s) => s.logMode);
  const wrap = useApp((s) => s.wrap);
  const autoScroll = useApp((s) => s.autoScroll);
  const paused = useApp((s) => s.paused);
  const clearLog = useApp((s) => s.clearLog);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = log.size;

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (wrap ? LOG_LINE_PX * (logMode ? 2 : 1) : fixedRowHeight(log.at(index), logMode)),
    getItemKey: (index) => log.at(index)?.id ?? -index,
    overscan: 12,
    // A little air above the first and below the last row, so neither touches the pane's edge.
    paddingStart: 3,
    paddingEnd: 3,
  });

  // Row heights depend on these; drop the cached sizes so the list re-lays out.
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, logMode, wrap]);

  useEffect(() => {
    if (autoScroll && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [virtualizer, autoScroll, count, version]);

  return (
    <section className="log-pane">
      <div className="log-toolbar">
        <span className="log-title">{t('log.title')}</span>
        <span className="log-count">{t('log.entries', { count })}</span>
        {paused && <span className="badge">{t('log.pausedBadge')}</span>}
        <span className="spacer" />
        <button type="button" data-testid="log-clear" onClick={clearLog}>
          {t('log.clear')}
        </button>
      </div>
      <div ref={scrollRef} className={`log-scroll mode-${mode}`} data-testid="log" tabIndex={0}>
        {count === 0 ? (
          <div className="log-empty">{t('log.empty')}</div>
        ) : (
          <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const entry = log.at(item.index);
              if (!entry) return null;
              return (
                <LogRow
                  key={item.key}
                  entry={entry}
                  index={item.index}
                  start={item.start}
                  mode={mode}
                  logMode={logMode}
                  wrap={wrap}
                  lang={lang}
                  measure={wrap ? virtualizer.measureElement : undefined}
                />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
