/**
 * Fixed-capacity FIFO over a plain array: pushing into a full buffer overwrites the oldest item. O(1) push and
 * random access by age, no allocation after the array fills, which is what a log fed thousands of times a
 * second needs (STYLE 5: high-rate data lives outside React).
 */
export class RingBuffer<T> {
  private items: Array<T | undefined>;
  private head = 0; // index of the oldest item
  private count = 0;
  /** Items overwritten because the buffer was full, since the last clear. */
  private evictedCount = 0;

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`RingBuffer capacity must be a positive integer, got ${cap}`);
    this.items = new Array<T | undefined>(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  get size(): number {
    return this.count;
  }

  get evicted(): number {
    return this.evictedCount;
  }

  push(item: T): void {
    if (this.count < this.cap) {
      this.items[(this.head + this.count) % this.cap] = item;
      this.count++;
    } else {
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.cap;
      this.evictedCount++;
    }
  }

  /** Item by age: 0 is the oldest kept, size − 1 the newest. Undefined outside that range. */
  at(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) % this.cap];
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1);
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.head + i) % this.cap] as T);
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.cap);
    this.head = 0;
    this.count = 0;
    this.evictedCount = 0;
  }

  /** Changes the capacity, keeping the newest items that fit. */
  resize(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    const kept = this.toArray().slice(-capacity);
    this.evictedCount += this.count - kept.length;
    this.cap = capacity;
    this.items = new Array<T | undefined>(capacity);
    kept.forEach((item, i) => (this.items[i] = item));
    this.head = 0;
    this.count = kept.length;
  }
}
