import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { clampOffset, maxContentOffset, offsetForScrollTop, rowWindow, scrollTopForOffset, spacerHeight, type RowGeometry } from '../log/fixed-row-viewport';
import { clickedRowIndex, keepTextSelection, timeBefore, type ListProps } from './log-list';
import { fixedRowPx, LogRow, LOG_LINE_PX } from './LogRow';

/** Air above the first and below the last row, px, so neither touches the pane's edge. */
export const PAD_PX = 3;
const OVERSCAN_ROWS = 4;
/** One arrow key press, px (about what browsers scroll natively). */
const ARROW_STEP_PX = 3 * LOG_LINE_PX;

/** Where the reader is: a row position (fractional) and the first id at that time, so old rows leaving the ring do not move the view. */
interface Anchor {
  readonly row: number;
  readonly firstId: number;
}

/**
 * Rows of one height (fixed-row-viewport.ts): every row reachable at a million entries, Top/Bottom and Home/End in
 * one render. While auto-scroll is on the view follows the newest row until the reader scrolls away from the
 * bottom, and follows again once they come back (or press End / Bottom).
 */
export function LogFixedList({ log, count, look, autoScroll, commands, marksOf, onPaneKey, onRowClick }: ListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewportPx, setViewportPx] = useState(0);
  const [anchor, setAnchor] = useState<Anchor>({ row: 0, firstId: log.firstId });
  const [isFollowing, setFollowing] = useState(true);
  const rowPx = fixedRowPx(look.logMode, look.mode);
  const g: RowGeometry = { rows: count, rowPx, padPx: PAD_PX, viewportPx };
  const firstId = log.firstId;
  const offset =
    autoScroll && isFollowing ? maxContentOffset(g) : clampOffset(PAD_PX + (anchor.row - (firstId - anchor.firstId)) * rowPx, g);
  const scrollTop = scrollTopForOffset(offset, g);
  const isScaled = spacerHeight(g) < g.rows * rowPx + 2 * PAD_PX;

  // The latest geometry for the event handlers, which outlive a render.
  const latest = useRef({ g, offset, scrollTop, firstId });
  // Where the view was while it followed the tail: turning auto-scroll off stays there instead of going back to
  // the anchor of the last time the reader scrolled (the top, if they never did).
  const followedAt = useRef<Anchor | null>(null);
  useLayoutEffect(() => {
    latest.current = { g, offset, scrollTop, firstId };
    if (autoScroll) followedAt.current = isFollowing ? { row: (offset - PAD_PX) / rowPx, firstId } : null;
  });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    setViewportPx(el.clientHeight);
    const observer = new ResizeObserver(() => setViewportPx(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Layout effect: the corrected position is drawn before the browser paints the stale one.
  useLayoutEffect(() => {
    if (autoScroll) setFollowing(true);
    else if (followedAt.current) {
      setAnchor(followedAt.current);
      followedAt.current = null;
    }
  }, [autoScroll]);

  // The content offset is the truth; the scroll position follows it. The last position written or seen is kept
  // in a ref: reading el.scrollTop here would force a layout on every frame of a flood.
  const knownScrollTop = useRef(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || Math.abs(knownScrollTop.current - scrollTop) < 1) return;
    el.scrollTop = scrollTop;
    knownScrollTop.current = scrollTop;
  }, [scrollTop]);

  const moveTo = useCallback((target: number) => {
    const { g, firstId } = latest.current;
    const clamped = clampOffset(target, g);
    setAnchor({ row: (clamped - PAD_PX) / g.rowPx, firstId });
    setFollowing(clamped >= maxContentOffset(g) - 1);
  }, []);

  useLayoutEffect(() => {
    commands.current = {
      top: () => moveTo(0),
      bottom: () => moveTo(Number.MAX_SAFE_INTEGER),
      scrollToIndex(index) {
        const { g, offset } = latest.current;
        const rowTop = PAD_PX + index * g.rowPx;
        // Already in full view: leave the view where it is (stepping through matches on one screen does not jump).
        // It stops following the newest row there, so its place must become the anchor: the anchor left from before
        // (the top, while it followed) would send the view there.
        const isInView = rowTop >= offset && rowTop + g.rowPx <= offset + g.viewportPx;
        moveTo(isInView ? offset : rowTop - (g.viewportPx - g.rowPx) / 2);
        setFollowing(false);
      },
      firstVisibleIndex: () => Math.max(0, Math.floor((latest.current.offset - PAD_PX) / latest.current.g.rowPx)),
    };
    return () => void (commands.current = null);
  }, [commands, moveTo]);

  const onScroll = (): void => {
    const el = scrollRef.current;
    if (!el) return;
    const { g, scrollTop } = latest.current;
    knownScrollTop.current = el.scrollTop;
    // Our own scrollTop write echoing back: nothing moved.
    if (Math.abs(el.scrollTop - scrollTop) < 1) return;
    // A resize (window maximised, panel grown) made the browser clamp the position: the reader did not scroll, and
    // the geometry this handler knows is the old one, so judging "left the bottom" from it would stop following.
    if (el.clientHeight !== g.viewportPx) {
      setViewportPx(el.clientHeight);
      return;
    }
    // Wherever the numbers land, a reader at the very bottom is there (and following, with auto-scroll on). Moving
    // the anchor too matters with auto-scroll off: the view is drawn from the anchor then.
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) {
      moveTo(Number.MAX_SAFE_INTEGER);
      return;
    }
    moveTo(offsetForScrollTop(el.scrollTop, g));
  };

  // When scaled, the wheel moves the content by real pixels (native scrolling would move it by the ratio).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !isScaled) return;
    const onWheel = (event: WheelEvent): void => {
      if (event.ctrlKey || Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return;
      event.preventDefault();
      const unit = event.deltaMode === 1 ? LOG_LINE_PX : event.deltaMode === 2 ? el.clientHeight : 1;
      moveTo(latest.current.offset + event.deltaY * unit);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [isScaled, moveTo]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (onPaneKey(event)) return;
    const { offset, g } = latest.current;
    const page = Math.max(g.rowPx, g.viewportPx - g.rowPx);
    // Home/End always (the quickest way through a million rows); the rest only when scaled, where native
    // scrolling would move by the ratio.
    const steps: Record<string, number | undefined> = {
      Home: -Infinity,
      End: Infinity,
      ...(isScaled ? { ArrowUp: -ARROW_STEP_PX, ArrowDown: ARROW_STEP_PX, PageUp: -page, PageDown: page } : {}),
    };
    const step = steps[event.key];
    if (step === undefined) return;
    event.preventDefault();
    moveTo(step === -Infinity ? 0 : step === Infinity ? Number.MAX_SAFE_INTEGER : offset + step);
  };

  const win = rowWindow(offset, scrollTop, g, OVERSCAN_ROWS);
  const rows = [];
  let previousTs = timeBefore(log, win.first, look);
  for (let i = win.first; i <= win.last; i++) {
    const entry = log.at(i);
    if (!entry) continue;
    rows.push(
      <LogRow
        key={entry.id}
        entry={entry}
        index={i}
        top={win.firstTopPx + (i - win.first) * rowPx}
        height={rowPx}
        look={look}
        previousTs={previousTs}
        marks={marksOf(log.logIdAt(i))}
      />,
    );
    if (entry.kind !== 'gap') previousTs = entry.ts;
  }

  return (
    <div
      ref={scrollRef}
      className={`log-scroll mode-${look.mode}`}
      data-testid="log"
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      onMouseDown={keepTextSelection}
      onClick={(event) => {
        const index = clickedRowIndex(event);
        if (index >= 0) onRowClick(index, event.shiftKey);
      }}
    >
      <div className="log-canvas" style={{ height: spacerHeight(g) }}>
        {rows}
      </div>
    </div>
  );
}
