/**
 * What a paused UDP relay holds: datagrams in arrival order (both ways, every mapping), up to a count and a byte
 * total. A datagram that does not fit is dropped and counted; the relay says how many when it resumes.
 */
export class PauseQueue<T extends { readonly bytes: Uint8Array }> {
  private items: T[] = [];
  private heldBytes = 0;
  private droppedCount = 0;
  private droppedByteCount = 0;

  constructor(
    readonly maxItems: number,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.items.length;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get droppedBytes(): number {
    return this.droppedByteCount;
  }

  /** Holds `item`, or drops and counts it (false) when the queue is full by count or by bytes. */
  push(item: T): boolean {
    if (this.items.length >= this.maxItems || this.heldBytes + item.bytes.length > this.maxBytes) {
      this.droppedCount += 1;
      this.droppedByteCount += item.bytes.length;
      return false;
    }
    this.items.push(item);
    this.heldBytes += item.bytes.length;
    return true;
  }

  /** Everything held, oldest first, and the drop counts since the last drain; the queue starts empty again. */
  drain(): { readonly items: T[]; readonly dropped: number; readonly droppedBytes: number } {
    const drained = { items: this.items, dropped: this.droppedCount, droppedBytes: this.droppedByteCount };
    this.items = [];
    this.heldBytes = 0;
    this.droppedCount = 0;
    this.droppedByteCount = 0;
    return drained;
  }
}
