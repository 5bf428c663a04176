import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { formatEndpoint } from '@shared/contract/endpoint';
import { useLang, useT } from '../i18n/lang-store';
import { copySelectedRows } from '../log/copy-rows';
import { DUMP_BYTES_PER_LINE, DUMP_FIXED_LINES, DUMP_MAX_LINES } from '../log/hex-dump';
import type { RowLook } from '../log/row-text';
import { useLogStore, useTab } from '../store/tab-context';
import { LogExportMenu } from './LogExportMenu';
import { LogFilterBar } from './LogFilterBar';
import { LogFixedList } from './LogFixedList';
import type { ListCommands, ListProps } from './log-list';
import { LogMeasuredList } from './LogMeasuredList';
import type { RowMarks } from './LogRow';
import { LogSearchBox } from './LogSearchBox';
import type { LogView } from '../log/log-view';
import { useLogViews } from './use-log-views';

/**
 * Wrapped rows and dump rows have measured heights (@tanstack/react-virtual), whose bookkeeping is per entry and
 * whose total height grows with the text. Above this many entries the pane draws fixed-height rows instead (and
 * says so), which stay O(visible) and reachable at any size.
 */
export const WRAP_MAX_ENTRIES = 10_000;
/** How long a copy / export message stays in the toolbar, ms. */
const NOTICE_MS = 5_000;

/** A short message in the toolbar: a copy or an export done, or why it failed. */
export interface PaneNotice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

/** Selected rows, as log ids (stable while rows come and go and across filters): where it started and where it ends. */
interface Selection {
  readonly anchor: number;
  readonly focus: number;
}

const NO_MARKS: RowMarks = { selected: false, match: false, current: false };

/**
 * A key per view object. Entry ids are consecutive within one view (log-view.ts), so two views share ids: keyed
 * by view, the list starts afresh when the filter changes instead of keeping rows drawn for the other view.
 */
const viewKeys = new WeakMap<LogView, string>();
let nextViewKey = 0;
function viewKeyOf(view: LogView): string {
  let key = viewKeys.get(view);
  if (key === undefined) viewKeys.set(view, (key = `view-${++nextViewKey}`));
  return key;
}

/**
 * The traffic log: filters and search above a virtualized list over the log store. It re-renders when the log's
 * version moves (at most once per animation frame) and draws only the rows in view, so cost follows the screen,
 * not the traffic. Rows can be selected (click, Shift+click, Ctrl+A) and copied (Ctrl+C) as shown.
 */
export function LogPane() {
  const t = useT();
  const lang = useLang();
  const store = useLogStore();
  const { view, matches, searchError, isFiltered } = useLogViews(store);
  const version = useSyncExternalStore(view.subscribe, view.getVersion);
  const peerFilter = useTab((s) => s.logPeerFilter);
  const setLogPeerFilter = useTab((s) => s.setLogPeerFilter);
  const mode = useTab((s) => s.recvMode);
  const logMode = useTab((s) => s.logMode);
  const wrap = useTab((s) => s.wrap);
  const delta = useTab((s) => s.recvDelta);
  const rtt = useTab((s) => s.recvRtt);
  const autoScroll = useTab((s) => s.autoScroll);
  const paused = useTab((s) => s.paused);
  const clearLog = useTab((s) => s.clearLog);
  const commands = useRef<ListCommands | null>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const encoding = useTab((s) => s.recvEncoding);
  const count = view.size;
  const isMeasured = (wrap || mode === 'dump') && count <= WRAP_MAX_ENTRIES;
  const look = useMemo<RowLook>(
    () => ({ mode, logMode, wrap, delta, rtt, lang, encoding, dumpLines: isMeasured ? DUMP_MAX_LINES : DUMP_FIXED_LINES }),
    [mode, logMode, wrap, delta, rtt, lang, encoding, isMeasured],
  );

  const [notice, setNotice] = useState<PaneNotice | null>(null);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  // The current match, as a log id; a new search starts without one (Enter goes to the first after the top row).
  const [current, setCurrent] = useState<number | null>(null);
  useEffect(() => setCurrent(null), [matches]);
  const matchCount = matches ? { total: matches.count, current: current !== null && matches.has(current - 1) ? matches.positionAtOrAfter(current - 1) + 1 : 0 } : null;

  const step = useCallback(
    (direction: 1 | -1): void => {
      const total = matches?.count ?? 0;
      if (!matches || total === 0) return;
      // From the current match, or (none yet, or it left the log) from the first row in view.
      const from = current ?? view.logIdAt(commands.current?.firstVisibleIndex() ?? 0);
      const at = matches.positionAtOrAfter(from - 1);
      const isOnIt = current !== null && matches.serialAt(at) === current - 1;
      const target = (((direction > 0 ? (isOnIt ? at + 1 : at) : at - 1) % total) + total) % total;
      const logId = matches.serialAt(target) + 1;
      setCurrent(logId);
      commands.current?.scrollToIndex(view.indexAtOrAfter(logId));
    },
    [matches, current, view],
  );

  const [selection, setSelection] = useState<Selection | null>(null);
  const onRowClick = useCallback(
    (index: number, extend: boolean) => {
      const logId = view.logIdAt(index);
      if (logId < 0) return;
      setSelection((s) => (extend && s ? { anchor: s.anchor, focus: logId } : { anchor: logId, focus: logId }));
    },
    [view],
  );
  const selectedCount = selection ? view.indexAtOrAfter(Math.max(selection.anchor, selection.focus) + 1) - view.indexAtOrAfter(Math.min(selection.anchor, selection.focus)) : 0;

  const copy = async (range: Selection): Promise<void> => {
    const copied = copySelectedRows(view, range.anchor, range.focus, look);
    try {
      await navigator.clipboard.writeText(copied.text);
      setNotice({ kind: 'ok', text: copied.rows < copied.total ? t('log.copiedSome', { count: copied.rows, total: copied.total }) : t('log.copied', { count: copied.rows }) });
    } catch (error) {
      setNotice({ kind: 'error', text: t('log.copyFailed', { reason: error instanceof Error ? error.message : String(error) }) });
    }
  };

  const onPaneKey = (event: KeyboardEvent<HTMLDivElement>): boolean => {
    const withCommand = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (withCommand && key === 'a' && count > 0) {
      setSelection({ anchor: view.logIdAt(0), focus: view.logIdAt(count - 1) });
    } else if (withCommand && key === 'c' && selection) {
      // Text the reader dragged over inside a row is the browser's to copy.
      if (!(window.getSelection()?.isCollapsed ?? true)) return false;
      void copy(selection);
    } else if (withCommand && key === 'f') {
      searchInput.current?.focus();
    } else if (event.key === 'Escape' && selection) {
      setSelection(null);
    } else return false;
    event.preventDefault();
    return true;
  };

  const marksOf = useCallback(
    (logId: number): RowMarks => {
      const selected = selection !== null && logId >= Math.min(selection.anchor, selection.focus) && logId <= Math.max(selection.anchor, selection.focus);
      const match = matches !== null && matches.has(logId - 1);
      if (!selected && !match) return NO_MARKS;
      return { selected, match, current: match && logId === current };
    },
    [selection, matches, current],
  );

  const listProps: ListProps = { log: view, count, version, look, autoScroll, commands, marksOf, onPaneKey, onRowClick };

  return (
    <section className="log-pane">
      <div className="log-toolbar">
        <span className="log-title">{t('log.title')}</span>
        <span className="log-count" data-filtered={isFiltered ? 'true' : undefined}>
          {t('log.entries', { count })}
        </span>
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
        {wrap && mode !== 'dump' && !isMeasured && (
          <span className="badge" title={t('log.wrapOffTitle', { count: WRAP_MAX_ENTRIES })}>
            {t('log.wrapOff')}
          </span>
        )}
        {mode === 'dump' && !isMeasured && (
          <span className="badge" data-testid="log-dump-fixed" title={t('log.dumpFixedTitle', { count: WRAP_MAX_ENTRIES, lines: DUMP_FIXED_LINES, bytes: DUMP_FIXED_LINES * DUMP_BYTES_PER_LINE })}>
            {t('log.dumpFixed', { bytes: DUMP_FIXED_LINES * DUMP_BYTES_PER_LINE })}
          </span>
        )}
        {selectedCount > 0 && (
          <span className="badge select-badge" data-testid="log-selected" title={t('log.selectedTitle')}>
            {t('log.selected', { count: selectedCount })}
          </span>
        )}
        {notice && (
          <span className={`log-notice is-${notice.kind}`} data-testid="log-notice" role="status">
            {notice.text}
          </span>
        )}
        <span className="spacer" />
        <LogExportMenu view={view} look={look} onNotice={setNotice} />
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
      <LogFilterBar store={store}>
        <LogSearchBox count={matchCount} error={searchError} onStep={step} inputRef={searchInput} />
      </LogFilterBar>
      {count === 0 ? (
        <div className={`log-scroll mode-${mode}`} data-testid="log" tabIndex={0}>
          <div className="log-empty">{t('log.empty')}</div>
        </div>
      ) : isMeasured ? (
        <LogMeasuredList key={viewKeyOf(view)} {...listProps} />
      ) : (
        <LogFixedList key={viewKeyOf(view)} {...listProps} />
      )}
    </section>
  );
}
