import { createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { ok, type AppError, type Result } from '@shared';
import { fileError } from './file-errors';
import { Throttle } from './throttle';

/** Bytes the write stream gathers before it reports "full": large, so a fast link becomes few large writev(2)s. */
const WRITE_HIGH_WATER_BYTES = 4 * 1024 * 1024;
/**
 * Received bytes waiting for the disk beyond which a TCP session stops reading (the peer's TCP window closes, so
 * nothing is lost); reading resumes once the file caught up. UDP cannot be paused: it keeps buffering.
 */
export const CAPTURE_BACKLOG_CAP_BYTES = 64 * 1024 * 1024;
/** capture.state progress while bytes arrive: at most this often (ms), i.e. ≤ 4 events/s. */
const PROGRESS_INTERVAL_MS = 250;

export interface CaptureProgress {
  readonly active: boolean;
  readonly path: string;
  readonly bytes: number;
  readonly pendingBytes: number;
  readonly error?: AppError;
}

export interface CaptureHooks {
  readonly onState: (state: CaptureProgress) => void;
  /** Stop (true) or resume (false) reading from the network while the file is behind. */
  readonly setReceivePaused: (paused: boolean) => void;
  /** Tests only: a smaller backlog cap (bytes) than CAPTURE_BACKLOG_CAP_BYTES. */
  readonly backlogCapBytes?: number;
}

/**
 * 接收保存到文件: received bytes, raw and concatenated, appended to one file. Exact: every byte handed to `write`
 * reaches the file unless the file itself fails (then the capture ends with an error and the session carries on).
 */
export class CaptureFile {
  private isEnded = false;
  private isReceivePaused = false;
  private failure: AppError | undefined;
  private closing: Promise<{ path: string; bytes: number }> | undefined;
  private readonly progress = new Throttle(PROGRESS_INTERVAL_MS, () => this.report(true));

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
    private readonly hooks: CaptureHooks,
  ) {
    stream.on('drain', () => this.setPaused(false));
    stream.on('error', (error) => {
      this.failure = fileError(error, path);
      this.isEnded = true;
      this.progress.cancel();
      this.setPaused(false);
      this.report(false);
    });
  }

  /** Opens (creates or truncates; with `append`, appends to) the file; the error names the path. */
  static async open(path: string, append: boolean, hooks: CaptureHooks): Promise<Result<CaptureFile>> {
    try {
      const handle = await open(path, append ? 'a' : 'w');
      const stream = createWriteStream(path, { fd: handle, highWaterMark: WRITE_HIGH_WATER_BYTES });
      const capture = new CaptureFile(path, stream, hooks);
      capture.report(true);
      return ok(capture);
    } catch (error) {
      return { ok: false, error: fileError(error, path) };
    }
  }

  /** Whether the capture still takes bytes (not stopped, no file error). */
  get isActive(): boolean {
    return !this.isEnded;
  }

  write(chunk: Uint8Array): void {
    if (this.isEnded) return;
    // Progress is asked for again when the bytes reach the file, or the last report of a burst would show
    // them forever as pending.
    this.stream.write(chunk, this.onWritten);
    if (this.stream.writableLength > (this.hooks.backlogCapBytes ?? CAPTURE_BACKLOG_CAP_BYTES)) this.setPaused(true);
    this.progress.request();
  }

  private readonly onWritten = (): void => {
    if (!this.isEnded) this.progress.request();
  };

  /** Flushes and closes the file; resolves with its path and the bytes written by this capture. Idempotent. */
  close(): Promise<{ path: string; bytes: number }> {
    this.closing ??= new Promise<void>((resolve) => {
      const wasEnded = this.isEnded;
      this.isEnded = true;
      this.progress.cancel();
      if (this.stream.closed) return resolve();
      this.stream.once('close', () => resolve());
      if (!wasEnded) this.stream.end();
    }).then(() => {
      this.setPaused(false);
      // After a file error the error event already said "inactive"; do not repeat it without the error.
      if (!this.failure) this.report(false);
      return { path: this.path, bytes: this.stream.bytesWritten };
    });
    return this.closing;
  }

  private setPaused(paused: boolean): void {
    if (this.isReceivePaused === paused) return;
    this.isReceivePaused = paused;
    this.hooks.setReceivePaused(paused);
  }

  private report(active: boolean): void {
    this.hooks.onState({
      active,
      path: this.path,
      bytes: this.stream.bytesWritten,
      pendingBytes: active ? this.stream.writableLength : 0,
      ...(this.failure ? { error: this.failure } : {}),
    });
  }
}
