import type { LogStore } from '../log-store';
import { SerialIndex } from '../serial-index';
import type { LogSearch } from './log-search';

/**
 * The frames of one log whose bytes match one search, kept up to date as rows arrive and leave (SerialIndex).
 * One per query: the filtered views and the match counter all read this list, so the bytes are searched once.
 */
export class SearchHits extends SerialIndex {
  constructor(
    log: LogStore,
    readonly search: LogSearch,
  ) {
    super(log);
  }

  protected scan(fromIndex: number, toIndex: number, firstSerial: number, out: number[]): void {
    this.search.scan(this.log, fromIndex, toIndex, (index) => out.push(firstSerial + index));
  }
}
