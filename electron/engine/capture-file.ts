import type { Writable } from 'node:stream';
import { ok, type AppError, type Result } from '@shared';
import { openCaptureTarget, type CaptureTarget } from './capture-target';
import { fileError } from './file-errors';
import { Throttle } from './throttle';

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
 * 接收保存到文件: received bytes, raw and concatenated, appended to one file (or written into a FIFO another program
 * reads: capture-target.ts). Exact: every byte handed to `write` reaches the file unless the file itself fails
 * (then the capture ends with an error saying how many bytes it holds, and the session carries on).
 */
export class CaptureFile {
  private isEnded = false;
  /** Bytes of the writes that completed: what reached the target, where it does not count them itself. */
  private completedBytes = 0;
  private readonly stream: Writable;
  private isReceivePaused = false;
  private failure: AppError | undefined;
  private closing: Promise<{ path: string; bytes: number }> | undefined;
  private readonly progress = new Throttle(PROGRESS_INTERVAL_MS, () => this.report(true));

  private constructor(
    readonly path: string,
    private readonly target: CaptureTarget,
    private readonly hooks: CaptureHooks,
  ) {
    const stream = (this.stream = target.stream);
    stream.on('drain', () => this.setPaused(false));
    stream.on('error', (error) => {
      this.failure = fileError(error, path);
      this.isEnded = true;
      this.progress.cancel();
      this.setPaused(false);
      this.report(false);
    });
  }

  /** Opens (creates or truncates; with `append`, appends to) the file, never waiting on it; the error names the path. */
  static async open(path: string, append: boolean, hooks: CaptureHooks): Promise<Result<CaptureFile>> {
    const target = await openCaptureTarget(path, append);
    if (!target.ok) return target;
    const capture = new CaptureFile(path, target.value, hooks);
    capture.report(true);
    return ok(capture);
  }

  /** Bytes in the file (or passed to the pipe's reader) from this capture. */
  private get bytesWritten(): number {
    return this.target.bytesWritten?.() ?? this.completedBytes;
  }

  /** Whether the capture still takes bytes (not stopped, no file error). */
  get isActive(): boolean {
    return !this.isEnded;
  }

  write(chunk: Uint8Array): void {
    if (this.isEnded) return;
    const size = chunk.length;
    this.stream.write(chunk, (error) => {
      if (error) return; // the stream's error event ends the capture
      this.completedBytes += size;
      // Progress is asked for again when the bytes reach the file, or the last report of a burst would show
      // them forever as pending.
      if (!this.isEnded) this.progress.request();
    });
    if (this.stream.writableLength > (this.hooks.backlogCapBytes ?? CAPTURE_BACKLOG_CAP_BYTES)) this.setPaused(true);
    this.progress.request();
  }

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
      return { path: this.path, bytes: this.bytesWritten };
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
      bytes: this.bytesWritten,
      pendingBytes: active ? this.stream.writableLength : 0,
      ...(this.failure ? { error: this.failure } : {}),
    });
  }
}
