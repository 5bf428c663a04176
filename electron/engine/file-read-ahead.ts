import type { FileHandle } from 'node:fs/promises';

/** One filled read buffer: `bytes` is a view into a pooled buffer, valid until `release()`. */
export interface FileChunk {
  readonly bytes: Buffer;
  /** Gives the buffer back for the next read: call once nothing (no socket write) holds `bytes` any more. */
  release(): void;
}

/**
 * Reads a regular file front to back into a fixed set of reused buffers, one read ahead of its consumer: while the
 * consumer sends chunk k, chunk k+1 is being read on the thread pool.
 *
 * Why not `createReadStream`: it allocates a fresh buffer per read. At 1 GiB/s that is 1 000 new 1 MiB
 * ArrayBuffers a second, each first touched (page faults, zeroing in the kernel) and later freed by V8's
 * external-memory GC: the profile of the bench's 1 GiB file send spent more time there (GC, `read` and system time)
 * than in the socket writes (bench/RESULTS.md, issue 12 B3). Reused buffers stay mapped and cost nothing after the
 * first pass.
 *
 * Each read fills its whole buffer (several reads if the OS returns less) unless the file ends, so a chunk is
 * `bufferBytes` long except the last: the consumer can cut fixed-size pieces (datagrams) without carrying a remainder
 * over into the next buffer.
 */
export class FileReadAhead {
  private readonly free: Buffer[] = [];
  private position = 0;
  private isAtEnd = false;
  private isStopped = false;
  /** The read in progress or done but not yet taken by `next()`. */
  private ahead: Promise<FileChunk | undefined> | undefined;
  /** The latest read started, taken or not: `stop()` waits for it before the file may be closed. */
  private latestRead: Promise<unknown> = Promise.resolve();
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly handle: FileHandle,
    bufferBytes: number,
    bufferCount: number,
  ) {
    for (let i = 0; i < bufferCount; i++) this.free.push(Buffer.allocUnsafe(bufferBytes));
  }

  /**
   * The next chunk, or undefined at the end of the file or once stopped. Waits for a free buffer when the consumer
   * holds them all. Rejects with the read's error (the consumer reports it).
   */
  async next(): Promise<FileChunk | undefined> {
    while (!this.ahead && !this.isStopped && !this.isAtEnd) {
      this.startRead();
      if (!this.ahead) await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
    const ahead = this.ahead;
    this.ahead = undefined;
    const chunk = await ahead;
    this.startRead();
    return chunk;
  }

  /**
   * No more chunks: a `next()` waiting for a buffer answers undefined. Resolves once no read is in progress, so
   * the caller may close the file then (a read already done is dropped, its error too: the send is over anyway).
   */
  async stop(): Promise<void> {
    this.isStopped = true;
    this.wake();
    this.ahead = undefined;
    await this.latestRead;
  }

  /** Starts reading into a free buffer if there is one and no read is already ahead. */
  private startRead(): void {
    if (this.ahead || this.isStopped || this.isAtEnd) return;
    const buffer = this.free.pop();
    if (!buffer) return;
    this.ahead = this.fill(buffer);
    // Also keeps a read that fails while nobody waits yet from being an unhandled rejection: `next()` rethrows it.
    this.latestRead = this.ahead.catch(() => undefined);
  }

  private async fill(buffer: Buffer): Promise<FileChunk | undefined> {
    let filled = 0;
    try {
      while (filled < buffer.length) {
        const { bytesRead } = await this.handle.read(buffer, filled, buffer.length - filled, this.position + filled);
        if (bytesRead === 0) {
          this.isAtEnd = true;
          break;
        }
        filled += bytesRead;
      }
    } catch (error) {
      this.giveBack(buffer);
      throw error;
    }
    this.position += filled;
    if (filled === 0) {
      this.giveBack(buffer);
      return undefined;
    }
    let isReleased = false;
    return {
      bytes: buffer.subarray(0, filled),
      release: () => {
        if (isReleased) return;
        isReleased = true;
        this.giveBack(buffer);
      },
    };
  }

  private giveBack(buffer: Buffer): void {
    this.free.push(buffer);
    this.wake();
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}
