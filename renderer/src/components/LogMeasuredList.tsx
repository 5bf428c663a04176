import { useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { dumpLineCount } from '../log/hex-dump';
import { clickedRowIndex, keepTextSelection, timeBefore, type ListProps } from './log-list';
import { PAD_PX } from './LogFixedList';
import { LogRow, LOG_LINE_PX } from './LogRow';

/**
 * Rows with measured heights, for logs up to WRAP_MAX_ENTRIES: wrapped lines, and the hex dump (a short frame one
 * line, a long one up to DUMP_MAX_LINES).
 */
export function LogMeasuredList({ log, count, version, look, autoScroll, commands, marksOf, onPaneKey, onRowClick }: ListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const head = look.logMode ? 1 : 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    // A dump row's height is known from its length; a wrapped row is measured once drawn.
    estimateSize: (index) => {
      const entry = look.mode === 'dump' ? log.at(index) : undefined;
      const lines = entry?.kind === 'frame' ? dumpLineCount(entry.bytes.length, look.dumpLines) : 1;
      return LOG_LINE_PX * (head + lines);
    },
    getItemKey: (index) => log.at(index)?.id ?? -index,
    overscan: 12,
    paddingStart: PAD_PX,
    paddingEnd: PAD_PX,
  });

  // Row heights depend on these; drop the cached sizes so the list re-lays out.
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, look.logMode, look.mode]);

  useEffect(() => {
    if (autoScroll && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [virtualizer, autoScroll, count, version]);

  useLayoutEffect(() => {
    commands.current = {
      top: () => virtualizer.scrollToOffset(0),
      bottom: () => virtualizer.scrollToIndex(count - 1, { align: 'end' }),
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      firstVisibleIndex: () => virtualizer.getVirtualItems().find((item) => item.end > (scrollRef.current?.scrollTop ?? 0))?.index ?? 0,
    };
    return () => void (commands.current = null);
  }, [commands, virtualizer, count]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (onPaneKey(event)) return;
    if (event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    if (event.key === 'Home') commands.current?.top();
    else commands.current?.bottom();
  };

  const items = virtualizer.getVirtualItems();
  let previousTs = items[0] ? timeBefore(log, items[0].index, look) : undefined;
  return (
    <div
      ref={scrollRef}
      className={`log-scroll mode-${look.mode}`}
      data-testid="log"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onMouseDown={keepTextSelection}
      onClick={(event) => {
        const index = clickedRowIndex(event);
        if (index >= 0) onRowClick(index, event.shiftKey);
      }}
    >
      <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const entry = log.at(item.index);
          if (!entry) return null;
          const before = previousTs;
          if (entry.kind !== 'gap') previousTs = entry.ts;
          return (
            <LogRow
              key={item.key}
              entry={entry}
              index={item.index}
              top={item.start}
              look={look}
              previousTs={before}
              marks={marksOf(log.logIdAt(item.index))}
              measure={virtualizer.measureElement}
            />
          );
        })}
      </div>
    </div>
  );
}
