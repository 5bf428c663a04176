import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { ok, type AppError, type Result } from '@shared';
import { errorFromNode } from './errors-from-node';
import { FileReadAhead, type FileChunk } from './file-read-ahead';
import { fileError, notRegularFileError } from './file-errors';
import { Throttle } from './throttle';

/**
 * O_NONBLOCK: open(2) of a FIFO for reading otherwise waits for a writer, forever, on a libuv worker thread (and a
 * process with such a thread cannot exit); a device may wait too (a serial line for its carrier). With it the open
 * answers at once and the fstat that follows refuses what is not a regular file. A regular file reads as before.
 * Windows has no such flag: 0 there.
 */
const OPEN_FOR_READING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Bytes read from the file at a time: few large reads and, for TCP, few large writes. Also why no tx frame keeps a
 * view into a reused read buffer: frames copy pieces over MAX_DISPLAY_BYTES_PER_FRAME (64 KiB, the batcher) and
 * pieces under half their buffer (frameBytes); a piece of a buffer this large is always one or the other.
 */
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * TCP: file bytes handed to the socket and not yet written to the OS (the file's share of the socket's
 * `writableLength`), at most. Two chunks keep the socket busy while the next one is read (measured on loopback, issue
 * 12 B3: 1 MiB × 4 was no faster, 2 MiB × 2 saved ~15 % CPU but doubles what a close cuts short). Kept small because
 * a cancel cannot take back what the socket holds: the answer waits for those bytes, i.e. for up to this much to
 * cross the link (2 MiB: 0.2 s at 10 MB/s). Also stays under the session's QUEUE_FULL cap
 * (EngineOptions.maxQueuedWriteBytes) so a file send does not refuse itself.
 */
const STREAM_WINDOW_BYTES = 2 * READ_CHUNK_BYTES;
/** Read buffers per file send: the window's worth held by the socket, one read and waiting for room, one being read. */
const READ_BUFFERS = STREAM_WINDOW_BYTES / READ_CHUNK_BYTES + 2;
/**
 * UDP: datagrams sent before the sender yields to the event loop. Send callbacks complete without I/O in between,
 * so without the yield a large file would starve everything else (incoming traffic, UI commands, a receiver in
 * the same process) until the last datagram.
 */
const DATAGRAMS_PER_TURN = 32;
/**
 * After a cancel, how long the answer waits for the bytes the socket already holds to leave (ms). A peer that
 * reads keeps up within it; one that reads nothing would otherwise hold the answer (and the cancel button) forever.
 */
const CANCEL_SETTLE_MS = 1_000;
/** send.progress while running: at most this often (ms), i.e. ≤ 10 events/s, plus one final event. */
const PROGRESS_INTERVAL_MS = 100;

export interface FileSendProgress {
  readonly bytesSent: number;
  readonly totalBytes: number;
  readonly done: boolean;
  readonly cancelled?: boolean;
  readonly error?: AppError;
}

export interface FileSendOptions {
  readonly path: string;
  /** TCP: one byte stream (chunks are cut where reads end); UDP: one datagram per `chunkSize` bytes. */
  readonly framing: { readonly kind: 'stream' } | { readonly kind: 'datagrams'; readonly chunkSize: number };
  /**
   * One send through the session's normal send path (logged as a tx frame, counted). `bytes` is a view into a read
   * buffer that is reused once the returned promise settles: nothing may keep it past that (the tx frame does not,
   * READ_CHUNK_BYTES).
   */
  readonly send: (bytes: Uint8Array) => Promise<Result<unknown>>;
  readonly onProgress: (progress: FileSendProgress) => void;
}

/**
 * 打开文件数据源: reads a file and sends it through the session, keeping a bounded number of bytes in flight
 * (backpressure: the next read waits for the socket), reporting progress, cancellable at any point. The next chunk
 * is read while the previous ones are being written, into a few reused buffers (file-read-ahead.ts).
 *
 * `bytesSent` counts a piece once its send resolved (TCP: the OS took every byte; UDP: the kernel took the
 * datagram), exactly like the tx counter. A cancel stops handing out pieces at once, but pieces already handed to
 * the socket still leave, so the answer and the final progress wait for them (up to CANCEL_SETTLE_MS) and count
 * them: both then equal what the peer gets. If the peer reads nothing meanwhile, the answer comes anyway and
 * counts the bytes the socket still holds as sent: they leave when the peer reads again (the tx counter follows
 * then), or are lost with the connection.
 */
export class FileSender {
  private bytesSent = 0;
  private totalBytes = 0;
  private failure: AppError | undefined;
  private isCancelled = false;
  /** Pieces handed to the session whose send has not resolved yet, and their bytes. */
  private inFlightSends = 0;
  private inFlightBytes = 0;
  /** Who waits (for window room, for the last sends; a closing session), woken when a send resolves or it stops. */
  private readonly waiters = new Set<() => void>();
  private readonly progress = new Throttle(PROGRESS_INTERVAL_MS, () => this.report(false));
  /** Wakes a reader waiting for a free buffer once the send stops (set by `run`). */
  private stopReading: () => void = () => undefined;
  /** The answer went out: sends that resolve later change nothing (they were counted already). */
  private isAnswered = false;

  constructor(private readonly options: FileSendOptions) {}

  cancel(): void {
    this.isCancelled = true;
    this.notify();
  }

  /**
   * The session is closing: no more pieces go out, and the answer fails with `error` (unless the user cancelled
   * first). Resolves once the pieces already handed to the socket have left, or after CANCEL_SETTLE_MS (a peer that
   * reads nothing): the session closes the socket then, and pieces still in it fail and are not counted.
   */
  stop(error: AppError): Promise<void> {
    if (this.isAnswered) return Promise.resolve();
    this.failure ??= error;
    this.notify();
    return this.settleInFlight(CANCEL_SETTLE_MS);
  }

  async run(): Promise<Result<{ bytesSent: number; cancelled: boolean }>> {
    const opened = await this.openFile();
    if (!opened.ok) return opened;
    const handle = opened.value;
    this.report(false);
    const { framing } = this.options;
    // Datagrams: a whole number of them per buffer, so none straddles two reads.
    const bufferBytes = framing.kind === 'stream' ? READ_CHUNK_BYTES : framing.chunkSize * Math.max(1, Math.floor(READ_CHUNK_BYTES / framing.chunkSize));
    const reader = new FileReadAhead(handle, bufferBytes, READ_BUFFERS);
    this.stopReading = () => void reader.stop();
    try {
      for (;;) {
        const chunk = this.isStopping() ? undefined : await reader.next();
        if (!chunk) break;
        await this.sendChunk(chunk);
      }
    } catch (error) {
      this.failure ??= fileError(error, this.options.path);
    } finally {
      await reader.stop();
      await handle.close().catch(() => undefined);
    }
    // Also after a cancel or a failure: what the socket already holds still goes out (or fails) and must be counted.
    await this.settleInFlight(this.isCancelled ? CANCEL_SETTLE_MS : Infinity);
    // Still held after a cancel: the peer is not reading. Those bytes are the socket's now and leave when it does.
    this.bytesSent += this.inFlightBytes;
    this.isAnswered = true;
    this.progress.cancel();
    this.report(true);
    if (this.failure && !this.isCancelled) return { ok: false, error: this.failure };
    return ok({ bytesSent: this.bytesSent, cancelled: this.isCancelled });
  }

  /**
   * Hands `chunk` to the session: whole (a TCP stream) or cut into datagrams (UDP), and gives its buffer back to the
   * reader once every piece cut from it has settled, i.e. no socket holds its bytes any more.
   */
  private async sendChunk(chunk: FileChunk): Promise<void> {
    const { framing } = this.options;
    let unsettled = 1;
    const settleOne = (): void => {
      if (--unsettled === 0) chunk.release();
    };
    const { bytes } = chunk;
    if (framing.kind === 'stream') {
      unsettled++;
      if (!(await this.sendPiece(bytes, settleOne))) unsettled--;
    } else {
      for (let offset = 0, n = 1; offset < bytes.length && !this.isStopping(); offset += framing.chunkSize, n++) {
        unsettled++;
        if (!(await this.sendPiece(bytes.subarray(offset, offset + framing.chunkSize), settleOne))) unsettled--;
        if (n % DATAGRAMS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    settleOne();
  }

  private async openFile(): Promise<Result<FileHandle>> {
    const { path } = this.options;
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, OPEN_FOR_READING);
      const stat = await handle.stat();
      // A FIFO, a device (/dev/zero never ends), a socket: nothing with a size to send, and reads that may wait.
      if (!stat.isFile()) {
        await handle.close();
        return { ok: false, error: notRegularFileError(path) };
      }
      this.totalBytes = stat.size;
      return ok(handle);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      return { ok: false, error: fileError(error, path) };
    }
  }

  /**
   * Waits until the window has room for `piece`, then hands it to the session; gives up on cancel or failure.
   * Returns whether it went out; if so, `settled` runs once its send resolved, whatever the result.
   */
  private async sendPiece(piece: Buffer, settled: () => void): Promise<boolean> {
    while (!this.isStopping() && !this.hasRoomFor(piece.length)) await this.nextChange();
    if (this.isStopping()) return false;
    const size = piece.length;
    this.inFlightSends++;
    this.inFlightBytes += size;
    this.options.send(piece).then(
      (result) => this.onSent(size, result, settled),
      (error: unknown) => this.onSent(size, { ok: false, error: errorFromNode(error) }, settled),
    );
    return true;
  }

  /** A piece larger than the window still goes, alone. */
  private hasRoomFor(size: number): boolean {
    if (this.inFlightSends === 0) return true;
    if (this.options.framing.kind === 'datagrams') return this.inFlightSends < DATAGRAMS_PER_TURN;
    return this.inFlightBytes + size <= STREAM_WINDOW_BYTES;
  }

  private onSent(size: number, result: Result<unknown>, settled: () => void): void {
    settled();
    if (this.isAnswered) return;
    this.inFlightSends--;
    this.inFlightBytes -= size;
    if (result.ok) {
      this.bytesSent += size;
      this.progress.request();
    } else {
      this.failure ??= result.error;
    }
    this.notify();
  }

  /**
   * Ends once every send handed out has resolved, or after `limitMs`. Without a limit it is bounded by the
   * connection: a failure or a close resolves every send in flight (InflightSends).
   */
  private async settleInFlight(limitMs: number): Promise<void> {
    const deadline = performance.now() + limitMs;
    while (this.inFlightSends > 0) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      if (!Number.isFinite(left)) {
        await this.nextChange();
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.nextChange(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private notify(): void {
    if (this.isStopping()) this.stopReading();
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  private isStopping(): boolean {
    return this.isCancelled || this.failure !== undefined;
  }

  private report(done: boolean): void {
    this.options.onProgress({
      bytesSent: this.bytesSent,
      totalBytes: this.totalBytes,
      done,
      ...(done && this.isCancelled ? { cancelled: true } : {}),
      ...(done && this.failure && !this.isCancelled ? { error: this.failure } : {}),
    });
  }
}
