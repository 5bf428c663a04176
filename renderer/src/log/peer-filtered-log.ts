import type { Endpoint } from '@shared/contract/endpoint';
import type { LogEntry } from './log-entry';
import type { LogStore } from './log-store';
import type { LogView } from './log-view';

/**
 * The log narrowed to one peer (a TCP server's client): its frames and its event rows, plus every gap marker
 * (they concern all peers). It keeps the serials of the matching entries and brings them up to date on read,
 * scanning only what arrived since (typed-array reads, no entry objects), so a filter over a million rows costs
 * one pass when it is set and almost nothing per batch after.
 */
export class PeerFilteredLog implements LogView {
  /** Serials (LogStore id − 1) of matching entries, oldest first; those before `head` have left the log. */
  private serials: number[] = [];
  private head = 0;
  /** Matching entries that left the log: the view's ids go on from there. */
  private dropped = 0;
  /** Next serial to look at. */
  private scannedTo = 0;
  private seenVersion = -1;
  /** The log's first serial at the last refresh: a clear or an eviction moves it without a new entry. */
  private seenFirstSerial = -1;

  constructor(
    private readonly log: LogStore,
    readonly peer: Pick<Endpoint, 'address' | 'port'>,
  ) {}

  get size(): number {
    this.refresh();
    return this.serials.length - this.head;
  }

  get firstId(): number {
    this.refresh();
    return this.dropped + 1;
  }

  at(index: number): LogEntry | undefined {
    this.refresh();
    const serial = this.serials[this.head + index];
    if (serial === undefined || index < 0) return undefined;
    const entry = this.log.at(serial - (this.log.firstId - 1));
    return entry && { ...entry, id: this.dropped + index + 1 };
  }

  readonly subscribe = (listener: () => void): (() => void) => this.log.subscribe(listener);

  readonly getVersion = (): number => this.log.getVersion();

  private refresh(): void {
    const version = this.log.getVersion();
    const firstSerial = this.log.firstId - 1;
    const endSerial = firstSerial + this.log.size;
    if (version === this.seenVersion && this.scannedTo === endSerial && firstSerial === this.seenFirstSerial) return;
    this.seenVersion = version;
    this.seenFirstSerial = firstSerial;
    while (this.head < this.serials.length && this.serials[this.head]! < firstSerial) {
      this.head++;
      this.dropped++;
    }
    // Compact now and then, so the array does not grow with everything that ever matched.
    if (this.head > 4096 && this.head * 2 > this.serials.length) {
      this.serials = this.serials.slice(this.head);
      this.head = 0;
    }
    const peerId = this.log.peerIdOf(this.peer.address, this.peer.port);
    for (let serial = Math.max(this.scannedTo, firstSerial); serial < endSerial; serial++) {
      const id = this.log.peerIdAt(serial - firstSerial);
      if (id === -1 || (peerId !== undefined && id === peerId)) this.serials.push(serial);
    }
    this.scannedTo = endSerial;
  }
}
