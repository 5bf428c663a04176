import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type RefObject } from 'react';
import { formatEndpoint } from '@shared/contract/endpoint';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Lang } from '../i18n/i18n';
import { useLang, useT } from '../i18n/lang-store';
import { clampOffset, maxContentOffset, offsetForScrollTop, rowWindow, scrollTopForOffset, spacerHeight, type RowGeometry } from '../log/fixed-row-viewport';
import type { DisplayMode } from '../log/format-row';
import type { LogView } from '../log/log-view';
import { PeerFilteredLog } from '../log/peer-filtered-log';
import { useTab, useLogStore } from '../store/tab-context';
import { fixedRowPx, LogRow, LOG_LINE_PX } from './LogRow';

/**
 * Wrapped rows have measured heights (@tanstack/react-virtual), whose bookkeeping is per entry and whose total
 * height grows with the text. Above this many entries the pane draws fixed-height unwrapped rows instead (and
 * says so), which stay O(visible) and reachable at any size.
 */
export const WRAP_MAX_ENTRIES = 10_000;
/** Air above the first and below the last row, px, so neither touches the pane's edge. */
const PAD_PX = 3;
const OVERSCAN_ROWS = 4;
/** One arrow key press, px (about what browsers scroll natively). */
const ARROW_STEP_PX = 3 * LOG_LINE_PX;

/** What the toolbar's Top / Bottom buttons ask of whichever list is showing. */
interface ListCommands {
  top(): void;
  bottom(): void;
}

interface ListProps {
  readonly log: LogView;
  readonly count: number;
  readonly version: number;
  readonly mode: DisplayMode;
  readonly logMode: boolean;
  readonly lang: Lang;
  readonly autoScroll: boolean;
  readonly commands: RefObject<ListCommands | null>;
}

/**
 * The traffic log: a virtualized list over the log store. It re-renders when the log's version moves (at most
 * once per animation frame) and draws only the rows in view, so cost follows the screen, not the traffic.
 */
export function LogPane() {
  const t = useT();
  const lang = useLang();
  const store = useLogStore();
  const peerFilter = useTab((s) => s.logPeerFilter);
  const setLogPeerFilter = useTab((s) => s.setLogPeerFilter);
  // One client's rows only (TCP server console), or the whole log.
  const log: LogView = useMemo(() => (peerFilter ? new PeerFilteredLog(store, peerFilter) : store), [store, peerFilter]);
  const version = useSyncExternalStore(log.subscribe, log.getVersion);
  const mode = useTab((s) => s.recvMode);
  const logMode = useTab((s) => s.logMode);
  const wrap = useTab((s) => s.wrap);
  const autoScroll = useTab((s) => s.autoScroll);
  const paused = useTab((s) => s.paused);
  const clearLog = useTab((s) => s.clearLog);
  const commands = useRef<ListCommands | null>(null);
  const count = log.size;
  const isMeasured = wrap && count <= WRAP_MAX_ENTRIES;
  const listProps: ListProps = { log, count, version, mode, logMode, lang, autoScroll, commands };

  return (
    <section className="log-pane">
      <div className="log-toolbar">
        <span className="log-title">{t('log.title')}</span>
        <span className="log-count">{t('log.entries', { count })}</span>
        {paused && <span className="badge">{t('log.pausedBadge')}</span>}
        {store.droppedForBudget > 0 && (
          <span className="badge" data-testid="log-budget-dropped" title={t('log.budgetDropped', { count: store.droppedForBudget })}>
            −{store.droppedForBudget.toLocaleString('en-US')}
          </span>
        )}
        {peerFilter && (
          <span className="badge filter-badge" data-testid="log-filter" data-peer={formatEndpoint(peerFilter)}>
            {t('log.onlyPeer', { peer: formatEndpoint(peerFilter) })}
            <button type="button" className="badge-clear" data-testid="log-filter-clear" title={t('log.showAll')} aria-label={t('log.showAll')} onClick={() => setLogPeerFilter(null)}>
              ×
            </button>
          </span>
        )}
        {wrap && !isMeasured && (
          <span className="badge" title={t('log.wrapOffTitle', { count: WRAP_MAX_ENTRIES })}>
            {t('log.wrapOff')}
          </span>
        )}
        <span className="spacer" />
        <button type="button" data-testid="log-top" title={t('log.topTitle')} onClick={() => commands.current?.top()}>
          {t('log.top')}
        </button>
        <button type="button" data-testid="log-bottom" title={t('log.bottomTitle')} onClick={() => commands.current?.bottom()}>
          {t('log.bottom')}
        </button>
        <button type="button" data-testid="log-clear" onClick={clearLog}>
          {t('log.clear')}
        </button>
      </div>
      {count === 0 ? (
        <div className={`log-scroll mode-${mode}`} data-testid="log" tabIndex={0}>
          <div className="log-empty">{t('log.empty')}</div>
        </div>
      ) : isMeasured ? (
        <MeasuredList {...listProps} />
      ) : (
        <FixedRowList {...listProps} />
      )}
    </section>
  );
}

/** Where the reader is: a row position (fractional) and the first id at that time, so old rows leaving the ring do not move the view. */
interface Anchor {
  readonly row: number;
  readonly firstId: number;
}

/**
 * Unwrapped rows of one height (fixed-row-viewport.ts): every row reachable at a million entries, Top/Bottom
 * and Home/End in one render. While auto-scroll is on the view follows the newest row until the reader scrolls
 * away from the bottom, and follows again once they come back (or press End / Bottom).
 */
function FixedRowList({ log, count, mode, logMode, lang, autoScroll, commands }: ListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewportPx, setViewportPx] = useState(0);
  const [anchor, setAnchor] = useState<Anchor>({ row: 0, firstId: log.firstId });
  const [isFollowing, setFollowing] = useState(true);
  const rowPx = fixedRowPx(logMode);
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
    commands.current = { top: () => moveTo(0), bottom: () => moveTo(Number.MAX_SAFE_INTEGER) };
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
        mode={mode}
        logMode={logMode}
        wrap={false}
        lang={lang}
      />,
    );
  }

  return (
    <div ref={scrollRef} className={`log-scroll mode-${mode}`} data-testid="log" tabIndex={0} onScroll={onScroll} onKeyDown={onKeyDown}>
      <div className="log-canvas" style={{ height: spacerHeight(g) }}>
        {rows}
      </div>
    </div>
  );
}

/** Wrapped rows with measured heights, for logs up to WRAP_MAX_ENTRIES. */
function MeasuredList({ log, count, version, mode, logMode, lang, autoScroll, commands }: ListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => LOG_LINE_PX * (logMode ? 2 : 1),
    getItemKey: (index) => log.at(index)?.id ?? -index,
    overscan: 12,
    paddingStart: PAD_PX,
    paddingEnd: PAD_PX,
  });

  // Row heights depend on this; drop the cached sizes so the list re-lays out.
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, logMode]);

  useEffect(() => {
    if (autoScroll && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [virtualizer, autoScroll, count, version]);

  useLayoutEffect(() => {
    commands.current = {
      top: () => virtualizer.scrollToOffset(0),
      bottom: () => virtualizer.scrollToIndex(count - 1, { align: 'end' }),
    };
    return () => void (commands.current = null);
  }, [commands, virtualizer, count]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    if (event.key === 'Home') commands.current?.top();
    else commands.current?.bottom();
  };

  return (
    <div ref={scrollRef} className={`log-scroll mode-${mode}`} data-testid="log" tabIndex={0} onKeyDown={onKeyDown}>
      <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = log.at(item.index);
          if (!entry) return null;
          return (
            <LogRow
              key={item.key}
              entry={entry}
              index={item.index}
              top={item.start}
              mode={mode}
              logMode={logMode}
              wrap
              lang={lang}
              measure={virtualizer.measureElement}
            />
          );
        })}
      </div>
    </div>
  );
}
