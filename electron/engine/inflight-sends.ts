import { fail, type Result } from '@shared';
import { errorFromNode } from './errors-from-node';

type Abort = () => void;

/**
 * Sends that a socket accepted but has not finished. When the session closes they all resolve with
 * CLOSED_DURING_SEND, so no caller waits forever on a write callback that a destroyed socket may never call.
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
      const abort: Abort = () => settle(fail('CLOSED_DURING_SEND', 'The connection closed before the data was sent'));
      this.aborts.add(abort);
      try {
        start(settle);
      } catch (error) {
        settle({ ok: false, error: errorFromNode(error) });
      }
    });
  }

  abortAll(): void {
    for (const abort of [...this.aborts]) abort();
  }
}
