/** Size of the pieces an export is made of: big enough to be cheap, small enough never to be one huge string. */
export const CHUNK_BYTES = 1024 * 1024;

const encoder = new TextEncoder();

/**
 * Collects an export's bytes into CHUNK_BYTES pieces. Encoders write rows into it and hand over the full pieces
 * as they fill (`take`), so a 1 GB export is a thousand 1 MiB arrays on their way into a Blob, not one string.
 */
export class ChunkBuffer {
  private current = new Uint8Array(CHUNK_BYTES);
  private used = 0;
  private full: Array<Uint8Array<ArrayBuffer>> = [];

  writeText(text: string): void {
    // Most rows are short: encode into the free space directly, and fall back to a copy only at a chunk's end.
    if (text.length * 3 <= CHUNK_BYTES - this.used) {
      this.used += encoder.encodeInto(text, this.current.subarray(this.used)).written;
      this.nextIfFull();
      return;
    }
    this.writeBytes(encoder.encode(text));
  }

  writeBytes(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const n = Math.min(bytes.length - at, CHUNK_BYTES - this.used);
      this.current.set(bytes.subarray(at, at + n), this.used);
      this.used += n;
      at += n;
      this.nextIfFull();
    }
  }

  /** Whether full pieces are waiting. */
  get hasFull(): boolean {
    return this.full.length > 0;
  }

  /** The full pieces so far (each handed over once). */
  take(): Array<Uint8Array<ArrayBuffer>> {
    const pieces = this.full;
    this.full = [];
    return pieces;
  }

  /** Everything left, the last piece cut to size. */
  end(): Array<Uint8Array<ArrayBuffer>> {
    if (this.used > 0) this.full.push(this.current.slice(0, this.used));
    this.used = 0;
    return this.take();
  }

  private nextIfFull(): void {
    if (this.used < CHUNK_BYTES) return;
    this.full.push(this.current);
    this.current = new Uint8Array(CHUNK_BYTES);
    this.used = 0;
  }
}
