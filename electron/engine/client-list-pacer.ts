/** While only byte counts change, a client list goes out at most this often (ms): live, but not per chunk. */
export const CLIENT_LIST_MIN_INTERVAL_MS = 300;
/**
 * Client entries a second the lists may carry: a list of 5 000 clients (≈ 800 KB on the wire) goes out at most once
 * a second, a list of 1 500 or fewer every CLIENT_LIST_MIN_INTERVAL_MS. Each list is built, encoded and sent whole,
 * so during a storm of thousands of connects the lists, not the clients, were most of the host's memory growth
 * (issue 12, B7).
 */
export const CLIENT_LIST_ENTRIES_PER_SECOND = 5_000;

export interface ClientListPacerOptions {
  /** Sends the list as it is now (`server.clients`). */
  readonly emit: () => void;
  /** Entries in the list now. */
  readonly size: () => number;
  /**
   * Whether the page is taking in what the session sends: the session's traffic batches have credit (the page acked
   * them). A page that stopped reading gets no more lists than batches; the latest goes out when it acks again.
   */
  readonly pageHasCredit: () => boolean;
  /** The session is open and not closing: lists go out only then (the final one is `sendNow`). */
  readonly isLive: () => boolean;
}

/**
 * When a server's client list (a TCP server's clients, a relay's pairs) goes to the page. A client that comes or
 * goes is shown at once, unless a list went out less than an interval ago; changed byte counts within an interval.
 * The interval grows with the list (CLIENT_LIST_ENTRIES_PER_SECOND), and no list goes to a page that has stopped
 * acknowledging the session's traffic batches: what the host holds for a stalled page is bounded by the batch
 * credit, not by how long it is stalled. Each list is the whole state, so skipping one loses nothing.
 */
export class ClientListPacer {
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() when the last list went out. */
  private lastSentAt = -Infinity;
  /** A list was due while the page had no credit: it goes out when the page acks. */
  private isHeldForCredit = false;
  private isStopped = false;

  constructor(private readonly options: ClientListPacerOptions) {}

  /** A client came or went: at once, unless the last list went out less than an interval ago. */
  membershipChanged(): void {
    if (this.isStopped || !this.options.isLive()) return;
    if (performance.now() - this.lastSentAt >= this.interval()) this.send();
    else this.countsChanged();
  }

  /** Byte counts (or a client's state) changed: the list goes out within an interval. */
  countsChanged(): void {
    if (this.timer !== undefined || this.isStopped || !this.options.isLive()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.isStopped && this.options.isLive()) this.send();
    }, this.interval());
  }

  /** The page acknowledged a batch: a list held back for it goes out now (or within the interval). */
  creditReturned(): void {
    if (!this.isHeldForCredit) return;
    this.isHeldForCredit = false;
    this.membershipChanged();
  }

  /** Whatever the pace (a counter reset, the empty list of a closing server): the list now. */
  sendNow(): void {
    this.clearTimer();
    this.isHeldForCredit = false;
    this.lastSentAt = performance.now();
    this.options.emit();
  }

  /** The server is closing: nothing more is scheduled (its last list is sendNow). */
  stop(): void {
    this.isStopped = true;
    this.isHeldForCredit = false;
    this.clearTimer();
  }

  private send(): void {
    this.clearTimer();
    if (!this.options.pageHasCredit()) {
      this.isHeldForCredit = true;
      return;
    }
    this.lastSentAt = performance.now();
    this.options.emit();
  }

  private interval(): number {
    return Math.max(CLIENT_LIST_MIN_INTERVAL_MS, (this.options.size() * 1000) / CLIENT_LIST_ENTRIES_PER_SECOND);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
