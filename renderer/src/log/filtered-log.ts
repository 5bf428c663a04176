import type { LogEntry } from './log-entry';
import { ROW_GAP, type LogStore } from './log-store';
import type { LogView } from './log-view';
import { wantedClass, type RowFilter } from './row-filter';
import { SerialIndex } from './serial-index';

/**
 * The log narrowed by a RowFilter (direction, peer, search), plus every gap marker: a marker says frames are
 * missing, whatever they were, so no filter hides it. With `keepGaps` false it is the list of matching rows only
 * (the search's match list: "3 / 120"). Kept up to date by scanning only the rows that arrived since it last
 * looked (SerialIndex); a search filter reads the search's own hit list, so the bytes are searched once however
 * many views use them.
 */
export class FilteredLog extends SerialIndex implements LogView {
  constructor(
    log: LogStore,
    readonly filter: RowFilter,
    private readonly keepGaps = true,
  ) {
    super(log);
  }

  get size(): number {
    return this.count;
  }

  get firstId(): number {
    return this.droppedCount + 1;
  }

  at(index: number): LogEntry | undefined {
    const serial = this.serialAt(index);
    if (serial < 0) return undefined;
    const entry = this.log.at(serial - (this.log.firstId - 1));
    return entry && { ...entry, id: this.droppedCount + index + 1 };
  }

  logIdAt(index: number): number {
    const serial = this.serialAt(index);
    return serial < 0 ? -1 : serial + 1;
  }

  indexAtOrAfter(logId: number): number {
    return this.positionAtOrAfter(Math.ceil(logId) - 1);
  }

  readonly subscribe = (listener: () => void): (() => void) => this.log.subscribe(listener);

  readonly getVersion = (): number => this.log.getVersion();

  protected scan(fromIndex: number, toIndex: number, firstSerial: number, out: number[]): void {
    const log = this.log;
    const wanted = wantedClass(this.filter.dir);
    const peer = this.filter.peer;
    // A peer the log has not seen yet has no rows before now: only gap markers pass until it shows up.
    const peerId = peer ? (log.peerIdOf(peer.address, peer.port) ?? -2) : -1;
    const hits = this.filter.search;
    if (hits && !this.keepGaps) {
      // The match list: walk the hits alone (a few rows) instead of every row of the range.
      const endSerial = firstSerial + toIndex;
      for (let h = hits.positionAtOrAfter(firstSerial + fromIndex), serial = hits.serialAt(h); serial >= 0 && serial < endSerial; serial = hits.serialAt(++h)) {
        const i = serial - firstSerial;
        if ((wanted < 0 || log.rowClassAt(i) === wanted) && (peerId === -1 || log.peerIdAt(i) === peerId)) out.push(serial);
      }
      return;
    }
    // The search's hits in this range, walked alongside the rows (both in increasing serial order).
    let hit = hits ? hits.positionAtOrAfter(firstSerial + fromIndex) : 0;
    let hitSerial = hits ? hits.serialAt(hit) : -1;
    for (let i = fromIndex; i < toIndex; i++) {
      const rowClass = log.rowClassAt(i);
      if (rowClass === ROW_GAP) {
        if (this.keepGaps) out.push(firstSerial + i);
        continue;
      }
      if (wanted >= 0 && rowClass !== wanted) continue;
      if (peerId !== -1 && log.peerIdAt(i) !== peerId) continue;
      if (hits) {
        const serial = firstSerial + i;
        while (hitSerial >= 0 && hitSerial < serial) hitSerial = hits.serialAt(++hit);
        if (hitSerial !== serial) continue;
      }
      out.push(firstSerial + i);
    }
  }
}
