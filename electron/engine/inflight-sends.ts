import type { AppError, Result } from '@shared';
import { errorFromNode } from './errors-from-node';
import { closedDuringSend } from './send-end';

type Abort = (error: AppError) => void;

/**
 * Sends that a socket accepted but has not finished. When the session closes they all resolve with
 * CLOSED_DURING_SEND (saying why: reset, closed; send-end.ts), so no caller waits forever on a write callback that a
 * destroyed socket may never call.
 */
export class InflightSends {
  private readonly aborts = new Set<Abort>();

  get size(): number {
    return this.aborts.size;
  }

  track<T>(start: (settle: (result: Result<T>) => void) => void): Promise<Result<T>> {
    return new Promise<Result<T>>((resolve) => {
      let isSettled = false;
      const settle = (result: Result<T>): void => {
        if (isSettled) return;
        isSettled = true;
        this.aborts.delete(abort);
        resolve(result);
      };
      const abort: Abort = (error) => settle({ ok: false, error });
      this.aborts.add(abort);
      try {
        start(settle);
      } catch (error) {
        settle({ ok: false, error: errorFromNode(error) });
      }
    });
  }

  /** Settles every send still in flight with `error` (default: the connection closed, no reason known). */
  abortAll(error: AppError = closedDuringSend(undefined)): void {
    for (const abort of [...this.aborts]) abort(error);
  }
}
