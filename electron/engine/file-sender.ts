import { open, type FileHandle } from 'node:fs/promises';
import { fail, ok, type AppError, type Result } from '@shared';
import { fileError } from './file-errors';
import { Throttle } from './throttle';

/** Bytes read from the file at a time: few large reads and, for TCP, few large writes. */
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * TCP: file bytes handed to the socket and not yet written, at most. Keeps the socket busy while the next chunk is
 * read, and stays under the session's QUEUE_FULL cap (EngineOptions.maxQueuedWriteBytes) so a file send does not
 * refuse itself.
 */
const STREAM_WINDOW_BYTES = 8 * 1024 * 1024;
/**
 * UDP: datagrams sent before the sender yields to the event loop. Send callbacks complete without I/O in between,
 * so without the yield a large file would starve everything else (incoming traffic, UI commands, a receiver in
 * the same process) until the last datagram.
 */
const DATAGRAMS_PER_TURN = 32;
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
  /** One send through the session's normal send path (logged as a tx frame, counted). */
  readonly send: (bytes: Uint8Array) => Promise<Result<unknown>>;
  readonly onProgress: (progress: FileSendProgress) => void;
}

/**
 * 打开文件数据源: reads a file and sends it through the session, keeping a bounded number of bytes in flight
 * (backpressure: the next read waits for the socket), reporting progress, cancellable at any point.
 */
export class FileSender {
  private bytesSent = 0;
  private totalBytes = 0;
  private failure: AppError | undefined;
  private isCancelled = false;
  private resolveCancelled!: () => void;
  private readonly cancelled = new Promise<'cancelled'>((resolve) => (this.resolveCancelled = () => resolve('cancelled')));
  private readonly inFlight: Array<{ readonly size: number; readonly done: Promise<void> }> = [];
  private inFlightBytes = 0;
  private readonly progress = new Throttle(PROGRESS_INTERVAL_MS, () => this.report(false));

  constructor(private readonly options: FileSendOptions) {}

  cancel(): void {
    this.isCancelled = true;
    this.resolveCancelled();
  }

  async run(): Promise<Result<{ bytesSent: number; cancelled: boolean }>> {
    const opened = await this.openFile();
    if (!opened.ok) return opened;
    this.report(false);
    const stream = opened.value.createReadStream({ highWaterMark: READ_CHUNK_BYTES });
    try {
      let carry: Buffer | undefined;
      for await (const read of stream as AsyncIterable<Buffer>) {
        if (this.isStopping()) break;
        if (this.options.framing.kind === 'stream') {
          await this.sendPiece(read);
          continue;
        }
        const { chunkSize } = this.options.framing;
        const data: Buffer = carry ? Buffer.concat([carry, read]) : read;
        let offset = 0;
        for (let n = 1; offset + chunkSize <= data.length && !this.isStopping(); n++) {
          await this.sendPiece(data.subarray(offset, offset + chunkSize));
          offset += chunkSize;
          if (n % DATAGRAMS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        carry = offset < data.length ? data.subarray(offset) : undefined;
      }
      if (carry && !this.isStopping()) await this.sendPiece(carry);
      await this.settleInFlight();
    } catch (error) {
      this.failure ??= fileError(error, this.options.path);
    } finally {
      stream.destroy();
    }
    this.progress.cancel();
    this.report(true);
    if (this.failure && !this.isCancelled) return { ok: false, error: this.failure };
    return ok({ bytesSent: this.bytesSent, cancelled: this.isCancelled });
  }

  private async openFile(): Promise<Result<FileHandle>> {
    const { path } = this.options;
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'r');
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return fail('INVALID_ARGUMENT', `${path} is not a regular file`, { path, field: 'path' });
      }
      this.totalBytes = stat.size;
      return ok(handle);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      return { ok: false, error: fileError(error, path) };
    }
  }

  /** Hands one piece to the session, then waits (or gives up on cancel) until the window has room again. */
  private async sendPiece(piece: Buffer): Promise<void> {
    const size = piece.length;
    const done = this.options.send(piece).then((result) => {
      this.inFlightBytes -= size;
      if (result.ok) {
        this.bytesSent += size;
        this.progress.request();
      } else {
        this.failure ??= result.error;
      }
    });
    this.inFlight.push({ size, done });
    this.inFlightBytes += size;
    const isDatagrams = this.options.framing.kind === 'datagrams';
    while (this.inFlight.length > 0 && (isDatagrams ? this.inFlight.length >= DATAGRAMS_PER_TURN : this.inFlightBytes > STREAM_WINDOW_BYTES)) {
      if ((await Promise.race([this.inFlight.shift()!.done, this.cancelled])) === 'cancelled') return;
    }
  }

  private async settleInFlight(): Promise<void> {
    if (this.isCancelled) return;
    await Promise.race([Promise.all(this.inFlight.map((entry) => entry.done)), this.cancelled]);
    this.inFlight.length = 0;
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
