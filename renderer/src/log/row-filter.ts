import type { Endpoint } from '@shared/contract/endpoint';
import { ROW_EVENT, ROW_RX, ROW_TX, type RowClass } from './log-store';
import type { SearchHits } from './search/search-hits';

/** Which rows the direction filter keeps: everything, one direction of traffic, or the session's event rows. */
export type DirectionFilter = 'all' | 'rx' | 'tx' | 'event';
export const DIRECTION_FILTERS: readonly DirectionFilter[] = ['all', 'rx', 'tx', 'event'];

/** A row predicate over the log: every part that is set must hold. Gap markers are kept by every filter. */
export interface RowFilter {
  readonly dir?: DirectionFilter;
  /** One peer's rows (a TCP server's client, a UDP sender). */
  readonly peer?: Pick<Endpoint, 'address' | 'port'> | null;
  /** Only frames whose bytes match the search. */
  readonly search?: SearchHits | null;
}

const CLASS_OF_FILTER: Readonly<Record<Exclude<DirectionFilter, 'all'>, RowClass>> = { rx: ROW_RX, tx: ROW_TX, event: ROW_EVENT };

/** The row class the direction filter wants, or -1 for any. */
export function wantedClass(dir: DirectionFilter | undefined): number {
  return dir === undefined || dir === 'all' ? -1 : CLASS_OF_FILTER[dir];
}

/** Whether the filter narrows the log at all (else the pane reads the store itself). */
export function isFiltering(filter: RowFilter): boolean {
  return (filter.dir !== undefined && filter.dir !== 'all') || Boolean(filter.peer) || Boolean(filter.search);
}
