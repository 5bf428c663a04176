import type { AppError } from './errors';
import { SESSION_TASK_LIMITS } from './constants';

export { SESSION_TASK_LIMITS };

/*
 * Long-running work a session does for the user, inside the engine so a busy UI never delays it (DESIGN §3):
 * cyclic send (循环发送), receive-to-file capture (接收保存到文件) and file send (打开文件数据源).
 * At most one of each per session; starting one again replaces (repeat, capture) or is refused (file send).
 */


/**
 * Whether `path` is an absolute host path as the contract takes it: POSIX "/…", Windows "C:\…" or "C:/…", or UNC
 * "\\server\share". The engine's working directory means nothing to the user, so relative paths are refused.
 * Shared so the page can say so before it asks (renderer/src/validation/inputs.ts) and the host checks the same.
 */
export function isAbsoluteHostPath(path: string): boolean {
  return path.length > 0 && path.length <= SESSION_TASK_LIMITS.maxPathChars && !path.includes('\0') && /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(path);
}

/** Why a cyclic send stopped: the user, its count was reached, the session closed, or a send failed. */
export type RepeatStopReason = 'user' | 'count' | 'closed' | 'error';

/** Emitted on start, on stop and (throttled, at most a few per second) while it runs. */
export interface RepeatStateEvent {
  readonly sessionId: string;
  readonly running: boolean;
  /** Sends completed since this cyclic send started. */
  readonly sent: number;
  /**
   * Due sends left out because the timer fell further behind than the catch-up allows (ms periods on a busy
   * machine): the delivered rate stays at most 1/period, and this says how many the schedule lost.
   */
  readonly skipped: number;
  /** Present when running is false. */
  readonly reason?: RepeatStopReason;
  readonly error?: AppError;
}

export interface CaptureStateEvent {
  readonly sessionId: string;
  readonly active: boolean;
  /** Absolute path on the host machine. */
  readonly path: string;
  /** Bytes written to the file so far (raw received bytes, concatenated). */
  readonly bytes: number;
  /**
   * Received bytes not yet written. A TCP session stops reading while this is high (the peer slows down);
   * UDP cannot, so it keeps buffering (nothing is dropped) and this number shows the file falling behind.
   */
  readonly pendingBytes: number;
  /** The capture stopped because of this (disk full, file removed, …); the session carries on. */
  readonly error?: AppError;
}

/** Progress of session.sendFile: throttled while it runs, then one final event with done: true. */
export interface SendProgressEvent {
  readonly sessionId: string;
  readonly path: string;
  readonly bytesSent: number;
  readonly totalBytes: number;
  readonly done: boolean;
  /** Final event only: the user cancelled (session.sendFile.cancel). */
  readonly cancelled?: boolean;
  readonly error?: AppError;
}
