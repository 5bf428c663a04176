import { useMemo } from 'react';
import { FilteredLog } from '../log/filtered-log';
import type { LogStore } from '../log/log-store';
import type { LogView } from '../log/log-view';
import { isFiltering, type RowFilter } from '../log/row-filter';
import { compileSearch, type SearchError } from '../log/search/compile-search';
import { SearchHits } from '../log/search/search-hits';
import type { SerialIndex } from '../log/serial-index';
import { useTab } from '../store/tab-context';

export interface LogViews {
  /** What the pane draws: the whole log, or the rows the filters keep (and every gap marker). */
  readonly view: LogView;
  /** The search's matches within the direction and peer filters (the "3 / 120" list); null without a search. */
  readonly matches: SerialIndex | null;
  /** Why the search box's content is not a search (bad HEX, bad regex). */
  readonly searchError: SearchError | null;
  /** Whether any filter narrows the view (export and copy say "the current view"). */
  readonly isFiltered: boolean;
}

/**
 * The tab's log as the filters and the search see it. Each piece is made again only when what it depends on
 * changes: typing in the search box searches the bytes once (SearchHits) and both the match list and an "only
 * matching rows" view read that; new traffic is scanned by each piece for the new rows only.
 */
export function useLogViews(store: LogStore): LogViews {
  const peer = useTab((s) => s.logPeerFilter);
  const dir = useTab((s) => s.logDirFilter);
  const search = useTab((s) => s.logSearch);
  // The tab's receive encoding (接收 → 编码): text is looked for as the bytes it writes, a regex on rows it decodes.
  const encoding = useTab((s) => s.recvEncoding);
  const compiled = useMemo(() => compileSearch(search, encoding), [search.mode, search.text, search.caseInsensitive, encoding]);
  const hits = useMemo(() => (compiled.ok && compiled.search ? new SearchHits(store, compiled.search) : null), [store, compiled]);
  const peerKey = peer ? `${peer.address}|${peer.port}` : '';
  const matches = useMemo<SerialIndex | null>(() => {
    if (!hits) return null;
    return dir === 'all' && !peer ? hits : new FilteredLog(store, { dir, peer, search: hits }, false);
  }, [store, hits, dir, peerKey]);
  const filter: RowFilter = { dir, peer, search: search.onlyMatches ? hits : null };
  const view = useMemo<LogView>(() => (isFiltering(filter) ? new FilteredLog(store, filter) : store), [store, dir, peerKey, filter.search]);
  return { view, matches, searchError: compiled.ok ? null : compiled.error, isFiltered: view !== store };
}
